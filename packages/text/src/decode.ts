/**
 * Bytes to text: a BOM decides UTF-8 / UTF-16LE / UTF-16BE (mostly-Latin UTF-16 is also
 * recognised without one, by its NUL bytes); otherwise strict UTF-8 is tried
 * first, then GB18030 and Big5 (strict), the better scored by how many common Chinese characters
 * it yields. A declared encoding (any WHATWG label: `gbk`, `big5`, `shift_jis`, …) skips the
 * guessing. Binary data and bytes valid in none of these end with a `DnaError`.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { COMMON_HANZI } from './common-hanzi.js';

/** The encodings {@link detectEncoding} can answer. */
export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

let commonSet: Set<number> | null = null;

function isCommon(codeUnit: number): boolean {
  if (!commonSet) {
    commonSet = new Set();
    for (let i = 0; i < COMMON_HANZI.length; i++) commonSet.add(COMMON_HANZI.charCodeAt(i));
  }
  return commonSet.has(codeUnit);
}

/** Score of a decoded sample: common characters count, private-use and rare ranges cost. */
function scoreChinese(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (isCommon(c)) score += 2;
    else if (c >= 0x4e00 && c <= 0x9fff) score += 0;
    else if (c >= 0x3000 && c <= 0x303f) score += 1; // CJK punctuation
    else if (c >= 0xff00 && c <= 0xffef) score += 1; // full-width forms
    else score -= 2; // private use, compatibility, four-byte GB18030 oddities
  }
  return score;
}

/** Strict decode; `stream` tolerates a sequence cut at the end of a sample. */
function strictDecode(label: string, bytes: Uint8Array, stream = false): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes, { stream });
  } catch {
    return null;
  }
}

/**
 * UTF-16 without a BOM, recognised when the text is mostly Latin: one byte of each pair is NUL.
 * Returns null when the NUL pattern does not say so (CJK UTF-16 without BOM is not guessed).
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 65536) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** True when the bytes look like binary data rather than text in any supported encoding. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  if (n === 0) return false;
  // UTF-16 text has many NULs; its BOM is checked before this test.
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f) controls++;
  }
  return controls > n * 0.02;
}

/**
 * Guess the encoding of `bytes` (a sample from the start is enough; pass the whole text when you
 * have it so that an invalid byte late in the text is seen).
 * @throws DnaError `InvalidMedia.UnsupportedFormat` for binary data, `InvalidMedia.Corrupt` when no encoding fits
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(bytes);
  if (utf16 !== null && strictDecode(utf16, bytes, true) !== null) return utf16;
  if (looksBinary(bytes)) {
    throw dnaError(DnaErrorCode.MediaUnsupported, '[mediadna] [text] The input is binary data, not text (NUL or control bytes found); submit plain text, HTML or Markdown');
  }
  if (strictDecode('utf-8', bytes, true) !== null) return 'utf-8';
  const gb = strictDecode('gb18030', bytes, true);
  const big5 = strictDecode('big5', bytes, true);
  if (gb === null && big5 === null) {
    throw dnaError(
      DnaErrorCode.MediaCorrupt,
      '[mediadna] [text] The text is not valid UTF-8, UTF-16 (with BOM), GB18030 or Big5; declare its encoding with the Config field "Encoding"',
    );
  }
  if (gb === null) return 'big5';
  if (big5 === null) return 'gb18030';
  return scoreChinese(big5) > scoreChinese(gb) ? 'big5' : 'gb18030';
}

/** Accepted values of a declared encoding: any label `TextDecoder` knows. */
export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decode bytes to a string, detecting the encoding unless `encoding` is given. A BOM is removed.
 * @throws DnaError `InvalidMedia.Empty`, `InvalidMedia.UnsupportedFormat`, `InvalidMedia.Corrupt`
 * @example decodeText(new Uint8Array([0xc4, 0xe3, 0xba, 0xc3])) // '你好' (GB18030)
 */
export function decodeText(bytes: Uint8Array, encoding?: string): { text: string; encoding: string } {
  if (bytes.length === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [text] The text is empty');
  const label = encoding ?? detectEncoding(bytes);
  const text = strictDecode(label, bytes);
  if (text === null) {
    throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [text] The bytes are not valid ${label}; check the declared Config field "Encoding"`);
  }
  return { text, encoding: label };
}

/**
 * Streaming decoder for large files: detection on the first bytes, then strict chunked decoding.
 * @example const d = new StreamingTextDecoder(head); for (const c of chunks) text += d.push(c, last)
 */
export class StreamingTextDecoder {
  /** The encoding in use. */
  readonly encoding: string;
  private readonly decoder: TextDecoder;

  /** @param head the first bytes of the input (64 KiB is plenty), used to detect the encoding */
  constructor(head: Uint8Array, encoding?: string) {
    this.encoding = encoding ?? detectEncoding(head);
    this.decoder = new TextDecoder(this.encoding, { fatal: true });
  }

  /** Decode the next chunk; `final` flushes. */
  push(bytes: Uint8Array, final: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream: !final });
    } catch {
      throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [text] The bytes are not valid ${this.encoding} further into the text; declare the encoding with the Config field "Encoding"`);
    }
  }
}
