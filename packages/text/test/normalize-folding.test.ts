import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/index.js';

describe('normalizeText', () => {
  it('folds case, full-width forms, punctuation and whitespace', () => {
    expect(normalizeText('Ｈｅｌｌｏ，  ＷＯＲＬＤ！').text).toBe('hello world');
    expect(normalizeText('  Hello,\n\tworld...  ').text).toBe('hello world');
    expect(normalizeText('ﾃｽﾄ').text).toBe('テスト'); // half-width katakana → full-width
    expect(normalizeText('２０２４年').text).toBe('2024年');
  });

  it('applies NFKC compatibility mappings and diacritic folding', () => {
    expect(normalizeText('ﬁne').text).toBe('fine'); // ligature
    expect(normalizeText('Café').text).toBe(normalizeText('Cafe\u0301').text); // precomposed = decomposed
    expect(normalizeText('Straße').text).toBe('strasse');
    expect(normalizeText('ΣΟΦΟΣ').text).toBe('σοφοσ');
    expect(normalizeText('a\u200bb\u00adc').text).toBe('abc'); // format characters dropped
  });

  it('maps every normalised unit back to its original offset', () => {
    const original = 'Ｈｉ，  there — 世界!';
    const n = normalizeText(original);
    expect(n.text).toBe('hi there 世界');
    for (let i = 0; i < n.text.length; i++) {
      if (n.text[i] === ' ') continue;
      const source = original.slice(n.starts[i], n.ends[i]);
      expect(normalizeText(source).text).toBe(n.text[i]);
    }
    expect(original.slice(n.starts[n.text.indexOf('世')], n.ends[n.text.length - 1])).toBe('世界');
  });

  it('keeps astral ideographs whole', () => {
    const n = normalizeText('𠀋𠀋 x');
    expect(n.text).toBe('𠀋𠀋 x');
    expect(n.starts[2]).toBe(2);
  });
});

describe('Traditional Chinese folding', () => {
  it('folds frequent Traditional characters to Simplified and leaves Simplified text alone', () => {
    expect(normalizeText('這個軟體的設定檔').text).toBe('这个软体的设定档');
    expect(normalizeText('这个软件的配置文件').text).toBe('这个软件的配置文件');
    expect(normalizeText('頭髮').text).toBe(normalizeText('头发').text);
  });
});
