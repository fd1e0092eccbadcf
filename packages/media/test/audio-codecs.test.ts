import { readFileSync } from 'node:fs';
import { DnaErrorCode, concatFloat32, openInput } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { decodeAudio, decodeAudioMono } from '../src/index.js';
import { oggOpusSamples } from '../src/audio/ogg-opus-length.js';

const fixture = (name: string): string => new URL(`../../../fixtures/audio/${name}`, import.meta.url).pathname;

async function mono8k(bytes: Uint8Array, name = 'x'): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const pcm of decodeAudioMono({ type: 'bytes', bytes, name })) parts.push(pcm);
  return concatFloat32(parts);
}

/** Best normalised correlation over lags of ± `maxLag` samples. */
function bestCorrelation(a: Float32Array, b: Float32Array, maxLag: number): number {
  let best = -1;
  const n = Math.min(a.length, b.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = maxLag; i < n; i++) {
      const x = a[i];
      const y = b[i + lag];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    best = Math.max(best, ab / Math.sqrt(aa * bb));
  }
  return best;
}

describe('compressed audio decoding', () => {
  const cases: Array<[file: string, rate: number, channels: number]> = [
    ['heroes-5s.mp3', 44100, 2],
    ['heroes-5s.ogg', 44100, 2],
    ['heroes-5s.opus', 48000, 2],
    ['heroes-5s.flac', 8000, 1],
    ['heroes-5s.m4a', 44100, 2],
  ];
  it.each(cases)('%s decodes at %i Hz, %i channels, 5 s, and matches the lossless reference', async (file, rate, channels) => {
    const source = await openInput(fixture(file));
    let frames = 0;
    let seenRate = 0;
    let seenChannels = 0;
    for await (const block of decodeAudio(source)) {
      frames += block.channelData[0].length;
      seenRate = block.sampleRate;
      seenChannels = block.channelData.length;
    }
    expect(seenRate).toBe(rate);
    expect(seenChannels).toBe(channels);
    expect(frames / rate).toBeGreaterThan(4.9);
    expect(frames / rate).toBeLessThan(5.2);
    const reference = await mono8k(readFileSync(fixture('heroes-5s.flac')));
    const decoded = await mono8k(readFileSync(fixture(file)));
    expect(bestCorrelation(reference, decoded, 800)).toBeGreaterThan(0.9);
  });

  it('fails garbage behind a valid signature as corrupt', async () => {
    const garbage = new Uint8Array(20000);
    let seed = 1;
    for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    garbage.set([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0], 0); // "ID3" → sniffed as MP3
    await expect(mono8k(garbage)).rejects.toMatchObject({ code: DnaErrorCode.MediaCorrupt });
    const ogg = readFileSync(fixture('heroes-5s.ogg'));
    const headerOnly = ogg.slice(0, 60);
    await expect(mono8k(headerOnly)).rejects.toMatchObject({ code: DnaErrorCode.MediaCorrupt });
  });

  it('keeps what decodes from a truncated file', async () => {
    const opus = readFileSync(fixture('heroes-5s.opus'));
    const half = await mono8k(opus.subarray(0, opus.length >> 1));
    expect(half.length / 8000).toBeGreaterThan(1.5);
    expect(half.length / 8000).toBeLessThan(3.5);
  });

  it('decodes Opus to its full length: the tail the decoder holds until flush is kept (up to 1 s)', async () => {
    // battle-20s.opus: the decoder returns 19.0 s from decode() and the last second from flush().
    const bytes = readFileSync(fixture('battle-20s.opus'));
    let frames = 0;
    for await (const block of decodeAudio({ type: 'bytes', bytes, name: 'a.opus' })) frames += block.channelData[0].length;
    expect(Math.abs(frames / 48000 - 19.9976)).toBeLessThan(0.01); // ffprobe: 19.9976 s
  });

  it('adds no loss concealment past the last complete Ogg page of a cut Opus file', async () => {
    const bytes = readFileSync(fixture('battle-20s.opus')).subarray(0, Math.floor(0.6 * 78_040));
    const reader = { size: bytes.length, read: async (o: number, n: number) => bytes.subarray(o, o + n), close: async () => {} };
    const pages = (await oggOpusSamples(reader))! / 48000;
    expect(pages).toBeGreaterThan(5);
    let frames = 0;
    for await (const block of decodeAudio({ type: 'bytes', bytes, name: 'a.opus' })) frames += block.channelData[0].length;
    expect(frames / 48000).toBeLessThanOrEqual(pages + 1e-6);
    expect(frames / 48000).toBeGreaterThan(pages - 1.1);
  });

  it('refuses images, text and unknown bytes with specific codes', async () => {
    await expect(mono8k(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).rejects.toMatchObject({ code: DnaErrorCode.MediaTypeMismatch });
    await expect(mono8k(new TextEncoder().encode('hello, this is not audio at all\n'))).rejects.toMatchObject({ code: DnaErrorCode.MediaTypeMismatch });
    await expect(mono8k(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 0, 9, 9, 9]))).rejects.toMatchObject({ code: DnaErrorCode.MediaUnsupported });
  });

  it('enforces the duration limit while decoding', async () => {
    const source = await openInput(fixture('heroes-5s.mp3'));
    const run = async (): Promise<void> => {
      for await (const _ of decodeAudio(source, { maxDurationSeconds: 2 })) void _;
    };
    await expect(run()).rejects.toMatchObject({ code: DnaErrorCode.MediaTooLong });
  });
});

describe('decoded blocks handed on without a copy', () => {
  it('keeps every yielded block intact while later blocks decode (MP3, Vorbis, Opus, FLAC)', async () => {
    for (const file of ['heroes-5s.mp3', 'heroes-5s.ogg', 'battle-20s.opus', 'heroes-5s.flac']) {
      const kept: Float32Array[] = [];
      const snapshots: Float32Array[] = [];
      for await (const block of decodeAudio(await openInput(fixture(file)))) {
        for (const channel of block.channelData) {
          kept.push(channel);
          snapshots.push(channel.slice());
        }
      }
      expect(kept.length, file).toBeGreaterThan(0);
      expect(new Set(kept.map((c) => c.buffer)).size, file).toBe(kept.length);
      for (let i = 0; i < kept.length; i++) expect(kept[i], file).toEqual(snapshots[i]);
    }
  });
});
