/**
 * Vorbis codebooks (spec section 3): codeword lengths read from the setup header, codewords
 * assigned in entry order (the smallest free codeword of each length), a two-level lookup table
 * for decoding, and the VQ vectors of lookup types 1 and 2 unpacked once.
 */
import { BitReader, ilog } from './bit-reader.js';

/** Bits looked up at once; longer codewords continue in a second-level table. */
const PRIMARY_BITS = 10;

/** A decoded codebook. */
export interface Codebook {
  readonly dimensions: number;
  readonly entries: number;
  /** Bits of the first lookup. */
  readonly primaryBits: number;
  /** Leaf: `(length << 24) | entry`; link (< 0): `-((offset << 5) | bits)`; 0: no codeword. */
  readonly table: Int32Array;
  /** The entries' vectors, `dimensions` floats each (VQ books only). */
  readonly vectors: Float32Array | null;
}

/** Thrown for a setup header this decoder cannot use (the caller falls back to libvorbis). */
export class VorbisSetupError extends Error {}

/** float32_unpack of the spec. */
function float32Unpack(x: number): number {
  const mantissa = x & 0x1fffff;
  const exponent = (x >>> 21) & 0x3ff;
  const value = mantissa * Math.pow(2, exponent - 788);
  return x >= 0x80000000 ? -value : value;
}

/** lookup1_values: the largest r with r^dimensions ≤ entries. */
function lookup1Values(entries: number, dimensions: number): number {
  let r = Math.floor(Math.pow(entries, 1 / dimensions));
  while (Math.pow(r + 1, dimensions) <= entries) r++;
  while (r > 0 && Math.pow(r, dimensions) > entries) r--;
  return r;
}

/** Codewords (most significant bit first) for `lengths` (0: unused), or throws if over-specified. */
function assignCodewords(lengths: Uint8Array): Uint32Array {
  const codes = new Uint32Array(lengths.length);
  const marker = new Uint32Array(33);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i];
    if (length === 0) continue;
    let entry = marker[length];
    if (length < 32 && entry >>> length !== 0) throw new VorbisSetupError('over-specified Huffman tree');
    codes[i] = entry;
    // Advance the marker of this length and of shorter ones that pointed at the node just taken.
    for (let j = length; j > 0; j--) {
      if (marker[j] & 1) {
        marker[j] = j === 1 ? marker[1] + 1 : marker[j - 1] << 1;
        break;
      }
      marker[j]++;
    }
    // Longer markers dangling from the taken node move to the new one.
    for (let j = length + 1; j < 33; j++) {
      if (marker[j] >>> 1 === entry) {
        entry = marker[j];
        marker[j] = (marker[j - 1] << 1) >>> 0;
      } else {
        break;
      }
    }
  }
  return codes;
}

/** Reverse the low `length` bits of `code` (the stream delivers the codeword's first bit first, at bit 0). */
function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) out = (out << 1) | ((code >>> i) & 1);
  return out >>> 0;
}

function buildTable(lengths: Uint8Array, codes: Uint32Array): Int32Array {
  let maxLength = 0;
  for (const length of lengths) maxLength = Math.max(maxLength, length);
  const primary = Math.min(PRIMARY_BITS, Math.max(1, maxLength));
  const extraOf = new Map<number, number>();
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i];
    if (length <= primary) continue;
    const prefix = reverseBits(codes[i], length) & ((1 << primary) - 1);
    extraOf.set(prefix, Math.max(extraOf.get(prefix) ?? 0, length - primary));
  }
  let size = 1 << primary;
  const offsetOf = new Map<number, number>();
  for (const [prefix, extra] of extraOf) {
    offsetOf.set(prefix, size);
    size += 1 << extra;
  }
  const table = new Int32Array(size);
  for (const [prefix, extra] of extraOf) table[prefix] = -((offsetOf.get(prefix)! << 5) | extra);
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i];
    if (length === 0) continue;
    const reversed = reverseBits(codes[i], length);
    const leaf = (length << 24) | i;
    if (length <= primary) {
      for (let index = reversed; index < 1 << primary; index += 1 << length) table[index] = leaf;
    } else {
      const prefix = reversed & ((1 << primary) - 1);
      const extra = extraOf.get(prefix)!;
      const rest = reversed >>> primary;
      const base = offsetOf.get(prefix)!;
      for (let index = rest; index < 1 << extra; index += 1 << (length - primary)) table[base + index] = leaf;
    }
  }
  return table;
}

/** Reads one codebook from the setup header. */
export function readCodebook(reader: BitReader): Codebook {
  if (reader.read(24) !== 0x564342) throw new VorbisSetupError('codebook sync pattern missing');
  const dimensions = reader.read(16);
  const entries = reader.read(24);
  const lengths = new Uint8Array(entries);
  if (reader.read(1)) {
    // Ordered: runs of entries per length.
    let entry = 0;
    let length = reader.read(5) + 1;
    while (entry < entries) {
      const count = reader.read(ilog(entries - entry));
      if (entry + count > entries || length > 32) throw new VorbisSetupError('bad ordered codebook');
      lengths.fill(length, entry, entry + count);
      entry += count;
      length++;
    }
  } else {
    const sparse = reader.read(1);
    for (let i = 0; i < entries; i++) lengths[i] = !sparse || reader.read(1) ? reader.read(5) + 1 : 0;
  }
  let used = 0;
  let single = -1;
  let maxLength = 0;
  for (let i = 0; i < entries; i++) {
    if (lengths[i] === 0) continue;
    used++;
    single = i;
    maxLength = Math.max(maxLength, lengths[i]);
  }
  let table: Int32Array;
  let primaryBits: number;
  if (used === 1) {
    // One codeword: the spec lets it be a single bit, either value.
    table = new Int32Array(2).fill((1 << 24) | single);
    primaryBits = 1;
  } else {
    table = buildTable(lengths, assignCodewords(lengths));
    primaryBits = Math.min(PRIMARY_BITS, Math.max(1, maxLength));
  }
  const lookupType = reader.read(4);
  let vectors: Float32Array | null = null;
  if (lookupType === 1 || lookupType === 2) {
    const minimum = float32Unpack(reader.read(32));
    const delta = float32Unpack(reader.read(32));
    const valueBits = reader.read(4) + 1;
    const sequence = reader.read(1);
    const count = lookupType === 1 ? lookup1Values(entries, dimensions) : entries * dimensions;
    const multiplicands = new Uint32Array(count);
    for (let i = 0; i < count; i++) multiplicands[i] = reader.read(valueBits);
    vectors = new Float32Array(entries * dimensions);
    for (let entry = 0; entry < entries; entry++) {
      let last = 0;
      let divisor = 1;
      for (let d = 0; d < dimensions; d++) {
        const offset = lookupType === 1 ? Math.floor(entry / divisor) % count : entry * dimensions + d;
        const value = multiplicands[offset] * delta + minimum + last;
        vectors[entry * dimensions + d] = value;
        if (sequence) last = value;
        divisor *= count;
      }
    }
  } else if (lookupType !== 0) {
    throw new VorbisSetupError(`codebook lookup type ${lookupType}`);
  }
  return { dimensions, entries, primaryBits, table, vectors };
}

/**
 * The table leaf for the codeword at bit `position` of `bytes` (padded): `(length << 24) | entry`,
 * or 0 for bits no codeword starts with. Small, so the hot loops get it inlined.
 */
export function lookupLeaf(book: Codebook, bytes: Uint8Array, position: number): number {
  const table = book.table;
  const primary = book.primaryBits;
  let at = position >>> 3;
  const entry = table[((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (position & 7)) & ((1 << primary) - 1)];
  if (entry >= 0) return entry;
  const link = -entry;
  const bit = position + primary;
  at = bit >>> 3;
  const bits = (((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> (bit & 7)) & ((1 << (link & 31)) - 1)) >>> 0;
  return table[(link >> 5) + bits];
}

/** Decode one entry number with `book` (-1 at the end of the packet or on an unused codeword). */
export function decodeEntry(reader: BitReader, book: Codebook): number {
  const leaf = lookupLeaf(book, reader.bytes, reader.position);
  if (leaf === 0) return -1;
  reader.skip(leaf >>> 24);
  return reader.overrun ? -1 : leaf & 0xffffff;
}
