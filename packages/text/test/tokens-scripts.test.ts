import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a32, NormalizeBuffer, normalizeSlice, TokenCollector, Tokenizer } from '../src/index.js';

function tokens(text: string): { words: string[]; hashes: number[] } {
  const buffer = new NormalizeBuffer();
  normalizeSlice(text, 0, text.length, buffer);
  const sink = new TokenCollector();
  const tokenizer = new Tokenizer();
  tokenizer.consume(buffer, sink);
  tokenizer.finish(sink);
  const list = sink.toList();
  return { words: Array.from(list.starts, (s, i) => text.slice(s, list.ends[i])), hashes: Array.from(list.hashes) };
}

describe('Tokenizer', () => {
  it('makes one token per word for spaced scripts, as Intl.Segmenter does', () => {
    const text = 'The quick brown fox — jumped over 3 lazy dogs. Съешь же ещё этих мягких булок, да выпей чаю.';
    const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
    const reference = [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
    expect(tokens(text).words).toEqual(reference);
  });

  it('makes one token per CJK character and keeps words in mixed text', () => {
    expect(tokens('学习使用Linux系统').words).toEqual(['学', '习', '使', '用', 'Linux', '系', '统']);
    expect(tokens('東京タワーは333m').words).toEqual(['東', '京', 'タ', 'ワ', 'ー', 'は', '333m']);
  });

  it('segments Thai with Intl.Segmenter', () => {
    const words = tokens('สวัสดีครับ ภาษาไทย').words;
    expect(words.length).toBeGreaterThanOrEqual(3);
    expect(words.join('')).toBe('สวัสดีครับภาษาไทย');
  });

  it('hashes the normalised token with FNV-1a then fmix32', () => {
    const { hashes } = tokens('Ｗｏｒｌｄ world');
    expect(hashes[0]).toBe(fmix32(fnv1a32('world')));
    expect(hashes[1]).toBe(hashes[0]);
  });
});
