import { describe, expect, it } from 'vitest';
import { kindOfFormat, sniffFormat } from '../src/index.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('sniffFormat', () => {
  it('recognises images by magic bytes', () => {
    expect(sniffFormat(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(sniffFormat(text('GIF89a'))).toBe('gif');
    expect(sniffFormat(text('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
  });
  it('tells ISO-BMFF brands apart', () => {
    const ftyp = (brand: string) => new Uint8Array([0, 0, 0, 16, ...text('ftyp' + brand + '\0\0\0\0')]);
    expect(sniffFormat(ftyp('avif'))).toBe('avif');
    expect(sniffFormat(ftyp('heic'))).toBe('heic');
    expect(sniffFormat(ftyp('isom'))).toBe('mp4');
    expect(sniffFormat(ftyp('M4A '))).toBe('m4a');
  });
  it('recognises audio containers', () => {
    expect(sniffFormat(text('RIFF\0\0\0\0WAVEfmt '))).toBe('wav');
    expect(sniffFormat(text('fLaC'))).toBe('flac');
    expect(sniffFormat(text('ID3\x03'))).toBe('mp3');
    expect(kindOfFormat(sniffFormat(text('OggS\0\x02' + '\0'.repeat(22) + 'OpusHead')))).toBe('audio');
  });
  it('says text for a text file named .jpg and unknown for binary noise', () => {
    expect(sniffFormat(text('hello, this is not an image\n'))).toBe('text');
    expect(sniffFormat(bytes(0x00, 0x13, 0x99, 0x00, 0x42))).toBe('unknown');
    expect(sniffFormat(new Uint8Array(0))).toBe('unknown');
  });
});
