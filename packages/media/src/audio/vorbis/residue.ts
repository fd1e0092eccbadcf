/**
 * Residue decoding (Vorbis spec section 8.6): classifications, then up to 8 passes of VQ vectors
 * added into each channel's spectrum. Every codeword must be read to reach the next one, but
 * vectors landing at or above `limit` (bins the caller discards) are not added.
 */
import type { BitReader } from './bit-reader.js';
import { decodeEntry, type Codebook } from './codebook.js';
import type { Residue } from './setup.js';

/** Scratch for the classifications of one packet. */
export class ResidueScratch {
  classifications: Int32Array = new Int32Array(0);
  interleaved: Float64Array = new Float64Array(0);
  /** [interleaved], reused. */
  readonly single: Float64Array[] = [new Float64Array(0)];
}

const NONE_SKIPPED: readonly boolean[] = [false];

/** Adds one VQ vector per step into `out` (format 0: interleaved by `step`; 1: consecutive). Returns false at packet end. */
function decodePartition(reader: BitReader, book: Codebook, type: number, out: Float64Array, offset: number, size: number, limit: number): boolean {
  const dimensions = book.dimensions;
  const vectors = book.vectors;
  if (vectors === null) return false;
  // Codewords read inline, on local copies of the reader's state (the hot loop of the decoder).
  const table = book.table;
  const primary = book.primaryBits;
  const mask = (1 << primary) - 1;
  const bytes = reader.bytes;
  const endBits = reader.lengthBits;
  let position = reader.position;
  const steps = size / dimensions; // vectors in the partition
  for (let i = 0; i < steps; i++) {
    let at = position >>> 3;
    let entry = table[((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (position & 7)) & mask];
    if (entry < 0) {
      const link = -entry;
      const extra = link & 31;
      const bit = position + primary;
      at = bit >>> 3;
      entry = table[(link >> 5) + ((((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7)) & ((1 << extra) - 1)) >>> 0)];
    }
    position += entry >>> 24;
    if (entry === 0 || position > endBits) {
      reader.position = endBits + 1;
      return false;
    }
    const base = (entry & 0xffffff) * dimensions;
    if (type === 0) {
      if (offset + i >= limit) continue;
      for (let k = 0; k < dimensions; k++) {
        const target = offset + i + k * steps;
        if (target < limit) out[target] += vectors[base + k];
      }
    } else {
      const start = offset + i * dimensions;
      if (start + dimensions <= limit) {
        for (let k = 0; k < dimensions; k++) out[start + k] += vectors[base + k];
      } else {
        for (let k = 0; k < dimensions && start + k < limit; k++) out[start + k] += vectors[base + k];
      }
    }
  }
  reader.position = position;
  return true;
}

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
  for (let pass = 0; pass <= lastPass; pass++) {
    let partition = 0;
    const stop = pass === lastPass ? Math.max(0, limitPartitions) : partitions;
    while (partition < stop) {
      if (pass === 0) {
        for (let ch = 0; ch < channels; ch++) {
          if (skip[ch]) continue;
          let value = decodeEntry(reader, classbook);
          if (value < 0) return;
          for (let i = perCodeword - 1; i >= 0; i--) {
            classifications[ch * stride + partition + i] = value % classes;
            value = Math.floor(value / classes);
          }
        }
      }
      for (let i = 0; i < perCodeword && partition < partitions; i++, partition++) {
        for (let ch = 0; ch < channels; ch++) {
          if (skip[ch]) continue;
          const book = bookOf[classifications[ch * stride + partition] * 8 + pass];
          if (book < 0) continue;
          if (!decodePartition(reader, books[book], format, outs[ch], begin + partition * partitionSize, partitionSize, limit)) return;
        }
      }
    }
  }
}
