// The audio fingerprint's WebAssembly SIMD kernels (resampler FIR, spectra) in a real browser:
// Debian's headless Chromium (playwright-core; scripts/system-deps.sh installs it) resamples and
// fingerprints decoded PCM with and without SIMD; Node does the same. All four must agree.
import { openInput } from '../packages/core/dist/index.js';
import { decodeAudio, AudioResampler } from '../packages/media/dist/index.js';
import { defaultAudioConfig, hashAudio } from '../packages/audio/dist/index.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openEntryPage } from './browser/chromium.js';
import type { LaunchedChromium } from './browser/chromium.js';
import { startStaticServer } from './browser/server.js';
import type { StaticServer } from './browser/server.js';

interface Peaks { frameCount: number; frames: number[]; bins: number[]; samples: number }
interface BrowserAudio { simdKernels: boolean; userAgent: string; simd: Peaks; scalar: Peaks }

const root = new URL('..', import.meta.url).pathname;
let server: StaticServer;
let chromium: LaunchedChromium;
let page: Page;

beforeAll(async () => {
  server = await startStaticServer();
  chromium = await launchChromium();
  page = await openEntryPage(chromium, server.origin, '/repo/test/browser/audio-page.js');
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('audio SIMD kernels in headless Chromium', () => {
  it('give the same resampled PCM length and the same peaks as Node, with and without SIMD', async () => {
    // 44.1 kHz stereo Vorbis: the half-band, rational and half-band stages all run.
    const channels: Float32Array[][] = [];
    let rate = 0;
    for await (const block of decodeAudio(await openInput(`${root}fixtures/audio/heroes-5s.ogg`))) {
      channels.push(block.channelData.map((c) => c.slice()));
      rate = block.sampleRate;
    }
    const joined = channels[0].map((_, c) => Float32Array.from(channels.flatMap((block) => Array.from(block[c]))));
    expect(rate).toBe(44100);
    const browser = await page.evaluate(
      ([data, r]) => (window as unknown as { entry: { fingerprintAudio(d: number[][], r: number): BrowserAudio } }).entry.fingerprintAudio(data, r),
      [joined.map((c) => Array.from(c)), rate] as const,
    );
    console.log(`[browser audio] ${browser.userAgent}: SIMD kernels ${browser.simdKernels ? 'available' : 'missing'}, ${browser.simd.frames.length} peaks`);
    expect(browser.simdKernels).toBe(true);
    const pcm = new AudioResampler(rate, 8000).push(joined, true);
    const node = hashAudio(pcm, defaultAudioConfig);
    expect(node.peakFrames.length).toBeGreaterThan(30);
    for (const run of [browser.simd, browser.scalar]) {
      expect(run.samples).toBe(pcm.length);
      expect(run.frameCount).toBe(node.frameCount);
      expect(run.frames).toEqual(Array.from(node.peakFrames));
      expect(run.bins).toEqual(Array.from(node.peakBins));
    }
  });
});
