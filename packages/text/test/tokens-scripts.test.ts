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

describe('Tokenizer.consumeText (fused fast path)', () => {
  it('gives the same tokens as normalizeSlice followed by consume', () => {
    const text = 'Ｈｅｌｌｏ，  World! Café e\u0301 ﬁne Straße 東京タワーは333m 学习使用Linux系统 𠀋𠀋 สวัสดีครับ ½ ㍿ x\u200by — ﾃｽﾄ';
    const reference = new TokenCollector();
    const buffer = new NormalizeBuffer();
    normalizeSlice(text, 0, text.length, buffer);
    const a = new Tokenizer();
    a.consume(buffer, reference);
    a.finish(reference);
    const fused = new TokenCollector();
    const b = new Tokenizer();
    b.consumeText(text, 0, text.length, 0, fused, new NormalizeBuffer());
    b.finish(fused);
    expect(fused.toList()).toEqual(reference.toList());
    expect(fused.length).toBeGreaterThan(20);
  });
});

describe('Korean and Japanese', () => {
  it('keeps spaced Hangul words whole and splits kana and kanji into characters', () => {
    expect(tokens('안녕하세요, 세계! 한국어 문장').words).toEqual(['안녕하세요', '세계', '한국어', '문장']);
    expect(tokens('ｶﾀｶﾅと漢字 mixed').words).toEqual(['ｶ', 'ﾀ', 'ｶ', 'ﾅ', 'と', '漢', '字', 'mixed']);
  });
});
