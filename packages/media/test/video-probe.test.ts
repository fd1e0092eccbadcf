// probeVideo: MP4 metadata from mp4box and clear codes for bad input, before any decoding.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MediaSource } from '@mediadna/core';
import { DnaError, DnaErrorCode } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/ffmpeg/wasm.js';
import { scanTopLevelBoxes } from '../src/video/boxes.js';
import { probeVideo } from '../src/video/probe.js';

const pathOf = (name: string) => fileURLToPath(new URL(`../../../fixtures/video/${name}`, import.meta.url));
const file = (name: string): MediaSource => ({ type: 'path', path: pathOf(name), size: statSync(pathOf(name)).size });
const bytes = (name: string) => new Uint8Array(readFileSync(pathOf(name)));
const asSource = (data: Uint8Array, name: string): MediaSource => ({ type: 'bytes', bytes: data, name });
const backend = await createWasmBackend();

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DnaError);
    expect((error as DnaError).message).toMatch(/^\[mediadna\] \[video\] /);
    return (error as DnaError).code;
  }
  return 'resolved';
}

function findBox(data: Uint8Array, type: string, from = 0): number {
  for (let i = from; i + 8 <= data.length; i++) {
    if (data[i + 4] === type.charCodeAt(0) && data[i + 5] === type.charCodeAt(1) && data[i + 6] === type.charCodeAt(2) && data[i + 7] === type.charCodeAt(3)) return i;
  }
  return -1;
}

describe('probeVideo on MP4 (mp4box)', () => {
  it('reads size, duration, codecs, keyframes', async () => {
    const info = await probeVideo(file('megamind.mp4'), backend);
    expect(info.demuxer).toBe('mp4box');
    expect(info.container).toBe('mp4');
    expect([info.width, info.height]).toEqual([240, 176]);
    expect(info.videoCodec).toMatch(/^avc1\.64/); // H.264 High profile
    expect(info.durationSeconds).toBeGreaterThan(7.9);
    expect(info.durationSeconds).toBeLessThan(8.2);
    expect(info.audio).toMatchObject({ codec: 'mp4a.40.2', sampleRate: 22050 });
    expect(info.keyframeTimes?.[0]).toBe(0);
    expect(info.frameRate).toBeGreaterThan(20);
  });

  it('scans top-level boxes of a faststart file', async () => {
    const data = bytes('tree.mp4');
    const scan = await scanTopLevelBoxes(async (offset, length) => data.subarray(offset, offset + length), data.length);
    expect(scan.boxes.map((box) => box.type)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
    expect(scan.truncated).toBe(false);
  });
});

describe('probeVideo bad input', () => {
  it('zero-length', async () => {
    expect(await codeOf(probeVideo(asSource(new Uint8Array(0), 'empty.mp4'), backend))).toBe(DnaErrorCode.MediaEmpty);
  });

  it('text named .mp4', async () => {
    const text = new TextEncoder().encode('this is not a video at all\n'.repeat(20));
    expect(await codeOf(probeVideo(asSource(text, 'notes.mp4'), backend))).toBe(DnaErrorCode.MediaUnsupported);
  });

  it('truncated MP4 (mdat cut)', async () => {
    const data = bytes('tree.mp4');
    expect(await codeOf(probeVideo(asSource(data.subarray(0, Math.floor(data.length * 0.6)), 'cut.mp4'), backend))).toBe(DnaErrorCode.MediaTruncated);
  });

  it('moov missing', async () => {
    const data = bytes('tree.mp4').slice();
    const moov = findBox(data, 'moov');
    data[moov + 4] = 'f'.charCodeAt(0); // rename moov → free: the index is gone, the file is whole
    data[moov + 5] = 'r'.charCodeAt(0);
    data[moov + 6] = 'e'.charCodeAt(0);
    data[moov + 7] = 'e'.charCodeAt(0);
    const error = await probeVideo(asSource(data, 'nomoov.mp4'), backend).catch((e: unknown) => e as DnaError);
    expect((error as DnaError).code).toBe(DnaErrorCode.MediaCorrupt);
    expect((error as DnaError).message).toMatch(/moov/);
  });

  it('enormous dimensions in the sample entry', async () => {
    const data = bytes('tree.mp4').slice();
    const avc1 = findBox(data, 'avc1', findBox(data, 'stsd'));
    // VisualSampleEntry: 8 header + 6 reserved + 2 index + 16 predefined → width/height at +32.
    data.set([0x7f, 0xff, 0x7f, 0xff], avc1 + 32);
    expect(await codeOf(probeVideo(asSource(data, 'huge.mp4'), backend))).toBe(DnaErrorCode.MediaTooManyPixels);
  });

  it('a 10-hour declared duration fails before decoding', async () => {
    const data = bytes('tree.mp4').slice();
    const mvhd = findBox(data, 'mvhd');
    const timescale = new DataView(data.buffer).getUint32(mvhd + 20);
    new DataView(data.buffer).setUint32(mvhd + 24, timescale * 36000);
    const started = Date.now();
    expect(await codeOf(probeVideo(asSource(data, 'ten-hours.mp4'), backend))).toBe(DnaErrorCode.MediaTooLong);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('audio is not video', async () => {
    const wav = new Uint8Array(64);
    wav.set(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '));
    expect(await codeOf(probeVideo(asSource(wav, 'sound.wav'), backend))).toBe(DnaErrorCode.MediaTypeMismatch);
  });

  it('unsupported codec (an MP4 whose video sample entry is unknown) fails on decode, not crash', async () => {
    const { decodeVideoFrames } = await import('../src/video/frames.js');
    const data = bytes('tree.mp4').slice();
    const avc1 = findBox(data, 'avc1', findBox(data, 'stsd'));
    data.set([0x7a, 0x7a, 0x7a, 0x7a], avc1 + 4); // sample entry 'zzzz'
    const avcC = findBox(data, 'avcC', avc1);
    data.set([0x7a, 0x7a, 0x7a, 0x43], avcC + 4); // and no decoder configuration
    const source = asSource(data, 'zzzz.mp4');
    // mp4box does not call an unknown sample entry a video track …
    expect(await codeOf(probeVideo(source, backend))).toBe(DnaErrorCode.MediaNoContent);
    // … and ffmpeg, asked anyway, has no decoder for it.
    const info = await probeVideo(file('tree.mp4'), backend);
    expect(await codeOf(decodeVideoFrames(source, info, backend, {}, () => {}))).toBe(DnaErrorCode.MediaUnsupported);
  });
});
