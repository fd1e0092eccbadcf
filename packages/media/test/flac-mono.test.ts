import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { afterAll, describe, expect, it } from 'vitest';
import { FlacMonoDecoder, readFlacStreamInfo } from '../src/audio/flac/mono-decoder.js';
import { averageChannels, decodeWhole } from './low-band-helpers.js';

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../../fixtures/audio/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mediadna-flac-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A FLAC variant of the 5 s fixture, made with ffmpeg (installed by scripts/system-deps.sh). */
function variant(name: string, args: string[]): Uint8Array {
  const path = join(dir, `${name}.flac`);
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', new URL('../../../fixtures/audio/heroes-5s.ogg', import.meta.url).pathname, ...args, path]);
  if (run.status !== 0) throw new Error(String(run.stderr));
  return readFileSync(path);
}

/** libFLAC's decode, averaged to mono. */
async function reference(bytes: Uint8Array): Promise<Float32Array> {
  const decoder = new FLACDecoder();
  await decoder.ready;
  const first = await decoder.decode(bytes);
  const rest = await decoder.flush();
  decoder.free();
  return averageChannels(first, rest);
}

describe('FLAC to mono', () => {
  const cases: Array<[name: string, make: () => Uint8Array]> = [
    ['mono 8 kHz 16-bit (fixture)', () => fixture('heroes-5s.flac')],
    ['stereo 44.1 kHz 16-bit, level 5 (mid/side, LPC order 8)', () => variant('stereo', ['-ar', '44100', '-ac', '2', '-compression_level', '5'])],
    ['stereo 48 kHz 24-bit, level 8 (LPC order 12)', () => variant('hi', ['-ar', '48000', '-ac', '2', '-sample_fmt', 's32', '-bits_per_raw_sample', '24', '-compression_level', '8'])],
    ['stereo 44.1 kHz, LPC order 32 (the generic loop)', () => variant('order32', ['-ar', '44100', '-ac', '2', '-compression_level', '12', '-max_prediction_order', '32'])],
    ['5.1 44.1 kHz (independent channels)', () => variant('surround', ['-ar', '44100', '-ac', '6'])],
  ];

  it.each(cases)('%s: the same samples as libFLAC, with and without WebAssembly', async (_, make) => {
    const bytes = make();
    const expected = await reference(bytes);
    for (const wasm of [true, false]) {
      const decoded = decodeWhole(new FlacMonoDecoder({ wasm }), bytes);
      expect(decoded.errors).toBe(0);
      expect(decoded.pcm.length).toBe(expected.length);
      // Lossless: the same integers. libFLAC's float output scales them a hair differently (by
      // 1/(2^15 - 1) rather than 2^-15, it seems), so compare with a tolerance relative to the value.
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(decoded.pcm[i] - expected[i]) - 1e-4 * Math.abs(expected[i]));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('never throws past the metadata, hangs or returns non-finite samples on damaged copies', () => {
    const bytes = variant('fuzz', ['-ar', '22050', '-ac', '2']);
    const head = readFlacStreamInfo(bytes)!;
    const whole = decodeWhole(new FlacMonoDecoder(), bytes).pcm.length;
    let state = 99;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let copy = 0; copy < 12; copy++) {
      const damaged = bytes.slice();
      const flips = 1 + Math.floor(random() * 300);
      for (let i = 0; i < flips; i++) damaged[head.audioStart + Math.floor(random() * (damaged.length - head.audioStart))] ^= 1 << Math.floor(random() * 8);
      for (const wasm of [true, false]) {
        const out = decodeWhole(new FlacMonoDecoder({ wasm }), damaged);
        expect(out.pcm.every(Number.isFinite)).toBe(true);
        expect(out.pcm.length).toBeLessThanOrEqual(whole + 65536);
      }
    }
    const half = decodeWhole(new FlacMonoDecoder(), bytes.subarray(0, bytes.length >> 1));
    // Half the bytes: its whole frames (quiet frames are smaller, so not exactly half the audio).
    expect(half.pcm.length).toBeGreaterThan(whole * 0.2);
    expect(half.pcm.length).toBeLessThan(whole * 0.8);
    expect(() => readFlacStreamInfo(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow();
  });
});
