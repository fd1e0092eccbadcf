// The WebCodecs video backend and the pure fingerprint packages in a real browser (Debian's
// headless Chromium driven by playwright-core; scripts/system-deps.sh installs it). The keyframes of
// committed H.264 High-profile fixtures are decoded by `decodeKeyframesWithWebCodecs` and hashed in
// the page by @mediadna/image and @mediadna/video; Node decodes the same keyframes with the ffmpeg
// backend and hashes them too. Same pixels must give identical hashes in both runtimes; the two
// decoders' frames must give close ones.
import { openInput, hammingDistance256 } from '../packages/core/dist/index.js';
import { hashImage } from '../packages/image/dist/index.js';
import { decodeVideoFrames, probeVideo, selectFfmpegBackend } from '../packages/media/dist/index.js';
import type { FfmpegBackend } from '../packages/media/dist/index.js';
import { VideoFingerprinter } from '../packages/video/dist/index.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openEntryPage } from './browser/chromium.js';
import type { LaunchedChromium } from './browser/chromium.js';
import { startStaticServer } from './browser/server.js';
import type { StaticServer } from './browser/server.js';

const root = new URL('..', import.meta.url).pathname;
const SHORT_SIDE = 128;
const fixtures = ['tree.mp4', 'megamind.mp4'];

interface BrowserFrame { timeSeconds: number; width: number; height: number; pixels: number[]; imagePdq: number[]; imageQuality: number }
interface BrowserResult { available: boolean; userAgent: string; count: number; frames: BrowserFrame[]; times: number[]; pdq: number[] }
interface NodeFrame { timeSeconds: number; width: number; height: number; pixels: Uint8Array }

let server: StaticServer;
let chromium: LaunchedChromium;
let page: Page;
const browserResults = new Map<string, BrowserResult>();
/** Node's keyframes per fixture, per ffmpeg backend (`wasm` always, `system` when on PATH). */
const nodeFrames = new Map<string, Map<string, NodeFrame[]>>();
let backends: FfmpegBackend[] = [];

async function decodeInNode(name: string, backend: FfmpegBackend): Promise<NodeFrame[]> {
  const source = await openInput(`${root}fixtures/video/${name}`);
  const info = await probeVideo(source, backend);
  const frames: NodeFrame[] = [];
  await decodeVideoFrames(source, info, backend, { keyframesOnly: true, shortSide: SHORT_SIDE }, (frame) => {
    frames.push({ timeSeconds: frame.timeSeconds, width: frame.width, height: frame.height, pixels: frame.pixels.slice() });
  });
  return frames;
}

function fingerprintInNode(frames: readonly { timeSeconds: number; width: number; height: number; pixels: Uint8Array }[]): Uint32Array {
  const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: true });
  for (const frame of frames) fingerprinter.push(frame, frame.timeSeconds);
  return fingerprinter.finish({ durationSeconds: 0, width: frames[0].width, height: frames[0].height }).pdq;
}

beforeAll(async () => {
  const auto = await selectFfmpegBackend('auto');
  backends = auto.name === 'wasm' ? [auto] : [auto, await selectFfmpegBackend('wasm')];
  server = await startStaticServer();
  chromium = await launchChromium();
  page = await openEntryPage(chromium, server.origin, '/repo/test/browser/webcodecs-page.js');
  for (const name of fixtures) {
    browserResults.set(name, await page.evaluate(
      ([url, shortSide]) => (window as unknown as { entry: { fingerprintKeyframes(u: string, s: number): Promise<BrowserResult> } }).entry.fingerprintKeyframes(url, shortSide),
      [`/repo/fixtures/video/${name}`, SHORT_SIDE] as const,
    ));
    const byBackend = new Map<string, NodeFrame[]>();
    for (const backend of backends) byBackend.set(backend.name, await decodeInNode(name, backend));
    nodeFrames.set(name, byBackend);
  }
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe.each(fixtures)('WebCodecs in headless Chromium: %s', (name) => {
  it('decodes every keyframe into a gray frame at the times and size ffmpeg gives', () => {
    const browser = browserResults.get(name)!;
    expect(browser.available).toBe(true);
    let widestSpread = 0;
    for (const [backendName, reference] of nodeFrames.get(name)!) {
      expect(reference.length).toBeGreaterThanOrEqual(2);
      expect(browser.count).toBe(reference.length);
      for (let i = 0; i < reference.length; i++) {
        const frame = browser.frames[i];
        expect(frame.timeSeconds).toBeCloseTo(reference[i].timeSeconds, 2);
        expect([frame.width, frame.height]).toEqual([reference[i].width, reference[i].height]);
        expect(frame.pixels.length).toBe(frame.width * frame.height);
        // The same picture as ffmpeg's: mean |Δ| per pixel measured 0-1.5 levels on these fixtures.
        let sum = 0;
        let sumSquares = 0;
        let difference = 0;
        for (let p = 0; p < frame.pixels.length; p++) {
          sum += frame.pixels[p];
          sumSquares += frame.pixels[p] * frame.pixels[p];
          difference += Math.abs(frame.pixels[p] - reference[i].pixels[p]);
        }
        const mean = sum / frame.pixels.length;
        widestSpread = Math.max(widestSpread, Math.sqrt(sumSquares / frame.pixels.length - mean * mean));
        console.log(`[${name} #${i}] t=${frame.timeSeconds.toFixed(3)} ${frame.width}x${frame.height}: mean |Δ| vs ffmpeg (${backendName}) ${(difference / frame.pixels.length).toFixed(2)} levels`);
        expect(difference / frame.pixels.length).toBeLessThan(5);
      }
    }
    // Real pictures, not blank frames (megamind's first keyframe is black in every decoder).
    expect(widestSpread).toBeGreaterThan(20);
  });

  it('hashImage and VideoFingerprinter give the same hashes in the browser as in Node for the same pixels', () => {
    const browser = browserResults.get(name)!;
    const frames = browser.frames.map((frame) => ({ ...frame, pixels: Uint8Array.from(frame.pixels) }));
    for (const frame of frames) {
      const rgba = new Uint8Array(frame.pixels.length * 4);
      for (let p = 0; p < frame.pixels.length; p++) rgba.fill(frame.pixels[p], p * 4, p * 4 + 3).fill(255, p * 4 + 3, p * 4 + 4);
      const node = hashImage({ width: frame.width, height: frame.height, data: rgba });
      expect(Array.from(node.pdq)).toEqual(frame.imagePdq);
      expect(node.quality).toBe(frame.imageQuality);
    }
    expect(Array.from(fingerprintInNode(frames))).toEqual(browser.pdq);
  });

  it("the browser's frame hashes are close to the hashes of ffmpeg's frames at the same times", () => {
    const browserPdq = Uint32Array.from(browserResults.get(name)!.pdq);
    for (const [backendName, frames] of nodeFrames.get(name)!) {
      const reference = fingerprintInNode(frames);
      expect(browserPdq.length).toBe(reference.length);
      const distances: number[] = [];
      for (let offset = 0; offset < reference.length; offset += 8) distances.push(hammingDistance256(browserPdq, reference, offset, offset));
      console.log(`[${name}] PDQ bits apart, WebCodecs vs ffmpeg (${backendName}), per keyframe: ${distances.join(', ')} of 256`);
      // Measured 0-4; unrelated frames are ~128 apart and the video match radius is 76.
      for (const distance of distances) expect(distance).toBeLessThanOrEqual(24);
    }
  });
});

describe('WebCodecs in headless Chromium: bad input', () => {
  const failure = (url: string, keep: number | null): Promise<string> =>
    page.evaluate(([u, k]) => (window as unknown as { entry: { decodeFailure(u: string, k: number | null): Promise<string> } }).entry.decodeFailure(u, k), [url, keep] as const);

  it('empty bytes, a WebM (not MP4) and a cut MP4 fail with a DnaError code, not a crash', async () => {
    expect(await failure('/repo/fixtures/video/vtest.webm', null)).toMatch(/^InvalidMedia\.UnsupportedFormat: /);
    expect(await failure('/repo/fixtures/video/tree.mp4', 1000)).toMatch(/^InvalidMedia\.UnsupportedFormat: /);
    // tree.mp4: moov at the front, keyframes at ~4.4 KB and past 20 KB in mdat.
    expect(await failure('/repo/fixtures/video/tree.mp4', 20_000)).toMatch(/^InvalidMedia\.Truncated: /);
    expect(await failure('/repo/fixtures/video/tree.mp4', 0)).toMatch(/^InvalidMedia\.Empty: /);
  });
});
