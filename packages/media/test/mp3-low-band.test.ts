import { readFileSync } from 'node:fs';
import { MPEGDecoder } from 'mpg123-decoder';
import { describe, expect, it } from 'vitest';
import { AudioResampler } from '../src/index.js';
import { parseFrameHeader } from '../src/audio/mp3/frame-header.js';
import { isLowBandMp3, LowBandMp3Decoder } from '../src/audio/mp3/low-band-decoder.js';
import { averageChannels, decodeWhole, snr } from './low-band-helpers.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../../fixtures/audio/${name}`, import.meta.url));

function decodeAll(bytes: Uint8Array, analysisRate: number, simd: boolean): { pcm: Float32Array; rate: number; errors: number } {
  return decodeWhole(new LowBandMp3Decoder(analysisRate, { simd }), bytes);
}

/** mpg123's full decode, averaged to mono. */
async function reference(bytes: Uint8Array): Promise<{ pcm: Float32Array; rate: number }> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const decoded = decoder.decode(bytes);
  decoder.free();
  return { pcm: averageChannels(decoded), rate: decoded.sampleRate };
}

function to8k(pcm: Float32Array, rate: number): Float32Array {
  return new AudioResampler(rate, 8000).push([pcm], true).slice();
}

const FILES: Array<[name: string, rate: number, lowRate: number]> = [
  ['heroes-5s.mp3', 44100, 11025], // joint stereo 64 kb/s: M/S and L/R frames
  ['heroes-5s-32k.mp3', 44100, 11025], // scfsi, a reservoir reaching back 460 bytes
  ['heroes-5s-48k-lr.mp3', 48000, 12000], // plain L/R stereo, both channels summed before the IMDCT
  ['heroes-5s-22k-mono.mp3', 22050, 11025], // MPEG-2: LSF scale factors, one granule per frame
  ['heroes-5s-11k.mp3', 11025, 11025], // MPEG-2.5
];

describe('low-band MP3 decoder', () => {
  it.each(FILES)('%s at the full rate equals mpg123 (same samples, same gapless start)', async (name, rate) => {
    const bytes = fixture(name);
    const expected = await reference(bytes);
    for (const simd of [false, true]) {
      const decoded = decodeAll(bytes, rate, simd);
      expect(decoded.rate).toBe(rate);
      expect(decoded.errors).toBe(0);
      expect(Math.abs(decoded.pcm.length - expected.pcm.length)).toBeLessThanOrEqual(1152);
      expect(snr(expected.pcm, decoded.pcm)).toBeGreaterThan(90); // float32 SIMD included
    }
  });

  it.each(FILES)('%s in the low band matches the full decode below 4 kHz', async (name, rate, lowRate) => {
    const bytes = fixture(name);
    const full = to8k(decodeAll(bytes, rate, false).pcm, rate);
    for (const simd of [false, true]) {
      const low = decodeAll(bytes, 8000, simd);
      expect(low.rate).toBe(lowRate);
      // Both through the same 8 kHz resampler: what differs is the band the low path drops
      // (above 4.1 kHz at 44.1 kHz), which the resampler's low-pass removes as well.
      expect(snr(full, to8k(low.pcm, low.rate), 800)).toBeGreaterThan(40); // measured 47-59 dB
    }
  });

  it('keeps 6 of 32 subbands at 44.1 kHz and is not a copy of the full band', () => {
    const bytes = fixture('heroes-5s.mp3');
    const low = decodeAll(bytes, 8000, true);
    const full = decodeAll(bytes, 44100, true);
    expect(low.pcm.length).toBeGreaterThan(full.pcm.length / 4 - 300);
    expect(low.pcm.length).toBeLessThan(full.pcm.length / 4 + 300);
    // The quarter-rate samples are the full-rate ones with the band above ~4 kHz removed: close,
    // but not equal (this file has energy up to 16 kHz).
    const decimated = full.pcm.filter((_, i) => i % 4 === 0);
    const db = snr(decimated, low.pcm);
    expect(db).toBeGreaterThan(3);
    expect(db).toBeLessThan(45); // measured 31 dB
  });

  it('survives garbage, truncation and a cut into the middle of a stream', () => {
    const bytes = fixture('heroes-5s-32k.mp3');
    const whole = decodeAll(bytes, 8000, true);
    const noise = Uint8Array.from({ length: 20000 }, (_, i) => (i * 2654435761) >>> 24);
    const garbage = decodeAll(noise, 8000, true);
    expect(garbage.pcm.length).toBe(0);
    expect(garbage.errors).toBeGreaterThan(0);
    expect(decodeAll(new Uint8Array(0), 8000, true).pcm.length).toBe(0);
    const half = decodeAll(bytes.subarray(0, bytes.length >> 1), 8000, true);
    expect(half.pcm.length).toBeGreaterThan(whole.pcm.length * 0.4);
    expect(half.pcm.length).toBeLessThan(whole.pcm.length * 0.6);
    // From the middle: frames borrowing from missing reservoir bytes come out silent, then sound.
    const tail = decodeAll(bytes.subarray(bytes.length >> 1), 8000, true);
    expect(tail.pcm.length).toBeGreaterThan(whole.pcm.length * 0.4);
    expect(tail.pcm.some((x) => x !== 0)).toBe(true);
    expect(tail.pcm.every(Number.isFinite)).toBe(true);
  });

  it('never throws, hangs or returns non-finite samples on damaged copies (deterministic byte flips)', () => {
    let state = 12345;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const [name] of FILES) {
      const bytes = fixture(name);
      for (let copy = 0; copy < 12; copy++) {
        const damaged = bytes.slice();
        const flips = 1 + Math.floor(random() * 200);
        // Some copies hit the side information and headers hard: flips in the first frames.
        const span = copy % 3 === 0 ? Math.min(2000, damaged.length) : damaged.length;
        for (let i = 0; i < flips; i++) damaged[Math.floor(random() * span)] ^= 1 << Math.floor(random() * 8);
        for (const simd of [true, false]) {
          const out = decodeAll(damaged, 8000, simd);
          expect(out.pcm.every(Number.isFinite)).toBe(true);
          expect(out.pcm.length).toBeLessThan(bytes.length * 8); // bounded by the frames present
        }
      }
    }
  });

  it('skips ID3v2 (with a picture-sized body) and ID3v1 tags without counting them as damage', () => {
    const bytes = fixture('heroes-5s.mp3');
    const plain = decodeAll(bytes, 8000, true);
    const body = 300_000; // syncsafe: 7 bits per byte
    const id3v2 = new Uint8Array(10 + body);
    id3v2.set([0x49, 0x44, 0x33, 4, 0, 0, (body >> 21) & 0x7f, (body >> 14) & 0x7f, (body >> 7) & 0x7f, body & 0x7f]);
    id3v2.fill(0xff, 10, 5000); // sync-like bytes inside the tag must not be taken for frames
    const id3v1 = new Uint8Array(128);
    id3v1.set([0x54, 0x41, 0x47]);
    const tagged = new Uint8Array(id3v2.length + bytes.length + id3v1.length);
    tagged.set(id3v2);
    tagged.set(bytes, id3v2.length);
    tagged.set(id3v1, id3v2.length + bytes.length);
    const out = decodeAll(tagged, 8000, true);
    expect(out.errors).toBe(0);
    expect(out.pcm).toEqual(plain.pcm);
    expect(isLowBandMp3(tagged.subarray(0, 400_000))).toBe(true);
  });

  it('accepts Layer III only (Layer I/II and free format go to the full decoder)', () => {
    const header = (b1: number, b2: number): Uint8Array => Uint8Array.from([0xff, b1, b2, 0xc4, ...new Array(60).fill(0)]);
    expect(parseFrameHeader(header(0xfb, 0x90), 0)?.sampleRate).toBe(44100); // MPEG-1 Layer III 128 kb/s
    expect(parseFrameHeader(header(0xfd, 0x90), 0)).toBeNull(); // Layer II
    expect(parseFrameHeader(header(0xff, 0x90), 0)).toBeNull(); // Layer I
    expect(parseFrameHeader(header(0xfb, 0x00), 0)).toBeNull(); // free format
    expect(parseFrameHeader(header(0xfb, 0x9c), 0)).toBeNull(); // reserved sample rate
    expect(parseFrameHeader(header(0xeb, 0x90), 0)).toBeNull(); // reserved version
    expect(isLowBandMp3(fixture('heroes-5s.mp3'))).toBe(true);
    expect(isLowBandMp3(header(0xfd, 0x90))).toBe(false);
  });
});
