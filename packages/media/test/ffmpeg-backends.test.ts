// One conformance suite run against every ffmpeg backend available here: the system binary
// (installed in CI by scripts/system-deps.sh) and @ffmpeg/core (WASM, always in the workspace).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MediaSource } from '@mediadna/core';
import { DnaError, DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import type { FfmpegBackend } from '../src/ffmpeg/backend.js';
import { findSystemFfmpeg } from '../src/ffmpeg/locate.js';
import { createSystemBackend } from '../src/ffmpeg/system.js';
import { createWasmBackend } from '../src/ffmpeg/wasm.js';
import { decodeVideoAudio } from '../src/video/audio.js';
import { decodeVideoFrames } from '../src/video/frames.js';
import { probeVideo } from '../src/video/probe.js';

const fixture = (name: string): MediaSource => {
  const path = fileURLToPath(new URL(`../../../fixtures/video/${name}`, import.meta.url));
  return { type: 'path', path, size: statSync(path).size };
};
const bytesOf = (name: string): MediaSource => ({ type: 'bytes', bytes: new Uint8Array(readFileSync(fixture(name).type === 'path' ? (fixture(name) as { path: string }).path : '')), name });

const system = await findSystemFfmpeg();
const backends: [string, () => Promise<FfmpegBackend>][] = [['wasm', createWasmBackend]];
if (system) backends.unshift(['system', async () => createSystemBackend(system)]);

it('finds the system ffmpeg that scripts/system-deps.sh installs (when on PATH)', () => {
  // The CI image runs scripts/system-deps.sh first; locally the WASM suite still runs.
  if (system) expect(system.version).toMatch(/^ffmpeg version/);
  expect(backends.map(([name]) => name)).toContain('wasm');
});

describe.each(backends)('ffmpeg backend: %s', (name, make) => {
  it('probes a WebM (VP8) through ffprobe', async () => {
    const backend = await make();
    expect(backend.name).toBe(name);
    const info = await probeVideo(fixture('vtest.webm'), backend);
    expect(info.demuxer).toBe('ffprobe');
    expect(info.container).toBe('webm');
    expect(info.videoCodec).toBe('vp8');
    expect([info.width, info.height]).toEqual([192, 144]);
    expect(info.durationSeconds).toBeGreaterThan(11.5);
    expect(info.durationSeconds).toBeLessThan(12.5);
    expect(info.audio).toBeNull();
  });

  it('samples H.264 High frames at 2 fps with times in seconds', async () => {
    const backend = await make();
    const source = fixture('tree.mp4');
    const info = await probeVideo(source, backend);
    const times: number[] = [];
    let means = 0;
    const summary = await decodeVideoFrames(source, info, backend, { sampleRate: 2, sceneThreshold: 0, shortSide: 60, skipNonReference: false }, (frame) => {
      expect(frame.pixels.length).toBe(frame.width * frame.height);
      times.push(frame.timeSeconds);
      let sum = 0;
      for (let i = 0; i < frame.pixels.length; i++) sum += frame.pixels[i];
      means += sum / frame.pixels.length;
    });
    expect(summary.backend).toBe(name);
    expect([summary.width, summary.height]).toEqual([80, 60]);
    // 19.8 s at 2 fps: 40 frames (±1), strictly increasing, about 0.5 s apart.
    expect(Math.abs(times.length - 40)).toBeLessThanOrEqual(1);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThan(0.45);
      expect(times[i] - times[i - 1]).toBeLessThan(0.6);
    }
    expect(times[0]).toBeLessThan(0.1);
    // Real picture content, not zeros.
    expect(means / times.length).toBeGreaterThan(40);
  });

  it('samples at about the same rate when non-reference frames are skipped (default)', async () => {
    const backend = await make();
    const source = fixture('tree.mp4');
    const info = await probeVideo(source, backend);
    const times: number[] = [];
    await decodeVideoFrames(source, info, backend, { sampleRate: 2, sceneThreshold: 0, shortSide: 60 }, (frame) => times.push(frame.timeSeconds));
    expect(times.length).toBeGreaterThanOrEqual(32);
    expect(times.length).toBeLessThanOrEqual(41);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeLessThan(0.8);
  });

  it('decodes only keyframes in fast mode', async () => {
    const backend = await make();
    const source = fixture('megamind.mp4');
    const info = await probeVideo(source, backend);
    const times: number[] = [];
    await decodeVideoFrames(source, info, backend, { keyframesOnly: true }, (frame) => times.push(frame.timeSeconds));
    const keyframes = Array.from(info.keyframeTimes ?? []);
    expect(keyframes.length).toBeGreaterThan(0);
    expect(times.length).toBe(keyframes.length);
    for (let i = 0; i < times.length; i++) expect(Math.abs(times[i] - keyframes[i])).toBeLessThan(0.05);
  });

  it('reads a byte input the same as a path', async () => {
    const backend = await make();
    const fromPath: number[] = [];
    const fromBytes: number[] = [];
    const info = await probeVideo(fixture('mixed.mkv'), backend);
    await decodeVideoFrames(fixture('mixed.mkv'), info, backend, { sampleRate: 1, shortSide: 32 }, (f) => fromPath.push(f.pixels[100]));
    await decodeVideoFrames(bytesOf('mixed.mkv'), info, backend, { sampleRate: 1, shortSide: 32 }, (f) => fromBytes.push(f.pixels[100]));
    expect(fromBytes).toEqual(fromPath);
    expect(fromPath.length).toBeGreaterThanOrEqual(14);
  });

  it('decodes the AAC soundtrack to mono float PCM', async () => {
    const backend = await make();
    let count = 0;
    let energy = 0;
    const total = await decodeVideoAudio(fixture('megamind.mp4'), backend, { sampleRate: 8000 }, (samples) => {
      count += samples.length;
      for (let i = 0; i < samples.length; i++) energy += samples[i] * samples[i];
    });
    expect(total).toBe(count);
    expect(Math.abs(count - 8 * 8000)).toBeLessThan(800);
    expect(Math.sqrt(energy / count)).toBeGreaterThan(0.01);
  });

  it('says there is no soundtrack in a silent video', async () => {
    const backend = await make();
    await expect(decodeVideoAudio(fixture('tree.mp4'), backend, {}, () => {})).rejects.toMatchObject({ code: DnaErrorCode.MediaNoContent });
  });

  it('fails cleanly on a damaged WebM', async () => {
    const backend = await make();
    const bytes = new Uint8Array(readFileSync((fixture('vtest.webm') as { path: string }).path));
    const damaged = bytes.slice(0, 400);
    const error = await probeVideo({ type: 'bytes', bytes: damaged, name: 'damaged.webm' }, backend).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnaError);
    expect([DnaErrorCode.MediaCorrupt, DnaErrorCode.MediaNoContent, DnaErrorCode.MediaTruncated]).toContain((error as DnaError).code);
  });

  it('stops when aborted', async () => {
    const backend = await make();
    const source = fixture('vtest.webm');
    const info = await probeVideo(source, backend);
    const controller = new AbortController();
    const error = await decodeVideoFrames(source, info, backend, { sampleRate: 10, signal: controller.signal }, (frame) => {
      if (frame.index === 2) controller.abort();
    }).catch((e: unknown) => e);
    expect((error as DnaError).code).toBe(DnaErrorCode.JobCancelled);
  });
});
