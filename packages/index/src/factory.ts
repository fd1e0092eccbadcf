/**
 * `createHammingIndex`: pick an implementation by name.
 */
import { invalidParameter, isPlainObject } from '@mediadna/core';
import { checkBits } from './hamming.js';
import type { HammingBits, HammingIndex } from './hamming.js';
import { LinearHammingIndex } from './linear.js';

/** Options of {@link createHammingIndex}. */
export interface HammingIndexOptions {
  /** `'linear'` exact scan; `'auto'` (default) picks by size. */
  readonly kind?: 'linear' | 'auto';
}

const KINDS: Readonly<Record<string, true>> = Object.freeze({ linear: true, auto: true });

/**
 * A new empty Hamming index for 64- or 256-bit codes.
 * @example
 * const index = createHammingIndex(256);
 */
export function createHammingIndex(bits: HammingBits, options: HammingIndexOptions = {}): HammingIndex {
  checkBits(bits, 'index');
  if (!isPlainObject(options as unknown)) throw invalidParameter('index', 'options', 'an object', options);
  const kind: string = options.kind ?? 'auto';
  if (KINDS[kind] !== true) throw invalidParameter('index', 'kind', "'linear' or 'auto'", kind);
  return new LinearHammingIndex(bits);
}
