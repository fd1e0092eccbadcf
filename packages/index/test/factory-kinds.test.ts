import { DnaError } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { LinearHammingIndex, MultiIndexHammingIndex, createHammingIndex } from '../src/index.js';
import { testHammingIndex } from './hamming-conformance.js';

testHammingIndex("createHammingIndex 'auto'", (bits) => createHammingIndex(bits));

describe('createHammingIndex', () => {
  it('builds the named implementation', () => {
    expect(createHammingIndex(64, { kind: 'linear' })).toBeInstanceOf(LinearHammingIndex);
    expect(createHammingIndex(256, { kind: 'mih' })).toBeInstanceOf(MultiIndexHammingIndex);
    expect(createHammingIndex(256)).toBeInstanceOf(MultiIndexHammingIndex);
    expect((createHammingIndex(256, { kind: 'mih' }) as MultiIndexHammingIndex).substrings).toBe(16);
    expect((createHammingIndex(64, { kind: 'mih' }) as MultiIndexHammingIndex).substrings).toBe(4);
  });

  it('refuses unknown widths and kinds', () => {
    expect(() => createHammingIndex(128 as 64)).toThrow(DnaError);
    expect(() => createHammingIndex(64, { kind: 'tree' as 'mih' })).toThrow(/Expected 'linear', 'mih' or 'auto' for kind/);
    expect(() => new MultiIndexHammingIndex(64, { minTableSize: -1 })).toThrow(DnaError);
  });
});
