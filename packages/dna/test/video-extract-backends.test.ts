// hashVideo (the Video engine's decoding side) on real clips with each available decoder: same
// hashes whichever ffmpeg decodes, keyframe mode, soundtrack fingerprint, letterbox cropping.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MediaSource } from '@mediadna/core';
import { hammingDistance256 } from '@mediadna/core';
import { decodeAudioMonoTo, findSystemFfmpeg } from '@mediadna/media';
import { AudioFingerprinter } from '@mediadna/audio';
import { describe, expect, it } from 'vitest';
import { hashVideo } from '../src/engines/video-extract.js';

const fixture = (name: string): MediaSource => {
  const path = fileURLToPath(new URL(`../../../fixtures/video/${name}`, import.meta.url));
  return { type: 'path', path, size: statSync(path).size };
};
const system = await findSystemFfmpeg();
const backends: ('system' | 'wasm')[] = system ? ['system', 'wasm'] : ['wasm'];

describe.each(backends)('hashVideo with the %s backend', (backend) => {
  it('samples 2 frames per second plus scene cuts and reports the decoder', async () => {
    const result = await hashVideo(fixture('tree.mp4'), { backend });
    expect(result.backend).toBe(backend);
    const { fingerprint } = result;
    expect(fingerprint.frameCount).toBeGreaterThanOrEqual(38);
    expect(fingerprint.frameCount).toBeLessThanOrEqual(45);
    expect(fingerprint.pdq.length).toBe(fingerprint.frameCount * 8);
    expect(fingerprint.pdqFlip.length).toBe(fingerprint.frameCount * 8);
    expect(fingerprint.audio).toBeNull();
    expect(fingerprint.durationSeconds).toBeCloseTo(19.8, 1);
    for (let i = 1; i < fingerprint.frameCount; i++) expect(fingerprint.times[i]).toBeGreaterThan(fingerprint.times[i - 1]);
  });

  it('fingerprints the AAC soundtrack with the audio package', async () => {
    const { fingerprint } = await hashVideo(fixture('megamind.mp4'), { backend });
    expect(fingerprint.audio).not.toBeNull();
    expect(fingerprint.audio!.peakFrames.length).toBeGreaterThan(40); // ≈ 12 peaks per second over 8 s
    const silent = await hashVideo(fixture('megamind.mp4'), { backend, audio: false });
    expect(silent.fingerprint.audio).toBeNull();
  });

  it('hashes only keyframes in fast mode', async () => {
    const fast = await hashVideo(fixture('megamind.mp4'), { backend, keyframesOnly: true });
    expect(fast.fingerprint.keyframesOnly).toBe(true);
    expect(fast.fingerprint.frameCount).toBe(fast.info.keyframeTimes!.length);
  });

  it('stops both ffmpeg runs when cancelled', async () => {
    const controller = new AbortController();
    const pending = hashVideo(fixture('megamind.mp4'), { backend, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'Job.Cancelled' });
  });

  it('crops the letterbox of the padded excerpt', async () => {
    const result = await hashVideo(fixture('tree-excerpt-hflip.mp4'), { backend });
    expect(result.croppedFrames).toBe(result.fingerprint.frameCount);
  });
});

it('the WASM backend takes an MP4 AAC soundtrack through the built-in decoder (the Audio engine\u2019s fingerprint)', async () => {
  const source = fixture('megamind.mp4');
  const { fingerprint } = await hashVideo(source, { backend: 'wasm' });
  const alone = new AudioFingerprinter();
  await decodeAudioMonoTo(source, (pcm) => alone.push(pcm, false), { sampleRate: 8000, backend: 'wasm' });
  const expected = alone.push(new Float32Array(0), true);
  expect(Array.from(fingerprint.audio!.peakFrames)).toEqual(Array.from(expected.peakFrames));
  expect(Array.from(fingerprint.audio!.peakBins)).toEqual(Array.from(expected.peakBins));
});

it('both backends give nearly the same hashes', async () => {
  if (!system) return; // one backend only here: nothing to compare
  const a = (await hashVideo(fixture('mixed.mkv'), { backend: 'system', sceneThreshold: 0, audio: false })).fingerprint;
  const b = (await hashVideo(fixture('mixed.mkv'), { backend: 'wasm', sceneThreshold: 0, audio: false })).fingerprint;
  expect(b.frameCount).toBe(a.frameCount);
  let worst = 0;
  for (let i = 0; i < a.frameCount; i++) {
    expect(Math.abs(a.times[i] - b.times[i])).toBeLessThan(0.05);
    worst = Math.max(worst, hammingDistance256(a.pdq, b.pdq, i * 8, i * 8));
  }
  expect(worst).toBeLessThanOrEqual(16);
});
