/**
 * The fingerprinting pipeline for one text, streaming: chunks of original text → normalisation
 * ({@link normalizeSlice}) → tokens ({@link Tokenizer}) → shingles of `shingleSize` tokens →
 * one-permutation MinHash over all shingles, winnowed positional fingerprints, and a SimHash over
 * those fingerprints. Memory is bounded by the chunk size plus the (capped) fingerprint list.
 */
import { fmix32 } from './hash.js';
import { createMinHash, densifyMinHash, updateMinHash } from './minhash.js';
import { NormalizeBuffer } from './normalize.js';
import { DEFAULT_FINGERPRINT_PARAMS, type FingerprintParams } from './params.js';
import { SimHashAccumulator } from './simhash.js';
import { Tokenizer, type TokenSink } from './tokens.js';
import { FingerprintList, sampleFingerprints, Winnower } from './winnow.js';

/** The fingerprint of one text. Offsets are UTF-16 code units of the original text. */
export interface TextFingerprint {
  readonly params: FingerprintParams;
  /** Low bits that must be zero for a fingerprint to be kept (0 = all kept). */
  readonly sampleBits: number;
  /** Length of the original text in UTF-16 code units. */
  readonly charCount: number;
  readonly tokenCount: number;
  readonly shingleCount: number;
  /** One-permutation MinHash, densified (128 bins). */
  readonly minhash: Uint32Array;
  /** 64-bit SimHash as `[low, high]`. */
  readonly simhash: Uint32Array;
  /** Winnowed fingerprint hashes, in text order. */
  readonly hashes: Uint32Array;
  /** Shingle index of each fingerprint. */
  readonly positions: Uint32Array;
  /** Original start offset of each fingerprint's shingle. */
  readonly starts: Uint32Array;
  /** Original end offset (exclusive) of each fingerprint's shingle. */
  readonly ends: Uint32Array;
}

const CHUNK = 65536;

/**
 * Streaming fingerprinter: `push(chunk, final)` text in order, read {@link TextFingerprinter.result}.
 * @example
 * const f = new TextFingerprinter();
 * f.push('first part ', false); f.push('second part', true);
 * f.result.minhash // Uint32Array(128)
 */
export class TextFingerprinter implements TokenSink {
  readonly params: FingerprintParams;
  private readonly normalized = new NormalizeBuffer(64); // scratch for characters off the fast path
  private readonly tokenizer = new Tokenizer();
  private readonly ringHashes: Uint32Array;
  private readonly ringStarts: Uint32Array;
  private readonly ringEnds: Uint32Array;
  private readonly signature = createMinHash();
  private readonly simhash = new SimHashAccumulator();
  private readonly winnower: Winnower;
  private sampleBits = 0;
  private offset = 0;
  private pendingHigh = '';
  private tokenCount = 0;
  private readonly shingleSize: number;
  /** Ring slot the next token goes to. */
  private nextSlot = 0;
  private shingleCount = 0;
  private done: TextFingerprint | null = null;

  /** @param params fingerprint parameters (defaults {@link DEFAULT_FINGERPRINT_PARAMS}) */
  constructor(params: Partial<FingerprintParams> = {}) {
    this.params = { ...DEFAULT_FINGERPRINT_PARAMS, ...params };
    const k = this.params.shingleSize;
    this.shingleSize = k;
    this.ringHashes = new Uint32Array(k);
    this.ringStarts = new Uint32Array(k);
    this.ringEnds = new Uint32Array(k);
    this.winnower = new Winnower(this.params.windowSize, new FingerprintList(256));
  }

  /** Feed the next piece of text; `final` ends the text. */
  push(chunk: string, final: boolean): void {
    if (this.done) throw new Error('TextFingerprinter: push after the final chunk');
    let text = this.pendingHigh + chunk;
    const base = this.offset - this.pendingHigh.length;
    this.pendingHigh = '';
    if (!final && text.length > 0) {
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.pendingHigh = text.slice(-1);
        text = text.slice(0, -1);
      }
    }
    for (let from = 0; from < text.length; from += CHUNK) {
      let to = Math.min(text.length, from + CHUNK);
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to++;
      this.tokenizer.consumeText(text, from, to, base, this, this.normalized);
      from = to - CHUNK;
    }
    this.offset = base + text.length + this.pendingHigh.length;
    if (final) this.finish();
  }

  /** @internal TokenSink: one token. */
  token(hash: number, start: number, end: number): void {
    const k = this.shingleSize;
    const slot = this.nextSlot;
    this.ringHashes[slot] = hash;
    this.ringStarts[slot] = start;
    this.ringEnds[slot] = end;
    this.nextSlot = slot + 1 === k ? 0 : slot + 1;
    this.tokenCount++;
    if (this.tokenCount >= k) this.shingle(k);
  }

  /** Shingle of the last `count` tokens (same hash as `combineHashes`). */
  private shingle(count: number): void {
    const ring = this.shingleSize;
    const ringHashes = this.ringHashes;
    let firstSlot = this.nextSlot - count;
    if (firstSlot < 0) firstSlot += ring;
    let slot = firstSlot;
    let h = 0x9e3779b9 ^ count;
    for (let i = 0; i < count; i++) {
      h = Math.imul(((h << 5) | (h >>> 27)) ^ ringHashes[slot], 0xcc9e2d51);
      h = (h + 0x6b43a9b5) | 0;
      slot = slot + 1 === ring ? 0 : slot + 1;
    }
    const hash = fmix32(h);
    updateMinHash(this.signature, hash);
    const lastSlot = slot === 0 ? ring - 1 : slot - 1;
    const winnower = this.winnower;
    const selected = winnower.selected;
    winnower.push(hash, this.ringStarts[firstSlot], this.ringEnds[lastSlot]);
    this.shingleCount++;
    if (winnower.selected !== selected) {
      this.simhash.add(winnower.lastSelected);
      if (winnower.out.length > this.params.maxFingerprints) this.sample();
    }
  }

  /** Too many fingerprints: keep half as many from now on (and of those kept so far). */
  private sample(): void {
    this.sampleBits++;
    const mask = (1 << this.sampleBits) - 1;
    this.winnower.sampleMask = mask;
    sampleFingerprints(this.winnower.out, mask);
  }

  private finish(): void {
    this.tokenizer.finish(this);
    const k = this.params.shingleSize;
    if (this.tokenCount > 0 && this.tokenCount < k) this.shingle(this.tokenCount);
    const winnower = this.winnower;
    const selected = winnower.selected;
    winnower.finish();
    if (winnower.selected !== selected) this.simhash.add(winnower.lastSelected);
    const out = winnower.out;
    densifyMinHash(this.signature);
    const n = out.length;
    this.done = {
      params: this.params,
      sampleBits: this.sampleBits,
      charCount: this.offset,
      tokenCount: this.tokenCount,
      shingleCount: this.shingleCount,
      minhash: this.signature,
      simhash: this.simhash.digest(),
      hashes: out.hashes.slice(0, n),
      positions: out.positions.slice(0, n),
      starts: out.starts.slice(0, n),
      ends: out.ends.slice(0, n),
    };
  }

  /** The fingerprint; available after the final chunk. */
  get result(): TextFingerprint {
    if (!this.done) throw new Error('TextFingerprinter: result before the final chunk');
    return this.done;
  }
}

/**
 * Fingerprint a whole text.
 * @example const fp = fingerprintText('The quick brown fox jumps over the lazy dog.')
 */
export function fingerprintText(text: string, params: Partial<FingerprintParams> = {}): TextFingerprint {
  const fingerprinter = new TextFingerprinter(params);
  fingerprinter.push(text, true);
  return fingerprinter.result;
}
