/**
 * Residue decoding (Vorbis spec section 8.6): classifications, then up to 8 passes of VQ vectors
 * added into each channel's spectrum. Every codeword must be read to reach the next one, but
 * vectors landing at or above `limit` (bins the caller discards) are not added.
 */
import type { BitReader } from './bit-reader.js';
import { lookupLeaf, type Codebook } from './codebook.js';
import type { Residue } from './setup.js';

/** Scratch for the classifications of one packet. */
export class ResidueScratch {
  classifications: Int32Array = new Int32Array(0);
  interleaved: Float64Array = new Float64Array(0);
  /** [interleaved], reused. */
  readonly single: Float64Array[] = [new Float64Array(0)];
}

const NONE_SKIPPED: readonly boolean[] = [false];

/**
 * Decodes a residue for `channels` spectra of `half` bins each (`skip[ch]`: channel not coded).
 * Bins at or above `limit` are not accumulated.
 */
export function decodeResidue(
  reader: BitReader,
  residue: Residue,
  books: readonly Codebook[],
  spectra: Float64Array[],
  skip: readonly boolean[],
  half: number,
  limit: number,
  scratch: ResidueScratch,
): void {
  const channels = spectra.length;
  if (residue.type === 2) {
    let anyCoded = false;
    for (let ch = 0; ch < channels; ch++) if (!skip[ch]) anyCoded = true;
    if (!anyCoded) return;
    const size = half * channels;
    if (scratch.interleaved.length < size) scratch.interleaved = new Float64Array(size);
    const interleaved = scratch.interleaved;
    scratch.single[0] = interleaved;
    interleaved.fill(0, 0, Math.min(size, limit * channels));
    decodeVectors(reader, residue, books, scratch.single, NONE_SKIPPED, size, limit * channels, 1, scratch);
    if (channels === 2) {
      const left = spectra[0];
      const right = spectra[1];
      for (let i = 0; i < limit; i++) {
        left[i] += interleaved[2 * i];
        right[i] += interleaved[2 * i + 1];
      }
      return;
    }
    for (let ch = 0; ch < channels; ch++) {
      const out = spectra[ch];
      for (let i = 0; i < limit; i++) out[i] += interleaved[i * channels + ch];
    }
    return;
  }
  decodeVectors(reader, residue, books, spectra, skip, half, limit, residue.type, scratch);
}

function decodeVectors(
  reader: BitReader,
  residue: Residue,
  books: readonly Codebook[],
  outs: Float64Array[],
  skip: readonly boolean[],
  size: number,
  limit: number,
  format: number,
  scratch: ResidueScratch,
): void {
  const begin = Math.min(residue.begin, size);
  const end = Math.min(residue.end, size);
  const partitionSize = residue.partitionSize;
  const partitions = Math.floor((end - begin) / partitionSize);
  if (partitions <= 0) return;
  const classbook = books[residue.classbook];
  const perCodeword = classbook.dimensions;
  const classes = residue.classifications;
  const channels = outs.length;
  const stride = partitions + perCodeword;
  if (scratch.classifications.length < channels * stride) scratch.classifications = new Int32Array(channels * stride);
  const classifications = scratch.classifications;
  // The residue ends the packet: the last pass stops at the limit (nothing after it is needed).
  const lastPass = residue.lastPass;
  const bookOf = residue.bookOf;
  const limitPartitions = Math.min(partitions, Math.ceil((limit - begin) / partitionSize));
  // Codewords are read on local copies of the reader's state: this is the decoder's hot loop.
  const bytes = reader.bytes;
  const endBits = reader.lengthBits;
  let position = reader.position;
  for (let pass = 0; pass <= lastPass; pass++) {
    let partition = 0;
    const stop = pass === lastPass ? Math.max(0, limitPartitions) : partitions;
    while (partition < stop) {
      if (pass === 0) {
        for (let ch = 0; ch < channels; ch++) {
          if (skip[ch]) continue;
          const leaf = lookupLeaf(classbook, bytes, position);
          position += leaf >>> 24;
          if (leaf === 0 || position > endBits) return ended(reader);
          let value = leaf & 0xffffff;
          for (let i = perCodeword - 1; i >= 0; i--) {
            classifications[ch * stride + partition + i] = value % classes;
            value = Math.floor(value / classes);
          }
        }
      }
      for (let i = 0; i < perCodeword && partition < partitions; i++, partition++) {
        const offset = begin + partition * partitionSize;
        for (let ch = 0; ch < channels; ch++) {
          if (skip[ch]) continue;
          const bookIndex = bookOf[classifications[ch * stride + partition] * 8 + pass];
          if (bookIndex < 0) continue;
          const book = books[bookIndex];
          const vectors = book.vectors;
          if (vectors === null) return ended(reader);
          const dimensions = book.dimensions;
          const steps = partitionSize / dimensions;
          if (offset >= limit) {
            // Above the kept band: read past the codewords only.
            for (let v = 0; v < steps; v++) {
              const leaf = lookupLeaf(book, bytes, position);
              position += leaf >>> 24;
              if (leaf === 0 || position > endBits) return ended(reader);
            }
            continue;
          }
          const out = outs[ch];
          for (let v = 0; v < steps; v++) {
            const leaf = lookupLeaf(book, bytes, position);
            position += leaf >>> 24;
            if (leaf === 0 || position > endBits) return ended(reader);
            const base = (leaf & 0xffffff) * dimensions;
            if (format === 0) {
              // Format 0: the vector's values are `steps` apart.
              for (let k = 0; k < dimensions; k++) {
                const target = offset + v + k * steps;
                if (target < limit) out[target] += vectors[base + k];
              }
            } else {
              const start = offset + v * dimensions;
              if (start + dimensions <= limit) {
                for (let k = 0; k < dimensions; k++) out[start + k] += vectors[base + k];
              } else {
                for (let k = 0; k < dimensions && start + k < limit; k++) out[start + k] += vectors[base + k];
              }
            }
          }
        }
      }
    }
  }
  reader.position = position;
}

/** The packet ended inside the residue: what was read stands, the rest is zero (spec 8.6.2). */
function ended(reader: BitReader): void {
  reader.position = reader.lengthBits + 1;
}
