import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding, StreamingTextDecoder } from '../src/index.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../fixtures/text/${name}`, import.meta.url)));
const utf8 = (name: string): string => readFileSync(new URL(`../../../fixtures/text/${name}`, import.meta.url), 'utf8');

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM, and UTF-16 LE/BE with BOM', () => {
    const expected = utf8('en-small.txt');
    for (const [name, encoding] of [
      ['en-small.txt', 'utf-8'],
      ['en-small.utf8bom.txt', 'utf-8'],
      ['en-small.utf16le.txt', 'utf-16le'],
      ['en-small.utf16be.txt', 'utf-16be'],
    ]) {
      const result = decodeText(fixture(name));
      expect(result.encoding, name).toBe(encoding);
      expect(result.text, name).toBe(expected);
    }
  });

  it('tells GB18030 from Big5 (files made with iconv)', () => {
    const gb = decodeText(fixture('zh-poems.gb18030.txt'));
    expect(gb.encoding).toBe('gb18030');
    expect(gb.text).toBe(utf8('zh-poems.txt'));
    const big5 = decodeText(fixture('zh-poems.big5.txt'));
    expect(big5.encoding).toBe('big5');
    expect(big5.text).toBe(utf8('zh-poems-trad.txt'));
  });

  it('honours a declared encoding', () => {
    expect(decodeText(fixture('zh-poems.gb18030.txt'), 'gb18030').text.slice(0, 6)).toBe('《感遇・其一');
    expect(decodeText(fixture('zh-poems.big5.txt'), 'big5').encoding).toBe('big5');
    expect(() => decodeText(fixture('zh-poems.big5.txt'), 'utf-8')).toThrowError(expect.objectContaining({ code: 'InvalidMedia.Corrupt' }));
  });

  it('refuses binary data, invalid bytes and empty input with codes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decodeText(png)).toThrowError(expect.objectContaining({ code: 'InvalidMedia.UnsupportedFormat' }));
    const invalid = new Uint8Array([0x61, 0x62, 0xff, 0x20, 0x80, 0x20, 0xfe, 0x21]); // valid in none
    expect(() => decodeText(invalid)).toThrowError(expect.objectContaining({ code: 'InvalidMedia.Corrupt' }));
    expect(() => decodeText(new Uint8Array(0))).toThrowError(expect.objectContaining({ code: 'InvalidMedia.Empty' }));
    expect(() => decodeText(new Uint8Array([0xe4, 0xbd]), 'utf-8')).toThrowError(expect.objectContaining({ code: 'InvalidMedia.Corrupt' }));
  });

  it('detects from a head cut inside a character and decodes in chunks', () => {
    const bytes = new TextEncoder().encode('你好，世界。'.repeat(100));
    expect(detectEncoding(bytes.subarray(0, 100))).toBe('utf-8'); // 100 is not a character boundary
    const decoder = new StreamingTextDecoder(bytes.subarray(0, 100));
    let text = '';
    for (let i = 0; i < bytes.length; i += 7) text += decoder.push(bytes.subarray(i, Math.min(bytes.length, i + 7)), false);
    text += decoder.push(new Uint8Array(0), true);
    expect(text).toBe('你好，世界。'.repeat(100));
  });
});

describe('UTF-16 without BOM', () => {
  it('recognises mostly-Latin UTF-16 LE and BE by their NUL bytes', () => {
    const withBom = fixture('en-small.utf16le.txt');
    expect(decodeText(withBom.subarray(2))).toMatchObject({ encoding: 'utf-16le', text: utf8('en-small.txt') });
    const be = fixture('en-small.utf16be.txt');
    expect(decodeText(be.subarray(2))).toMatchObject({ encoding: 'utf-16be', text: utf8('en-small.txt') });
  });
});
