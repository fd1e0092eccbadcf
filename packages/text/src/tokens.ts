/**
 * Tokenisation of normalised text: words for scripts written with spaces (letters and digits
 * between separators — on normalised text this equals `Intl.Segmenter` word boundaries for those
 * scripts, see the test), one token per character for Chinese, Japanese kana and Bopomofo
 * (character n-grams), and `Intl.Segmenter` for Thai, Lao, Khmer and Myanmar, which have neither.
 * Each token is a 32-bit FNV-1a hash of its normalised code units, finalised with `fmix32`.
 */
import { FNV_OFFSET, FNV_PRIME, fmix32 } from './hash.js';
import { NormalizeBuffer, normalizeSlice, singleUnit, unitClassOf } from './normalize.js';

/** Receives tokens in text order. */
export interface TokenSink {
  /** One token: its hash and its original UTF-16 range `[start, end)`. */
  token(hash: number, start: number, end: number): void;
}

/** Unit kinds seen by the tokeniser. */
const enum Kind {
  Word = 0,
  Space = 1,
  Ideograph = 2,
  Complex = 3,
}

/** True for code units that form one-character tokens (CJK ideographs, kana, Bopomofo). */
export function isIdeographUnit(unit: number): boolean {
  return (
    (unit >= 0x3040 && unit <= 0x312f) || // Hiragana, Katakana, Bopomofo
    (unit >= 0x31a0 && unit <= 0x31ff) || // Bopomofo ext, Katakana ext
    (unit >= 0x3400 && unit <= 0x4dbf) || // CJK ext A
    (unit >= 0x4e00 && unit <= 0x9fff) || // CJK unified
    (unit >= 0xf900 && unit <= 0xfaff) // CJK compatibility
  );
}

function kindOf(unit: number): Kind {
  if (unit === 0x20) return Kind.Space;
  if (unit < 0x0e00) return Kind.Word;
  if (isIdeographUnit(unit)) return Kind.Ideograph;
  if (unit >= 0xd840 && unit <= 0xd8bf) return Kind.Ideograph; // high surrogate of planes 2-3 (CJK ext B-H)
  if ((unit >= 0x0e00 && unit <= 0x0eff) || (unit >= 0x1000 && unit <= 0x109f) || (unit >= 0x1780 && unit <= 0x17ff)) return Kind.Complex;
  return Kind.Word;
}

let segmenter: Intl.Segmenter | null = null;

/** Fused fast path per original BMP code unit: what the tokeniser does with it. */
const enum Fast {
  Unknown = 0,
  Separator = 1,
  WordUnit = 2, // its single normalised unit extends the current word
  Ideograph = 3, // its single normalised unit is a one-character token
  Drop = 4,
  Slow = 5, // normalise it in full (multi-unit mapping, surrogate, complex script)
}
const fastTable = /*#__PURE__*/ new Uint8Array(65536);
const fastMap = /*#__PURE__*/ new Uint16Array(65536);
const fastReady = /*#__PURE__*/ new Uint8Array(256);

function buildFastBlock(block: number): void {
  const base = block << 8;
  for (let c = base; c < base + 256; c++) {
    const unitClass = unitClassOf(c);
    let fast = Fast.Slow;
    if (unitClass === 1) fast = Fast.Separator;
    else if (unitClass === 4) fast = Fast.Drop;
    else if (unitClass === 2) {
      const unit = singleUnit(c);
      const kind = kindOf(unit);
      fastMap[c] = unit;
      fast = kind === Kind.Word ? Fast.WordUnit : kind === Kind.Ideograph && (unit < 0xd800 || unit > 0xdfff) ? Fast.Ideograph : Fast.Slow;
    }
    fastTable[c] = fast;
  }
  fastReady[block] = 1;
}

/**
 * Streaming tokeniser: feed normalised chunks with {@link Tokenizer.consume}, then {@link Tokenizer.finish}.
 * A word split across chunks is joined.
 */
export class Tokenizer {
  private wordHash = FNV_OFFSET;
  private wordStart = -1;
  private wordEnd = 0;
  private complexUnits: number[] = [];
  private complexStarts: number[] = [];
  private complexEnds: number[] = [];

  /** Tokenise `buffer.units[0, buffer.length)` into `sink`. */
  consume(buffer: NormalizeBuffer, sink: TokenSink): void {
    const units = buffer.units;
    const starts = buffer.starts;
    const ends = buffer.ends;
    const length = buffer.length;
    let wordHash = this.wordHash;
    let wordStart = this.wordStart;
    let wordEnd = this.wordEnd;
    for (let i = 0; i < length; i++) {
      const unit = units[i];
      const kind = kindOf(unit);
      if (kind === Kind.Word) {
        if (this.complexUnits.length > 0) this.flushComplex(sink);
        if (wordStart < 0) {
          wordStart = starts[i];
          wordHash = FNV_OFFSET;
        }
        wordHash = Math.imul(wordHash ^ unit, FNV_PRIME);
        wordEnd = ends[i];
        continue;
      }
      if (wordStart >= 0) {
        sink.token(fmix32(wordHash), wordStart, wordEnd);
        wordStart = -1;
      }
      if (kind === Kind.Space) {
        if (this.complexUnits.length > 0) this.flushComplex(sink);
      } else if (kind === Kind.Ideograph) {
        if (this.complexUnits.length > 0) this.flushComplex(sink);
        let hash = Math.imul(FNV_OFFSET ^ unit, FNV_PRIME);
        let end = ends[i];
        if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
          hash = Math.imul(hash ^ units[i + 1], FNV_PRIME);
          end = ends[i + 1];
          i++;
        }
        sink.token(fmix32(hash), starts[i], end);
      } else {
        this.complexUnits.push(unit);
        this.complexStarts.push(starts[i]);
        this.complexEnds.push(ends[i]);
      }
    }
    this.wordHash = wordHash;
    this.wordStart = wordStart;
    this.wordEnd = wordEnd;
  }

  /**
   * Normalise and tokenise `text[from, to)` in one pass (the fast path of fingerprinting; same
   * tokens as {@link normalizeSlice} followed by {@link Tokenizer.consume}). Offsets are
   * `offsetBase + index`; `to` must not split a surrogate pair.
   */
  consumeText(text: string, from: number, to: number, offsetBase: number, sink: TokenSink, scratch: NormalizeBuffer): void {
    let wordHash = this.wordHash;
    let wordStart = this.wordStart;
    let wordEnd = this.wordEnd;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (fastReady[c >>> 8] === 0) buildFastBlock(c >>> 8);
      const fast = fastTable[c];
      if (fast === Fast.WordUnit) {
        if (wordStart < 0) {
          if (this.complexUnits.length > 0) this.flushComplex(sink);
          wordStart = offsetBase + i;
          wordHash = FNV_OFFSET;
        }
        wordHash = Math.imul(wordHash ^ fastMap[c], FNV_PRIME);
        wordEnd = offsetBase + i + 1;
      } else if (fast === Fast.Separator) {
        if (wordStart >= 0) {
          sink.token(fmix32(wordHash), wordStart, wordEnd);
          wordStart = -1;
        }
        if (this.complexUnits.length > 0) this.flushComplex(sink);
      } else if (fast === Fast.Ideograph) {
        if (wordStart >= 0) {
          sink.token(fmix32(wordHash), wordStart, wordEnd);
          wordStart = -1;
        }
        if (this.complexUnits.length > 0) this.flushComplex(sink);
        sink.token(fmix32(Math.imul(FNV_OFFSET ^ fastMap[c], FNV_PRIME)), offsetBase + i, offsetBase + i + 1);
      } else if (fast === Fast.Slow) {
        const high = c >= 0xd800 && c <= 0xdbff && i + 1 < to;
        const width = high ? 2 : 1;
        scratch.length = 0;
        scratch.lastWasSpace = false;
        normalizeSlice(text, i, i + width, scratch, offsetBase);
        this.wordHash = wordHash;
        this.wordStart = wordStart;
        this.wordEnd = wordEnd;
        this.consume(scratch, sink);
        wordHash = this.wordHash;
        wordStart = this.wordStart;
        wordEnd = this.wordEnd;
        i += width - 1;
      }
      // Fast.Drop: nothing
    }
    this.wordHash = wordHash;
    this.wordStart = wordStart;
    this.wordEnd = wordEnd;
  }

  /** Emit the pending token at the end of the text. */
  finish(sink: TokenSink): void {
    if (this.complexUnits.length > 0) this.flushComplex(sink);
    if (this.wordStart >= 0) sink.token(fmix32(this.wordHash), this.wordStart, this.wordEnd);
    this.wordStart = -1;
  }

  private flushComplex(sink: TokenSink): void {
    const units = this.complexUnits;
    const text = String.fromCharCode(...units);
    segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
    for (const part of segmenter.segment(text)) {
      if (!part.isWordLike) continue;
      let hash = FNV_OFFSET;
      for (let k = 0; k < part.segment.length; k++) hash = Math.imul(hash ^ part.segment.charCodeAt(k), FNV_PRIME);
      const first = part.index;
      const last = part.index + part.segment.length - 1;
      sink.token(fmix32(hash), this.complexStarts[first], this.complexEnds[last]);
    }
    this.complexUnits = [];
    this.complexStarts = [];
    this.complexEnds = [];
  }
}

/** Tokens of a whole text, as parallel arrays. */
export interface TokenList {
  readonly hashes: Uint32Array;
  /** Original UTF-16 start of each token. */
  readonly starts: Int32Array;
  /** Original UTF-16 end (exclusive) of each token. */
  readonly ends: Int32Array;
}

/** Collects tokens into growable typed arrays. */
export class TokenCollector implements TokenSink {
  hashes: Uint32Array = new Uint32Array(256);
  starts: Int32Array = new Int32Array(256);
  ends: Int32Array = new Int32Array(256);
  length = 0;

  token(hash: number, start: number, end: number): void {
    if (this.length === this.hashes.length) {
      const capacity = this.length * 2;
      const hashes = new Uint32Array(capacity);
      const starts = new Int32Array(capacity);
      const ends = new Int32Array(capacity);
      hashes.set(this.hashes);
      starts.set(this.starts);
      ends.set(this.ends);
      this.hashes = hashes;
      this.starts = starts;
      this.ends = ends;
    }
    this.hashes[this.length] = hash;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Trimmed copies. */
  toList(): TokenList {
    return { hashes: this.hashes.slice(0, this.length), starts: this.starts.slice(0, this.length), ends: this.ends.slice(0, this.length) };
  }
}
