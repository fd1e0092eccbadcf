import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprintText, TextFingerprinter } from '../src/index.js';

const text = readFileSync(new URL('../../../fixtures/text/zh-appendix.txt', import.meta.url), 'utf8') + ' 𠀋𠀋 end';

describe('TextFingerprinter', () => {
  it('gives the same fingerprint whatever the chunking (even inside a surrogate pair)', () => {
    const whole = fingerprintText(text);
    for (const size of [1, 7, 1000]) {
      const f = new TextFingerprinter();
      for (let i = 0; i < text.length; i += size) f.push(text.slice(i, i + size), i + size >= text.length);
      const chunked = f.result;
      expect(chunked.minhash, `chunk ${size}`).toEqual(whole.minhash);
      expect(chunked.hashes).toEqual(whole.hashes);
      expect(chunked.starts).toEqual(whole.starts);
      expect(chunked.ends).toEqual(whole.ends);
      expect(chunked.simhash).toEqual(whole.simhash);
      expect(chunked.charCount).toBe(text.length);
    }
  });

  it('records original offsets of each fingerprint shingle', () => {
    const fp = fingerprintText('One, TWO;  three four five six seven.');
    expect(fp.tokenCount).toBe(7);
    expect(fp.shingleCount).toBe(5);
    const i = 0;
    const first = 'One, TWO;  three four five six seven.'.slice(fp.starts[i], fp.ends[i]);
    expect(first.split(/\W+/).filter(Boolean).length).toBe(3);
  });

  it('fingerprints a text shorter than a shingle', () => {
    const fp = fingerprintText('Hi');
    expect(fp.tokenCount).toBe(1);
    expect(fp.hashes.length).toBe(1);
  });

  it('samples fingerprints of very long texts to stay under the cap', () => {
    const f = new TextFingerprinter({ maxFingerprints: 1000 });
    const words = Array.from({ length: 20000 }, (_, i) => `w${i}`).join(' ');
    f.push(words, true);
    expect(f.result.sampleBits).toBeGreaterThan(0);
    expect(f.result.hashes.length).toBeLessThan(2000);
    const mask = (1 << f.result.sampleBits) - 1;
    for (const h of f.result.hashes) expect(h & mask).toBe(0);
    // exactly the unsampled fingerprints that pass the final mask, so every text keeps the same ones
    const full = fingerprintText(words);
    expect(Array.from(f.result.hashes)).toEqual(Array.from(full.hashes).filter((h) => (h & mask) === 0));
    expect(f.result.simhash).toEqual(full.simhash);
  });
});
