import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnaErrorCode, concatFloat32, openInput } from '@mediadna/core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioMonoTo, hasSystemFfmpeg } from '../src/index.js';
import { WavStreamHeader } from '../src/audio/ffmpeg-pcm.js';

const fixture = (name: string): string => new URL(`../../../fixtures/audio/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mediadna-audio-ffmpeg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string, backend: 'wasm' | 'ffmpeg' | 'auto'): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  await decodeAudioMonoTo(await openInput(path), (pcm) => parts.push(pcm.slice()), { backend });
  return concatFloat32(parts);
}

function correlation(a: Float32Array, b: Float32Array, maxLag: number): number {
  let best = -1;
  const n = Math.min(a.length, b.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = maxLag; i < n; i++) {
      ab += a[i] * b[i + lag];
      aa += a[i] * a[i];
      bb += b[i + lag] * b[i + lag];
    }
    best = Math.max(best, ab / Math.sqrt(aa * bb));
  }
  return best;
}

// scripts/system-deps.sh installs ffmpeg for the suite; these tests need it.
describe('audio through a system ffmpeg', () => {
  it('finds ffmpeg (installed by scripts/system-deps.sh)', async () => {
    expect(await hasSystemFfmpeg()).toBe(true);
  });

  it('decodes MP3 and AAC like the WASM decoders', async () => {
    for (const name of ['heroes-5s.mp3', 'heroes-5s.m4a']) {
      const viaWasm = await collect(fixture(name), 'wasm');
      const viaFfmpeg = await collect(fixture(name), 'ffmpeg');
      expect(Math.abs(viaFfmpeg.length - viaWasm.length)).toBeLessThan(8000 * 0.1);
      expect(correlation(viaWasm, viaFfmpeg, 800)).toBeGreaterThan(0.9);
    }
  });

  it('auto picks the built-in decoders for MP3, Vorbis, FLAC, Opus and AAC', async () => {
    const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
    for (const name of ['heroes-5s.mp3', 'heroes-5s.ogg', 'heroes-5s.flac', 'heroes-5s.opus', 'heroes-5s.m4a']) {
      const file = fixture(name);
      expect(same(await collect(file, 'auto'), await collect(file, 'wasm'))).toBe(true);
      // (The FLAC fixture is lossless mono at 8 kHz: every decoder gives the same samples.)
      if (!name.endsWith('.flac')) expect(same(await collect(file, 'auto'), await collect(file, 'ffmpeg'))).toBe(false);
    }
  });

  it('falls back to ffmpeg for audio in Matroska, which the WASM path does not read', async () => {
    const mka = join(dir, 'clip.mka');
    const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', fixture('heroes-5s.ogg'), '-c:a', 'copy', mka]);
    expect(run.status).toBe(0);
    const pcm = await collect(mka, 'wasm');
    expect(pcm.length / 8000).toBeGreaterThan(4.9);
    const reference = await collect(fixture('heroes-5s.ogg'), 'wasm');
    expect(correlation(reference, pcm, 400)).toBeGreaterThan(0.95);
  });

  it('keeps WAV in the TypeScript parser and its header checks', async () => {
    const wav = readFileSync(fixture('heroes-2s-s16.wav'));
    const lying = new Uint8Array(wav.subarray(0, 2000));
    new DataView(lying.buffer).setUint32(Buffer.from(lying).indexOf('data') + 4, 0xfffffff0, true); // the data chunk's size
    const path = join(dir, 'lying.wav');
    await import('node:fs/promises').then((fs) => fs.writeFile(path, lying));
    await expect(collect(path, 'ffmpeg')).rejects.toMatchObject({ code: DnaErrorCode.MediaTruncated });
  });
});

describe('the WAV header of the stream ffmpeg pipes', () => {
  // As ffmpeg writes it to a pipe: unknown sizes, an extensible fmt chunk, then data.
  const bytes = new Uint8Array(Buffer.from(
    Buffer.from('RIFF', 'latin1').toString('hex') + 'ffffffff' + Buffer.from('WAVEfmt ', 'latin1').toString('hex') + '28000000feff0100' +
      '44ac000010b1020004002000' + '16002000040000000300000000001000800000aa00389b71' +
      Buffer.from('LIST', 'latin1').toString('hex') + '04000000' + '61626364' + Buffer.from('data', 'latin1').toString('hex') + 'ffffffff' + '0000803f',
    'hex',
  ));

  it('gives the rate and the samples after it, whatever the chunking', () => {
    for (const piece of [1, 7, bytes.length]) {
      const parser = new WavStreamHeader();
      let body: Uint8Array | null = null;
      let at = 0;
      for (; at < bytes.length && !body; at += piece) body = parser.push(bytes.subarray(at, at + piece));
      // Once the header is complete, later pieces are samples as they come.
      const samples = [...(body ?? []), ...bytes.subarray(at)];
      expect(parser.sampleRate, `pieces of ${piece}`).toBe(44100);
      expect(samples, `pieces of ${piece}`).toEqual([0, 0, 0x80, 0x3f]); // 1.0f
    }
  });

  it('refuses a stream that is not WAV, or lacks fmt before data', () => {
    expect(() => new WavStreamHeader().push(new TextEncoder().encode('hello, this is not a wav file'))).toThrow(expect.objectContaining({ code: DnaErrorCode.MediaCorrupt }));
    const noFmt = Uint8Array.from([...new TextEncoder().encode('RIFF'), 255, 255, 255, 255, ...new TextEncoder().encode('WAVEdata'), 255, 255, 255, 255]);
    expect(() => new WavStreamHeader().push(noFmt)).toThrow(expect.objectContaining({ code: DnaErrorCode.MediaCorrupt }));
  });
});
