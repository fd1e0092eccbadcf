import { readFileSync } from 'node:fs';
import { DnaErrorCode, openInput } from '@mediadna/core';
import { describe, expect, it } from 'vitest';
import { convertWavFrames, decodeAudio, decodeAudioMono, downmixWavFrames, readWavInfo } from '../src/index.js';

const fixture = (name: string): string => new URL(`../../../fixtures/audio/${name}`, import.meta.url).pathname;

async function decodeAll(bytes: Uint8Array): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  const parts: Float32Array[][] = [];
  let sampleRate = 0;
  for await (const block of decodeAudio({ type: 'bytes', bytes, name: 'test.wav' })) {
    parts.push(block.channelData.slice());
    sampleRate = block.sampleRate;
  }
  const channels = parts[0].map((_, c) => {
    const out = new Float32Array(parts.reduce((n, p) => n + p[c].length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p[c], offset);
      offset += p[c].length;
    }
    return out;
  });
  return { channels, sampleRate };
}

/** A WAV file: `fmt ` with `tag`, then `data`; `extensible` wraps the tag in WAVE_FORMAT_EXTENSIBLE. */
function makeWav(options: { tag: number; bits: number; channels: number; rate: number; data: Uint8Array; extensible?: boolean; declaredBytes?: number; rf64?: boolean }): Uint8Array {
  const fmtSize = options.extensible ? 40 : 16;
  const ds64 = options.rf64 ? 36 : 0;
  const out = new Uint8Array(12 + ds64 + 8 + fmtSize + 8 + options.data.length);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < 4; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, options.rf64 ? 'RF64' : 'RIFF');
  view.setUint32(4, options.rf64 ? 0xffffffff : out.length - 8, true);
  ascii(8, 'WAVE');
  let p = 12;
  if (options.rf64) {
    ascii(p, 'ds64');
    view.setUint32(p + 4, 28, true);
    view.setUint32(p + 8, out.length - 8, true);
    view.setUint32(p + 16, options.data.length, true);
    p += 36;
  }
  ascii(p, 'fmt ');
  view.setUint32(p + 4, fmtSize, true);
  view.setUint16(p + 8, options.extensible ? 0xfffe : options.tag, true);
  view.setUint16(p + 10, options.channels, true);
  view.setUint32(p + 12, options.rate, true);
  view.setUint32(p + 16, (options.rate * options.channels * options.bits) / 8, true);
  view.setUint16(p + 20, (options.channels * options.bits) / 8, true);
  view.setUint16(p + 22, options.bits, true);
  if (options.extensible) {
    view.setUint16(p + 24, 22, true);
    view.setUint16(p + 26, options.bits, true);
    view.setUint16(p + 32, options.tag, true); // SubFormat GUID starts with the format tag
  }
  p += 8 + fmtSize;
  ascii(p, 'data');
  view.setUint32(p + 4, options.rf64 ? 0xffffffff : (options.declaredBytes ?? options.data.length), true);
  out.set(options.data, p + 8);
  return out;
}

describe('WAV decoding', () => {
  it('reads 16-bit, 24-bit (extensible) and float (extensible) files from ffmpeg alike', async () => {
    const s16 = await decodeAll(readFileSync(fixture('heroes-2s-s16.wav')));
    const s24 = await decodeAll(readFileSync(fixture('heroes-2s-s24.wav')));
    const f32 = await decodeAll(readFileSync(fixture('heroes-2s-f32.wav')));
    expect(s16.sampleRate).toBe(8000);
    expect(s16.channels[0].length).toBe(16000);
    expect(s24.channels[0].length).toBe(16000);
    let maxDiff = 0;
    for (let i = 0; i < 16000; i++) maxDiff = Math.max(maxDiff, Math.abs(s16.channels[0][i] - s24.channels[0][i]));
    expect(maxDiff).toBeLessThanOrEqual(1 / 32768 + 1e-7); // same audio, one 16-bit step apart at most
    // ffmpeg's float downmix is √2 louder; the waveform is the same: correlation ≈ 1
    let ab = 0, aa = 0, bb = 0;
    for (let i = 0; i < 16000; i++) {
      ab += s16.channels[0][i] * f32.channels[0][i];
      aa += s16.channels[0][i] ** 2;
      bb += f32.channels[0][i] ** 2;
    }
    expect(ab / Math.sqrt(aa * bb)).toBeGreaterThan(0.999);
  });

  it('converts 8-bit unsigned, 32-bit int and 64-bit float samples, stereo, RF64', async () => {
    const u8 = await decodeAll(makeWav({ tag: 1, bits: 8, channels: 2, rate: 11025, data: new Uint8Array([0, 255, 128, 64]) }));
    expect(u8.channels.length).toBe(2);
    expect(Array.from(u8.channels[0])).toEqual([-1, 0]);
    expect(Array.from(u8.channels[1])).toEqual([127 / 128, -0.5]);
    const i32 = new Uint8Array(8);
    new DataView(i32.buffer).setInt32(0, -2147483648, true);
    new DataView(i32.buffer).setInt32(4, 1073741824, true);
    const int32 = await decodeAll(makeWav({ tag: 1, bits: 32, channels: 1, rate: 8000, data: i32, extensible: true }));
    expect(Array.from(int32.channels[0])).toEqual([-1, 0.5]);
    const f64 = new Uint8Array(16);
    new DataView(f64.buffer).setFloat64(0, 0.25, true);
    new DataView(f64.buffer).setFloat64(8, -0.75, true);
    const float64 = await decodeAll(makeWav({ tag: 3, bits: 64, channels: 1, rate: 96000, data: f64, rf64: true }));
    expect(float64.sampleRate).toBe(96000);
    expect(Array.from(float64.channels[0])).toEqual([0.25, -0.75]);
  });

  it('fails a header claiming 4 GB on a small file as truncated, without allocating it', async () => {
    const bytes = makeWav({ tag: 1, bits: 16, channels: 2, rate: 44100, data: new Uint8Array(400), declaredBytes: 0xfffffff0 });
    await expect(decodeAll(bytes)).rejects.toMatchObject({ code: DnaErrorCode.MediaTruncated, message: expect.stringContaining('4294967280') });
  });

  it('gives specific codes for empty, cut and unsupported files', async () => {
    await expect(decodeAll(new Uint8Array(0))).rejects.toMatchObject({ code: DnaErrorCode.MediaEmpty });
    const whole = readFileSync(fixture('heroes-2s-s16.wav'));
    await expect(decodeAll(whole.subarray(0, 20))).rejects.toMatchObject({ code: DnaErrorCode.MediaCorrupt });
    await expect(decodeAll(whole.subarray(0, 1000))).rejects.toMatchObject({ code: DnaErrorCode.MediaTruncated });
    const adpcm = makeWav({ tag: 2, bits: 4, channels: 1, rate: 8000, data: new Uint8Array(100) });
    await expect(decodeAll(adpcm)).rejects.toMatchObject({ code: DnaErrorCode.MediaUnsupported, message: expect.stringContaining('0x2') });
    const silentHeaderOnly = makeWav({ tag: 1, bits: 16, channels: 1, rate: 8000, data: new Uint8Array(0) });
    await expect(decodeAll(silentHeaderOnly)).rejects.toMatchObject({ code: DnaErrorCode.MediaNoContent });
  });

  it('streams a file from disk in blocks', async () => {
    const source = await openInput(fixture('heroes-2s-s24.wav'));
    let frames = 0;
    for await (const block of decodeAudio(source)) frames += block.channelData[0].length;
    expect(frames).toBe(16000);
  });
});

describe('16-bit PCM fast paths', () => {
  it('reads stereo and 3-channel 16-bit samples exactly, aligned or at an odd byte offset', async () => {
    for (const channels of [1, 2, 3]) {
      const frames = 1001;
      const values = new Int16Array(frames * channels);
      let seed = 11 + channels;
      for (let i = 0; i < values.length; i++) values[i] = ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) - 32768;
      const data = new Uint8Array(values.length * 2);
      const view = new DataView(data.buffer);
      for (let i = 0; i < values.length; i++) view.setInt16(i * 2, values[i], true);
      const wav = makeWav({ tag: 1, bits: 16, channels, rate: 8000, data });
      // the same file one byte into a larger buffer: the samples are no longer 2-byte aligned
      const shifted = new Uint8Array(wav.length + 1);
      shifted.set(wav, 1);
      for (const bytes of [wav, shifted.subarray(1)]) {
        const decoded = await decodeAll(bytes);
        expect(decoded.channels.length).toBe(channels);
        for (let c = 0; c < channels; c++) {
          expect(decoded.channels[c].length).toBe(frames);
          for (let i = 0; i < frames; i++) expect(decoded.channels[c][i]).toBe(values[i * channels + c] / 32768);
        }
      }
    }
  });
});

describe('WAV block streaming with read-ahead', () => {
  it('streams a multi-block file from disk in order, and a consumer may stop after the first block', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const frames = 150000; // three blocks of at most 65536 frames
    const data = new Uint8Array(frames);
    for (let i = 0; i < frames; i++) data[i] = (i * 7) & 0xff;
    const dir = mkdtempSync(join(tmpdir(), 'mediadna-wav-'));
    const path = join(dir, 'long.wav');
    writeFileSync(path, makeWav({ tag: 1, bits: 8, channels: 1, rate: 8000, data }));
    try {
      let index = 0;
      let blocks = 0;
      for await (const block of decodeAudio(await openInput(path))) {
        const channel = block.channelData[0];
        for (let i = 0; i < channel.length; i++, index++) expect(channel[i]).toBe((data[index] - 128) / 128);
        blocks++;
      }
      expect(index).toBe(frames);
      expect(blocks).toBe(3);
      for await (const block of decodeAudio(await openInput(path))) {
        expect(block.channelData[0].length).toBe(65536);
        break; // the read-ahead of block 2 is still in flight when the file is closed
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WAV downmix fused into conversion', () => {
  it('gives the average of the converted channels for every sample layout', async () => {
    let seed = 11;
    const random = (): number => (seed = (Math.imul(seed, 69069) + 1) >>> 0) / 2 ** 32;
    const layouts = [
      { tag: 1, bits: 16, channels: 2 },
      { tag: 1, bits: 16, channels: 1 },
      { tag: 1, bits: 16, channels: 6 },
      { tag: 1, bits: 8, channels: 2 },
      { tag: 1, bits: 24, channels: 2 },
      { tag: 1, bits: 32, channels: 3 },
      { tag: 3, bits: 32, channels: 2 },
    ];
    for (const layout of layouts) {
      const frames = 1003; // not a multiple of the SIMD step
      const data = new Uint8Array((frames * layout.channels * layout.bits) / 8);
      if (layout.tag === 3) {
        const floats = new Float32Array(data.buffer);
        for (let i = 0; i < floats.length; i++) floats[i] = random() * 2 - 1;
      } else {
        for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
      }
      const file = makeWav({ ...layout, rate: 8000, data });
      const info = await readWavInfo({ size: file.length, read: async (o, n) => file.subarray(o, o + n), close: async () => {} });
      const bytes = file.slice(info.dataOffset);
      const channels = convertWavFrames(bytes, frames, info);
      const mono = new Float32Array(frames);
      downmixWavFrames(bytes, frames, info, mono);
      const scalar = new Float32Array(frames);
      downmixWavFrames(bytes, frames, info, scalar, false);
      expect(Array.from(mono), `SIMD and JavaScript, ${layout.bits}-bit ${layout.channels} ch`).toEqual(Array.from(scalar));
      for (let i = 0; i < frames; i += 37) {
        const average = channels.reduce((sum, c) => sum + c[i], 0) / layout.channels;
        expect(mono[i], `${layout.bits}-bit ${layout.channels} ch, frame ${i}`).toBeCloseTo(average, 6);
      }
    }
  });

  it('streams mono at 8 kHz from a stereo WAV as the per-channel path does', async () => {
    // The mono fixture in both channels, the right one at half volume and inverted.
    const source = await decodeAll(readFileSync(fixture('heroes-2s-s16.wav')));
    const left = source.channels[0];
    const data = new Int16Array(left.length * 2);
    for (let i = 0; i < left.length; i++) {
      data[2 * i] = Math.round(left[i] * 32767);
      data[2 * i + 1] = Math.round(-left[i] * 16383);
    }
    const bytes = makeWav({ tag: 1, bits: 16, channels: 2, rate: 8000, data: new Uint8Array(data.buffer) });
    const fused: Float32Array[] = [];
    for await (const pcm of decodeAudioMono({ type: 'bytes', bytes, name: 'a.wav' })) fused.push(pcm);
    const { channels } = await decodeAll(bytes);
    expect(channels).toHaveLength(2);
    const average = channels[0].map((_, i) => channels.reduce((sum, c) => sum + c[i], 0) / channels.length);
    const total = fused.reduce((n, p) => n + p.length, 0);
    expect(total).toBe(average.length); // the fixture is at 8 kHz already: no resampling
    let at = 0;
    for (const part of fused) for (const value of part) expect(value).toBeCloseTo(average[at++], 6);
  });
});
