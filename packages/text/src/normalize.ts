/**
 * Normalisation: NFKC, case folding, full-width/half-width unification (NFKC does it), Latin,
 * Greek and Cyrillic diacritics folded (U+0300–U+036F removed after NFKD), frequent Traditional
 * Chinese characters folded to Simplified ({@link foldTraditional}), punctuation, symbols
 * and whitespace collapsed to one U+0020 between words. Every output code unit remembers the
 * original UTF-16 range it came from, so matches map back to the un-normalised text.
 *
 * Per-character mappings are computed with `String.prototype.normalize` once per 256-character
 * block of the BMP (lazily) and then read from typed tables; astral characters use a small cache.
 */

import { foldTraditional } from './han-fold.js';

/** Class of a BMP code unit in the lookup table. */
const enum UnitClass {
  Unknown = 0,
  Separator = 1,
  Single = 2, // maps to exactly one kept code unit (in singleMap)
  Multi = 3, // maps to a string (in multiMap), already normalised, separators as ' '
  Drop = 4, // ignored entirely (combining diacritics, format characters)
  HighSurrogate = 5,
  LowSurrogate = 6,
}

const classTable = /*#__PURE__*/ new Uint8Array(65536);
const singleMap = /*#__PURE__*/ new Uint16Array(65536);
const blockReady = /*#__PURE__*/ new Uint8Array(256);
const multiMap: Map<number, string> = /*#__PURE__*/ new Map();
const astralMap: Map<number, string> = /*#__PURE__*/ new Map();

const KEEP = /[\p{L}\p{N}\p{M}]/u;
const DIACRITICS = /[\u0300-\u036f]/g;
const FORMAT = /[\p{Cf}\u00ad\ufe00-\ufe0f]/u;

/** Small extra folds that full Unicode case folding does and `toLowerCase` does not. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = Object.freeze({ 'ß': 'ss', 'ς': 'σ', 'ſ': 's' });

/** The normalised form of one character (code point), separators as a single ' ', '' when dropped. */
export function normalizeCharacter(character: string): string {
  if (FORMAT.test(character)) return '';
  let s = character.normalize('NFKD').toLowerCase().replace(DIACRITICS, '').normalize('NFKC');
  let out = '';
  let lastSpace = false;
  for (const ch of s) {
    const folded = EXTRA_FOLDS[ch] ?? (ch.length === 1 ? String.fromCharCode(foldTraditional(ch.charCodeAt(0))) : ch);
    if (KEEP.test(folded)) {
      out += folded;
      lastSpace = false;
    } else if (!FORMAT.test(folded) && !lastSpace) {
      out += ' ';
      lastSpace = true;
    }
  }
  s = out;
  return s;
}

function buildBlock(block: number): void {
  const base = block << 8;
  for (let c = base; c < base + 256; c++) {
    if (c >= 0xd800 && c <= 0xdbff) {
      classTable[c] = UnitClass.HighSurrogate;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      classTable[c] = UnitClass.LowSurrogate;
      continue;
    }
    const mapped = normalizeCharacter(String.fromCharCode(c));
    if (mapped.length === 0) classTable[c] = UnitClass.Drop;
    else if (mapped === ' ') classTable[c] = UnitClass.Separator;
    else if (mapped.length === 1) {
      classTable[c] = UnitClass.Single;
      singleMap[c] = mapped.charCodeAt(0);
    } else {
      classTable[c] = UnitClass.Multi;
      multiMap.set(c, mapped);
    }
  }
  blockReady[block] = 1;
}

/**
 * Fast-path view of the tables for the fused tokeniser (internal): the class of `unit` after its
 * 256-unit block is built: 1 separator, 2 single-unit mapping (`singleUnit`), 4 dropped, other = slow path.
 */
export function unitClassOf(unit: number): number {
  if (blockReady[unit >>> 8] === 0) buildBlock(unit >>> 8);
  return classTable[unit];
}

/** The one-unit normalised form of `unit` (valid when {@link unitClassOf} is 2). */
export function singleUnit(unit: number): number {
  return singleMap[unit];
}

function astral(codePoint: number): string {
  let mapped = astralMap.get(codePoint);
  if (mapped === undefined) {
    mapped = normalizeCharacter(String.fromCodePoint(codePoint));
    if (astralMap.size < 65536) astralMap.set(codePoint, mapped);
  }
  return mapped;
}

/** Growable output of {@link normalizeSlice}; reused across chunks. */
export class NormalizeBuffer {
  /** Normalised UTF-16 code units. */
  units: Uint16Array;
  /** Original UTF-16 offset where the source character of each unit starts. */
  starts: Int32Array;
  /** Original UTF-16 offset just after the source character of each unit. */
  ends: Int32Array;
  /** Units written. */
  length = 0;
  /** True when the last unit written (in any chunk) is a word separator, or nothing was written yet. */
  lastWasSpace = true;

  constructor(capacity = 1024) {
    this.units = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Make room for `extra` more units. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.units.length) return;
    let capacity = this.units.length * 2;
    while (capacity < need) capacity *= 2;
    const units = new Uint16Array(capacity);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    units.set(this.units.subarray(0, this.length));
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }
}

function pushMapped(out: NormalizeBuffer, mapped: string, start: number, end: number): void {
  out.reserve(mapped.length);
  for (let k = 0; k < mapped.length; k++) {
    const unit = mapped.charCodeAt(k);
    if (unit === 0x20) {
      if (out.lastWasSpace) continue;
      out.lastWasSpace = true;
    } else out.lastWasSpace = false;
    out.units[out.length] = unit;
    out.starts[out.length] = start;
    out.ends[out.length] = end;
    out.length++;
  }
}

/**
 * Normalise `text[from, to)` and append to `out`. Offsets written are `offsetBase + index`.
 * `to` must not split a surrogate pair (the caller's chunking guarantees it).
 */
export function normalizeSlice(text: string, from: number, to: number, out: NormalizeBuffer, offsetBase = 0): void {
  out.reserve(to - from);
  let units = out.units;
  let starts = out.starts;
  let ends = out.ends;
  let length = out.length;
  let lastWasSpace = out.lastWasSpace;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (blockReady[c >>> 8] === 0) buildBlock(c >>> 8);
    const kind = classTable[c];
    if (kind === UnitClass.Single) {
      units[length] = singleMap[c];
      starts[length] = offsetBase + i;
      ends[length] = offsetBase + i + 1;
      length++;
      lastWasSpace = false;
    } else if (kind === UnitClass.Separator) {
      if (!lastWasSpace) {
        units[length] = 0x20;
        starts[length] = offsetBase + i;
        ends[length] = offsetBase + i + 1;
        length++;
        lastWasSpace = true;
      }
    } else if (kind === UnitClass.Drop || kind === UnitClass.LowSurrogate) {
      // nothing: format characters, combining diacritics, a lone low surrogate
    } else {
      let mapped: string;
      let width = 1;
      if (kind === UnitClass.Multi) mapped = multiMap.get(c) as string;
      else {
        const next = i + 1 < to ? text.charCodeAt(i + 1) : 0;
        if (next >= 0xdc00 && next <= 0xdfff) {
          mapped = astral(((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
          width = 2;
        } else mapped = '';
      }
      out.length = length;
      out.lastWasSpace = lastWasSpace;
      pushMapped(out, mapped, offsetBase + i, offsetBase + i + width);
      units = out.units;
      starts = out.starts;
      ends = out.ends;
      length = out.length;
      lastWasSpace = out.lastWasSpace;
      out.reserve(to - i);
      units = out.units;
      starts = out.starts;
      ends = out.ends;
      i += width - 1;
    }
  }
  out.length = length;
  out.lastWasSpace = lastWasSpace;
}

/** A normalised text with its map back to the original. */
export interface NormalizedText {
  /** Letters, digits and ideographs after NFKC, case and diacritic folding; one space between words. */
  readonly text: string;
  /** Original UTF-16 offset where the source of each normalised unit starts (length = `text.length`). */
  readonly starts: Int32Array;
  /** Original UTF-16 offset just after the source of each normalised unit. */
  readonly ends: Int32Array;
}

/**
 * Normalise a whole text (for inspection and tests; fingerprinting streams with {@link normalizeSlice}).
 * Leading and trailing separators are removed.
 * @example normalizeText('Ｈｅｌｌｏ，  World!').text // 'hello world'
 */
export function normalizeText(text: string): NormalizedText {
  const out = new NormalizeBuffer(Math.max(16, text.length));
  normalizeSlice(text, 0, text.length, out);
  let length = out.length;
  if (length > 0 && out.units[length - 1] === 0x20) length--;
  let result = '';
  for (let i = 0; i < length; i += 8192) result += String.fromCharCode(...out.units.subarray(i, Math.min(length, i + 8192)));
  return { text: result, starts: out.starts.slice(0, length), ends: out.ends.slice(0, length) };
}
