import { readFileSync } from 'node:fs';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { describe, expect, it } from 'vitest';
import { Imdct } from '../src/audio/vorbis/imdct.js';
import { isLowBandVorbis, LowBandVorbisDecoder, VorbisSetupError } from '../src/audio/vorbis/low-band-decoder.js';
import { averageChannels, decodeWhole, delayed, snr, to8k } from './low-band-helpers.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../../fixtures/audio/${name}`, import.meta.url));

function decodeAll(bytes: Uint8Array, analysisRate: number, simd = true): { pcm: Float32Array; rate: number; errors: number } {
  return decodeWhole(new LowBandVorbisDecoder(analysisRate, undefined, { simd }), bytes);
}

/** libvorbis' full decode, averaged to mono. */
async function reference(bytes: Uint8Array): Promise<Float32Array> {
  const decoder = new OggVorbisDecoder();
  await decoder.ready;
  const first = await decoder.decode(bytes);
  const rest = await decoder.flush();
  decoder.free();
  return averageChannels(first, rest);
}

const FILES: Array<[name: string, rate: number, lowRate: number]> = [
  ['heroes-5s.ogg', 44100, 11025], // stereo, q0
  ['heroes-5s-48k.ogg', 48000, 12000],
  ['heroes-5s-22k-mono.ogg', 22050, 11025],
  ['heroes-5s-5.1.ogg', 44100, 11025], // six channels: several coupling steps and submaps
];

describe('low-band Vorbis decoder', () => {
  it('computes the inverse MDCT of the spec (against the direct sum)', () => {
    for (const size of [16, 64, 512]) {
      const spectrum = Float64Array.from({ length: size / 2 }, (_, k) => Math.sin(k * 1.7) + 0.3);
      const out = new Float64Array(size);
      new Imdct(size).transform(spectrum, out);
      for (let t = 0; t < size; t += 7) {
        let sum = 0;
        for (let k = 0; k < size / 2; k++) sum += spectrum[k] * Math.cos(((2 * Math.PI) / size) * (t + size / 4 + 0.5) * (k + 0.5));
        expect(out[t]).toBeCloseTo(sum, 9);
      }
    }
  });

  it.each(FILES)('%s at the full rate equals libvorbis', async (name, rate) => {
    const bytes = fixture(name);
    const expected = await reference(bytes);
    for (const simd of [true, false]) {
      const decoded = decodeAll(bytes, rate, simd);
      expect(decoded.rate).toBe(rate);
      expect(decoded.errors).toBe(0);
      // Same start; the end may run on by under a block (libvorbis trims to the last granule position).
      expect(decoded.pcm.length).toBe(expected.length); // cut at the last granule position, as libvorbis
      expect(snr(expected, decoded.pcm)).toBeGreaterThan(100); // measured 132-134 dB (float32 SIMD included)
    }
  });

  it.each(FILES)('%s in the low band matches the full decode below 4 kHz', (name, rate, lowRate) => {
    const bytes = fixture(name);
    const low = decodeAll(bytes, 8000);
    expect(low.rate).toBe(lowRate);
    // Sample m of the low band is sample D·m + (D − 1)/2 of the full decode (D = rate / lowRate):
    // the full decode, delayed by that fraction, then both at 8 kHz.
    const decimation = rate / lowRate;
    const full = to8k(delayed(decodeAll(bytes, rate).pcm, -(decimation - 1) / 2), rate);
    const db = snr(full, to8k(low.pcm, low.rate), 800, full.length - 800);
    expect(db).toBeGreaterThan(40);
    // The SIMD back end (float32) and the JavaScript one (float64) agree.
    expect(snr(decodeAll(bytes, 8000, false).pcm, low.pcm)).toBeGreaterThan(100); // measured 44.6-47.1 dB (the 64-tap delay bounds it)
  });

  it('refuses what it does not decode, so the caller keeps libvorbis', () => {
    const bytes = fixture('heroes-5s.ogg');
    expect(isLowBandVorbis(bytes.subarray(0, 65536))).toBe(true);
    expect(isLowBandVorbis(fixture('heroes-5s.opus').subarray(0, 65536))).toBe(false);
    expect(isLowBandVorbis(bytes.subarray(0, 200))).toBe(false); // headers cut
  });

  it('never throws (past the headers), hangs or returns non-finite samples on damaged copies', () => {
    let state = 777;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const [name] of FILES) {
      const bytes = fixture(name);
      const whole = decodeAll(bytes, 8000).pcm.length;
      for (let copy = 0; copy < 10; copy++) {
        const damaged = bytes.slice();
        const flips = 1 + Math.floor(random() * 300);
        const from = 8000; // past the headers of these files (a damaged setup header fails the probe instead)
        for (let i = 0; i < flips; i++) damaged[from + Math.floor(random() * (damaged.length - from))] ^= 1 << Math.floor(random() * 8);
        const out = decodeAll(damaged, 8000);
        expect(out.pcm.every(Number.isFinite)).toBe(true);
        expect(out.pcm.length).toBeLessThanOrEqual(whole + 4096);
      }
      const garbage = Uint8Array.from({ length: 30000 }, (_, i) => (i * 2654435761) >>> 24);
      expect(decodeAll(garbage, 8000).pcm.length).toBe(0);
      // A cut file keeps its whole pages (about 40 % of these 5-page files at half the bytes).
      const half = decodeAll(bytes.subarray(0, bytes.length >> 1), 8000);
      expect(half.pcm.length, name).toBeGreaterThan(whole * 0.2);
      expect(half.pcm.length, name).toBeLessThan(whole * 0.6);
    }
    // A damaged setup header is a VorbisSetupError (the caller's probe keeps such files off this path).
    const broken = fixture('heroes-5s.ogg').slice();
    for (let i = 200; i < 2000; i += 37) broken[i] ^= 0x5a;
    expect(() => decodeAll(broken, 8000)).toThrow(VorbisSetupError);
  });
});
