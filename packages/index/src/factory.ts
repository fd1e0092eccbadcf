/**
 * `createHammingIndex`: pick an implementation by name.
 */
import { invalidParameter, isPlainObject } from '@mediadna/core';
import { checkBits } from './hamming.js';
import type { HammingBits, HammingIndex } from './hamming.js';
import { LinearHammingIndex } from './linear.js';
import { MultiIndexHammingIndex } from './mih.js';

/** Options of {@link createHammingIndex}. */
export interface HammingIndexOptions {
  /**
   * `'linear'`: exact scan, least memory. `'mih'`: multi-index hashing tables from the first
   * entry, never scanning. `'auto'` (default): scans while the index holds fewer than 4096
   * entries (no table memory), then keeps MIH tables and still scans any query whose probing
   * would cost more than a scan. All three return the same hits.
   */
  readonly kind?: 'linear' | 'mih' | 'auto';
}

const KINDS: Readonly<Record<string, true>> = Object.freeze({ linear: true, mih: true, auto: true });

/**
 * A new empty Hamming index for 64- or 256-bit codes.
 * @example
 * const index = createHammingIndex(256);           // 'auto'
 * index.add(itemId, pdqWords, 0, frameNumber);
 */
export function createHammingIndex(bits: HammingBits, options: HammingIndexOptions = {}): HammingIndex {
  checkBits(bits, 'index');
  if (!isPlainObject(options as unknown)) throw invalidParameter('index', 'options', 'an object', options);
  const kind: string = options.kind ?? 'auto';
  if (KINDS[kind] !== true) throw invalidParameter('index', 'kind', "'linear', 'mih' or 'auto'", kind);
  if (kind === 'linear') return new LinearHammingIndex(bits);
  if (kind === 'mih') return new MultiIndexHammingIndex(bits, { minTableSize: 0, linearFallback: false });
  return new MultiIndexHammingIndex(bits);
}
