/**
 * Binary layout of a stored {@link TextDocument} (little-endian):
 *
 * ```
 * "MDTX" | u16 format version | u16 flags (bit 0: text truncated, bit 1: has cues)
 * u8 algorithm-name length | algorithm name (ASCII)
 * u8 shingleSize | u8 windowSize | u8 sampleBits | u8 0 | u32 maxFingerprints
 * u32 charCount | u32 tokenCount | u32 shingleCount
 * u32 × 128 MinHash | u32 × 2 SimHash [low, high]
 * u32 n | u32 × n hashes | u32 × n positions | u32 × n starts | u32 × n ends
 * u32 r | u32 × r source runs
 * u32 c | u32 × c cue offsets | u32 × c cue lengths | f64 × c cue starts | f64 × c cue ends   (when bit 1)
 * u32 t | t bytes of UTF-8 text
 * ```
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { CueLayout, TextDocument } from './document.js';
import { MINHASH_BINS } from './minhash.js';

/** Algorithm name stored in every blob. */
export const TEXT_ALGORITHM = 'text/oph-minhash128+simhash64+winnow';
/** Blob format version; bump when stored fingerprints stop being comparable. */
export const TEXT_FORMAT_VERSION = 1;

const MAGIC = 0x5854444d; // "MDTX" little-endian
/** Typed arrays are copied byte-wise on little-endian hosts (all current ones); DataView otherwise. */
const LITTLE_ENDIAN = /*#__PURE__*/ new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

class Writer {
  private bytes: Uint8Array;
  private view: DataView;
  offset = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }
  private need(n: number): void {
    if (this.offset + n <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.offset + n) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.offset));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
  u8(v: number): void {
    this.need(1);
    this.view.setUint8(this.offset, v);
    this.offset += 1;
  }
  u16(v: number): void {
    this.need(2);
    this.view.setUint16(this.offset, v, true);
    this.offset += 2;
  }
  u32(v: number): void {
    this.need(4);
    this.view.setUint32(this.offset, v >>> 0, true);
    this.offset += 4;
  }
  u32s(a: Uint32Array): void {
    this.need(4 * a.length);
    if (LITTLE_ENDIAN) this.bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.offset);
    else for (let i = 0; i < a.length; i++) this.view.setUint32(this.offset + 4 * i, a[i], true);
    this.offset += 4 * a.length;
  }
  f64s(a: Float64Array): void {
    this.need(8 * a.length);
    if (LITTLE_ENDIAN) this.bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.offset);
    else for (let i = 0; i < a.length; i++) this.view.setFloat64(this.offset + 8 * i, a[i], true);
    this.offset += 8 * a.length;
  }
  raw(b: Uint8Array): void {
    this.need(b.length);
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }
  finish(): Uint8Array {
    return this.bytes.slice(0, this.offset);
  }
}

class Reader {
  private readonly view: DataView;
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(n: number): void {
    if (this.offset + n > this.bytes.length) throw corrupt('truncated');
  }
  u8(): number {
    this.check(1);
    return this.view.getUint8(this.offset++);
  }
  u16(): number {
    this.check(2);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.check(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  u32s(n: number): Uint32Array {
    this.check(4 * n);
    const out = new Uint32Array(n);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(this.bytes.subarray(this.offset, this.offset + 4 * n));
    else for (let i = 0; i < n; i++) out[i] = this.view.getUint32(this.offset + 4 * i, true);
    this.offset += 4 * n;
    return out;
  }
  f64s(n: number): Float64Array {
    this.check(8 * n);
    const out = new Float64Array(n);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(this.bytes.subarray(this.offset, this.offset + 8 * n));
    else for (let i = 0; i < n; i++) out[i] = this.view.getFloat64(this.offset + 8 * i, true);
    this.offset += 8 * n;
    return out;
  }
  raw(n: number): Uint8Array {
    this.check(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

function corrupt(why: string): Error {
  return dnaError(DnaErrorCode.InternalError, `[mediadna] [text] Stored text fingerprint is corrupt (${why})`);
}

const encoder = /*#__PURE__*/ new TextEncoder();
const decoder = /*#__PURE__*/ new TextDecoder();

/** Serialise a document to a blob (see the layout above). */
export function serializeTextDocument(doc: TextDocument): Uint8Array {
  const fp = doc.fingerprint;
  const n = fp.hashes.length;
  const text = encoder.encode(doc.text);
  const writer = new Writer(64 + 4 * MINHASH_BINS + 16 * n + 4 * doc.sourceRuns.length + text.length + (doc.cues ? 24 * doc.cues.cueOffsets.length : 0));
  writer.u32(MAGIC);
  writer.u16(TEXT_FORMAT_VERSION);
  writer.u16((doc.textTruncated ? 1 : 0) | (doc.cues ? 2 : 0));
  writer.u8(TEXT_ALGORITHM.length);
  writer.raw(encoder.encode(TEXT_ALGORITHM));
  writer.u8(fp.params.shingleSize);
  writer.u8(fp.params.windowSize);
  writer.u8(fp.sampleBits);
  writer.u8(0);
  writer.u32(fp.params.maxFingerprints);
  writer.u32(fp.charCount);
  writer.u32(fp.tokenCount);
  writer.u32(fp.shingleCount);
  writer.u32s(fp.minhash);
  writer.u32s(fp.simhash);
  writer.u32(n);
  writer.u32s(fp.hashes);
  writer.u32s(fp.positions);
  writer.u32s(fp.starts);
  writer.u32s(fp.ends);
  writer.u32(doc.sourceRuns.length);
  writer.u32s(doc.sourceRuns);
  if (doc.cues) {
    const c = doc.cues.cueOffsets.length;
    writer.u32(c);
    writer.u32s(doc.cues.cueOffsets);
    writer.u32s(doc.cues.cueLengths);
    writer.f64s(doc.cues.cueStarts);
    writer.f64s(doc.cues.cueEnds);
  }
  writer.u32(text.length);
  writer.raw(text);
  return writer.finish();
}

/**
 * Parse a blob made by {@link serializeTextDocument}.
 * @throws DnaError `Library.IncompatibleVersion` for another algorithm or version, `InternalError` when corrupt
 */
export function deserializeTextDocument(blob: Uint8Array): TextDocument {
  const reader = new Reader(blob);
  if (reader.u32() !== MAGIC) throw corrupt('bad magic');
  const version = reader.u16();
  const flags = reader.u16();
  const algorithm = decoder.decode(reader.raw(reader.u8()));
  if (algorithm !== TEXT_ALGORITHM || version !== TEXT_FORMAT_VERSION) {
    throw dnaError(
      DnaErrorCode.LibraryIncompatible,
      `[mediadna] [text] Stored fingerprint is ${algorithm} v${version}; this engine reads ${TEXT_ALGORITHM} v${TEXT_FORMAT_VERSION}. Re-ingest the library.`,
    );
  }
  const shingleSize = reader.u8();
  const windowSize = reader.u8();
  const sampleBits = reader.u8();
  reader.u8();
  const maxFingerprints = reader.u32();
  const charCount = reader.u32();
  const tokenCount = reader.u32();
  const shingleCount = reader.u32();
  const minhash = reader.u32s(MINHASH_BINS);
  const simhash = reader.u32s(2);
  const n = reader.u32();
  const hashes = reader.u32s(n);
  const positions = reader.u32s(n);
  const starts = reader.u32s(n);
  const ends = reader.u32s(n);
  const sourceRuns = reader.u32s(reader.u32());
  let cues: CueLayout | null = null;
  if (flags & 2) {
    const c = reader.u32();
    cues = { cueOffsets: reader.u32s(c), cueLengths: reader.u32s(c), cueStarts: reader.f64s(c), cueEnds: reader.f64s(c) };
  }
  const text = decoder.decode(reader.raw(reader.u32()));
  return {
    fingerprint: {
      params: { shingleSize, windowSize, maxFingerprints },
      sampleBits,
      charCount,
      tokenCount,
      shingleCount,
      minhash,
      simhash,
      hashes,
      positions,
      starts,
      ends,
    },
    text,
    textTruncated: (flags & 1) !== 0,
    sourceRuns,
    cues,
  };
}
