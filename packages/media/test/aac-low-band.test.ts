import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aacCodeLists, spectralCodebooks } from '../src/audio/aac/huffman-tables.js';
import { AAC_SAMPLE_RATES, bandTables } from '../src/audio/aac/band-tables.js';
import { readAdtsHeader } from '../src/audio/aac/adts.js';
import { readAudioSpecificConfig } from '../src/audio/aac/audio-specific-config.js';
import { ChannelStream } from '../src/audio/aac/channel-stream.js';
import { RawDataBlockDecoder } from '../src/audio/aac/raw-data-block.js';
import { FlacBitReader } from '../src/audio/flac/bit-reader.js';
import { LowBandAacDecoder, probeLowBandAac, type AacLayout } from '../src/audio/aac/low-band-decoder.js';
import { decodeAudioMono } from '../src/index.js';
import { openByteReader } from '../src/audio/reader.js';
import { decodeWhole, delayed, snr, to8k } from './low-band-helpers.js';

const fixturePath = (name: string): string => new URL(`../../../fixtures/audio/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mediadna-aac-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ffmpeg(args: string[]): Buffer {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(String(run.stderr));
  return run.stdout;
}

/** An AAC file made with ffmpeg's encoder (installed by scripts/system-deps.sh) from `input` arguments. */
function variant(name: string, input: string[], args: string[]): string {
  const path = join(dir, name);
  ffmpeg([...input, '-c:a', 'aac', ...args, path]);
  return path;
}

const fromFixture = ['-i', fixturePath('heroes-5s.ogg')];
/** Clicks with different timing in each channel: short windows, switched independently (no common window). */
const clicks = ['-f', 'lavfi', '-i', "aevalsrc='if(lt(mod(t,0.37),0.004),sin(2*PI*3000*t),0)+0.05*sin(2*PI*440*t)|if(lt(mod(t+0.1,0.29),0.003),sin(2*PI*1500*t),0)':s=44100:d=4"];

/** ffmpeg's own AAC decode, the channels averaged (LFE left out, as the decoder does). */
function reference(path: string, channels: number): Float32Array {
  const mix = channels === 6 ? 'pan=mono|c0=0.2*c0+0.2*c1+0.2*c2+0.2*c4+0.2*c5' : `pan=mono|c0=${Array.from({ length: channels }, (_, c) => `${1 / channels}*c${c}`).join('+')}`;
  const raw = ffmpeg(['-i', path, '-af', mix, '-f', 'f32le', '-']);
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}

async function layoutOf(path: string): Promise<AacLayout | null> {
  const reader = await openByteReader({ type: 'path', path, size: readFileSync(path).length });
  try {
    return await probeLowBandAac(reader);
  } finally {
    await reader.close();
  }
}

async function decodeAll(path: string, analysisRate: number, bytes: Uint8Array = readFileSync(path), simd = true): Promise<{ pcm: Float32Array; rate: number; errors: number }> {
  const layout = await layoutOf(path);
  if (!layout) throw new Error(`not taken: ${path}`);
  return decodeWhole(new LowBandAacDecoder(analysisRate, layout, { simd }), bytes);
}

const CASES: Array<[name: string, make: () => string, channels: number]> = [
  ['M4A stereo 44.1 kHz 64 kb/s (fixture; PNS and intensity)', () => fixturePath('heroes-5s.m4a'), 2],
  ['M4A stereo 128 kb/s, no PNS (M/S, TNS)', () => variant('plain.m4a', fromFixture, ['-b:a', '128k', '-aac_pns', '0']), 2],
  ['ADTS stereo 48 kHz 96 kb/s', () => variant('s48.aac', fromFixture, ['-ar', '48000', '-b:a', '96k', '-aac_pns', '0', '-f', 'adts']), 2],
  ['M4A mono 22.05 kHz, index first (faststart)', () => variant('mono22.m4a', fromFixture, ['-ar', '22050', '-ac', '1', '-b:a', '48k', '-aac_pns', '0', '-movflags', '+faststart']), 1],
  ['M4A 5.1 (SCE, two CPEs, LFE)', () => variant('six.m4a', fromFixture, ['-af', 'pan=5.1|c0=c0|c1=c1|c2=0.5*c0+0.5*c1|c3=0.1*c0|c4=c0|c5=c1', '-b:a', '256k', '-aac_pns', '0']), 6],
  ['M4A clicks: short windows, channels switching apart', () => variant('clicks.m4a', clicks, ['-b:a', '160k', '-aac_pns', '0']), 2],
];

describe('low-band AAC decoder', () => {
  it('has complete codebooks (every codeword set fills the code space exactly)', () => {
    const lists = aacCodeLists();
    expect(lists.map((codes) => codes.length)).toEqual([81, 81, 81, 81, 81, 81, 64, 64, 169, 169, 289, 121]);
    for (const codes of lists) {
      const kraft = codes.reduce((sum, [, length]) => sum + 2 ** -length, 0);
      expect(kraft).toBeCloseTo(1, 12);
      const seen = new Set(codes.map(([code, length]) => `${length}:${code}`));
      expect(seen.size).toBe(codes.length);
    }
    // Codebook 11 escapes: index 16·17 + 16 codes (16, 16).
    const eleven = spectralCodebooks()[11];
    expect(Array.from(eleven.values.subarray(288 * 2, 288 * 2 + 2))).toEqual([16, 16]);
    expect(eleven.escapes[288]).toBe(2);
  });

  it('has band tables that end at the window length for every rate', () => {
    for (let index = 0; index < AAC_SAMPLE_RATES.length; index++) {
      const bands = bandTables(index);
      expect(bands.long[0]).toBe(0);
      expect(bands.long[bands.long.length - 1]).toBe(1024);
      expect(bands.short[bands.short.length - 1]).toBe(128);
      for (let b = 1; b < bands.long.length; b++) expect(bands.long[b]).toBeGreaterThan(bands.long[b - 1]);
    }
    expect([0, 2, 3, 5, 6, 8, 11].map((index) => bandTables(index).long.length - 1)).toEqual([41, 47, 49, 51, 47, 43, 40]);
  });

  it.each(CASES)('%s: at the full rate, equals ffmpeg’s decode (noise bands aside)', async (name, make, channels) => {
    const path = make();
    const expected = reference(path, channels);
    const full = await decodeAll(path, 96000); // D = 1, every line
    expect(full.errors).toBe(0);
    expect(full.pcm.length).toBe(expected.length); // the M4A edit list's priming is skipped, as ffmpeg does
    const db = snr(expected, full.pcm);
    if (name.includes('PNS')) expect(db).toBeGreaterThan(25); // random noise bands cannot match: measured 35 dB
    else expect(db).toBeGreaterThan(100); // measured 135-137 dB
  });

  it.each(CASES)('%s: the low band matches the full decode below 4 kHz', async (_name, make) => {
    const path = make();
    const low = await decodeAll(path, 8000);
    const full = await decodeAll(path, 96000);
    const decimation = full.rate / low.rate;
    expect([2, 4]).toContain(decimation);
    // Sample m of the low band is sample D·m + (D − 1)/2 of the full decode.
    const reference8k = to8k(delayed(full.pcm, -(decimation - 1) / 2), full.rate);
    expect(snr(reference8k, to8k(low.pcm, low.rate), 800, reference8k.length - 800)).toBeGreaterThan(35); // measured 42-52 dB (the 64-tap delay bounds it)
    // The SIMD back end (float32) and the JavaScript one (float64) agree.
    const js = await decodeAll(path, 8000, readFileSync(path), false);
    expect(snr(js.pcm, low.pcm)).toBeGreaterThan(90); // measured 138-139 dB
  });

  it('probes LC streams in ADTS and MP4, and refuses the rest', async () => {
    expect((await layoutOf(fixturePath('heroes-5s.m4a')))?.kind).toBe('mp4');
    expect((await layoutOf(variant('probe.aac', fromFixture, ['-b:a', '64k', '-f', 'adts'])))?.kind).toBe('adts');
    expect(await layoutOf(fixturePath('heroes-5s.mp3'))).toBeNull();
    expect(await layoutOf(fixturePath('heroes-5s.ogg'))).toBeNull();
    const main = variant('main.aac', fromFixture, ['-profile:a', 'aac_main', '-b:a', '64k', '-f', 'adts']);
    expect(await layoutOf(main)).toBeNull(); // Main profile (prediction): another decoder's job
  });

  it('reads the LC core of LC, HE-AAC (SBR) and HE-AAC v2 (PS) configs, and refuses the rest', () => {
    /** Packs bit fields (value, width) into bytes. */
    const pack = (...fields: Array<[number, number]>): Uint8Array => {
      const bits = fields.map(([value, width]) => value.toString(2).padStart(width, '0')).join('').padEnd(32, '0');
      return Uint8Array.from({ length: bits.length / 8 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2));
    };
    // LC, 44.1 kHz (index 4), stereo; then GASpecificConfig: frameLengthFlag, dependsOnCoreCoder, extensionFlag.
    expect(readAudioSpecificConfig(pack([2, 5], [4, 4], [2, 4], [0, 3]))).toEqual({ samplingFrequencyIndex: 4, sampleRate: 44100, channelConfiguration: 2 });
    // SBR (5) and PS (29), explicit: the core's rate (22.05 kHz, index 7), the output rate (index 4), then the core type.
    for (const type of [5, 29]) {
      expect(readAudioSpecificConfig(pack([type, 5], [7, 4], [type === 29 ? 1 : 2, 4], [4, 4], [2, 5], [0, 3]))?.sampleRate).toBe(22050);
    }
    expect(readAudioSpecificConfig(pack([1, 5], [4, 4], [2, 4], [0, 3]))).toBeNull(); // Main (prediction)
    expect(readAudioSpecificConfig(pack([4, 5], [4, 4], [2, 4], [0, 3]))).toBeNull(); // LTP
    expect(readAudioSpecificConfig(pack([2, 5], [4, 4], [2, 4], [4, 3]))).toBeNull(); // 960-sample frames
    expect(readAudioSpecificConfig(pack([2, 5], [15, 4], [44100, 24], [2, 4], [0, 3]))).toBeNull(); // an explicit rate
    expect(readAudioSpecificConfig(new Uint8Array(1))).toBeNull();
  });

  it('decodes the AAC track of an MP4 video, its samples interleaved with the video', async () => {
    const path = join(dir, 'video.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25:duration=5', ...fromFixture, '-c:v', 'mpeg4', '-q:v', '10', '-c:a', 'aac', '-b:a', '96k', '-shortest', path]);
    const layout = await layoutOf(path);
    expect(layout?.kind).toBe('mp4');
    const parts: Float32Array[] = [];
    for await (const pcm of decodeAudioMono({ type: 'path', path, size: readFileSync(path).length })) parts.push(pcm);
    const ours = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      ours.set(part, at);
      at += part.length;
    }
    const raw = ffmpeg(['-i', path, '-vn', '-ac', '1', '-ar', '8000', '-f', 'f32le', '-']);
    const expected = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    expect(Math.abs(ours.length - expected.length)).toBeLessThan(8);
    // Resamplers and the 34 µs phase of the decimated synthesis differ: compare the envelopes' shape.
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < Math.min(ours.length, expected.length); i++) {
      dot += ours[i] * expected[i];
      a += ours[i] * ours[i];
      b += expected[i] * expected[i];
    }
    expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.95);
  });

  it('reads past a coupling channel element (its contribution left out): the same output as without it', () => {
    // No encoder here writes CCEs: one is spliced in front of each block of a mono stream, made of
    // the block's own channel stream (a CCE's body is one) and a single gain list.
    const bytes = readFileSync(variant('mono.aac', fromFixture, ['-ac', '1', '-ar', '22050', '-b:a', '48k', '-f', 'adts']));
    const bands = bandTables(7);
    const plain = new RawDataBlockDecoder(bands, 1, 1, { channelConfiguration: 1 });
    const coupled = new RawDataBlockDecoder(bands, 1, 1, { channelConfiguration: 1 });
    const bitsOf = (data: Uint8Array, from: number, to: number): string => {
      let text = '';
      for (let bit = from; bit < to; bit++) text += (data[bit >> 3] >> (7 - (bit & 7))) & 1;
      return text;
    };
    let splicedFrames = 0;
    for (let at = 0; at + 7 <= bytes.length; ) {
      const header = readAdtsHeader(bytes, at)!;
      const block = new Uint8Array(header.frameLength - header.headerLength + 8);
      block.set(bytes.subarray(at + header.headerLength, at + header.frameLength));
      const length = header.frameLength - header.headerLength;
      at += header.frameLength;
      const a = new Float32Array(1024);
      const b = new Float32Array(1024);
      if (block[0] >> 5 !== 0) {
        // Not a single channel element first (ffmpeg's first frame starts with a fill element).
        plain.decode(block, 0, length, a, 0);
        coupled.decode(block, 0, length, b, 0);
        continue;
      }
      // The single channel element's stream: from bit 7 (after id and tag) to where it ends.
      const reader = new FlacBitReader();
      reader.reset(block, 0, length);
      reader.position = 7;
      new ChannelStream().read(reader, bands, false);
      const stream = bitsOf(block, 7, reader.position);
      // id CCE, tag, independently switched, one coupled target (a single channel, tag 0), domain, sign, scale.
      const spliced = '010' + '0000' + '1' + '000' + '0' + '0000' + '0' + '0' + '00' + stream + bitsOf(block, 0, length * 8);
      const splicedBytes = new Uint8Array(Math.ceil(spliced.length / 8) + 8);
      for (let i = 0; i < spliced.length; i++) if (spliced[i] === '1') splicedBytes[i >> 3] |= 0x80 >> (i & 7);
      splicedFrames += 1;
      plain.decode(block, 0, length, a, 0);
      coupled.decode(splicedBytes, 0, Math.ceil(spliced.length / 8), b, 0);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(splicedFrames).toBeGreaterThan(100);
  });

  it('refuses an MP4 index whose sample count or sizes the file cannot hold (no huge tables or buffers)', async () => {
    const bytes = readFileSync(fixturePath('heroes-5s.m4a'));
    const at = bytes.indexOf(Buffer.from('stsz'));
    expect(at).toBeGreaterThan(0);
    const hostile = Buffer.from(bytes);
    hostile.writeUInt32BE(1, at + 8); // constant sample size 1 …
    hostile.writeUInt32BE(0x7fffffff, at + 12); // … and 2^31 samples
    const path = join(dir, 'hostile.m4a');
    writeFileSync(path, hostile);
    expect(await layoutOf(path)).toBeNull();
    // A sample size no AAC frame has (the decoder would buffer that much of the file).
    const huge = Buffer.from(bytes);
    huge.writeUInt32BE(0x40000000, at + 8); // constant sample size 1 GiB
    writeFileSync(path, huge);
    expect(await layoutOf(path)).toBeNull();
  });

  it('never throws, hangs or returns non-finite samples on damaged copies', async () => {
    let state = 4242;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const path of [fixturePath('heroes-5s.m4a'), variant('fuzz.aac', fromFixture, ['-b:a', '96k', '-f', 'adts'])]) {
      const bytes = readFileSync(path);
      const whole = (await decodeAll(path, 8000)).pcm.length;
      for (let copy = 0; copy < 12; copy++) {
        const damaged = bytes.slice();
        const flips = 1 + Math.floor(random() * 300);
        for (let i = 0; i < flips; i++) damaged[1000 + Math.floor(random() * (damaged.length - 1000))] ^= 1 << Math.floor(random() * 8);
        const out = await decodeAll(path, 8000, damaged);
        expect(out.pcm.every(Number.isFinite)).toBe(true);
        expect(out.pcm.length).toBeLessThanOrEqual(whole + 4096);
      }
      // Half the bytes: the frames that arrived, then nothing more.
      const half = await decodeAll(path, 8000, bytes.subarray(0, bytes.length >> 1));
      expect(half.pcm.length).toBeGreaterThan(whole * 0.3);
      expect(half.pcm.length).toBeLessThan(whole * 0.7);
    }
  });
});
