/**
 * Audio DNA end to end through the facade: two 20 s recordings are stored, 5 s excerpts of one
 * of them in every codec (MP3, Vorbis, Opus, FLAC, AAC/M4A, WAV) are searched, and bad media
 * end their jobs `Fail` with specific codes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDna } from '../packages/dna/dist/index.js';
import type { Dna, Job } from '../packages/dna/dist/index.js';
import { concatFloat32 } from '../packages/core/dist/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));

/** A 16-bit mono WAV of `samples`. */
function wav(samples: Float32Array, rate: number, declaredBytes?: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < 4; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, declaredBytes ?? samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + 2 * i, Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), true);
  return out;
}

describe('audio DNA through the facade', () => {
  let dir: string;
  let dna: Dna;
  let db: string;

  const run = async (request: Parameters<Dna['SubmitDNAJob']>[0]): Promise<Job> =>
    dna.waitForJob((await dna.SubmitDNAJob(request)).JobId, { timeoutMs: 60_000 });
  const search = (key: string, media: string | Uint8Array) =>
    run({
      DBId: db,
      PrimaryKey: key,
      Input: typeof media === 'string' ? { Type: 'Media', Media: media } : { Type: 'Media', Media: key, Bytes: media },
      Config: JSON.stringify({ SaveType: 'nosave', MediaType: 'audio' }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mediadna-audio-'));
    dna = await createDna({ dataDir: dir, workers: 1 });
    db = (await dna.CreateDNADB({ Name: 'songs', Model: 'Audio' })).DBInfo.DBId;
    for (const name of ['heroes-20s.opus', 'battle-20s.opus']) {
      const job = await run({ DBId: db, PrimaryKey: name, Input: { Type: 'Media', Media: join(FIXTURES, name) }, Config: JSON.stringify({ SaveType: 'onlysave' }) });
      expect(job.Status, `${name}: ${job.Message}`).toBe('Success');
    }
  });
  afterAll(async () => {
    await dna.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['heroes-5s.mp3', 'heroes-5s.ogg', 'heroes-5s.opus', 'heroes-5s.flac', 'heroes-5s.m4a', 'heroes-2s-s16.wav', 'heroes-2s-s24.wav', 'heroes-2s-f32.wav'])(
    '%s is found at 5 s into heroes-20s.opus',
    async (name) => {
      const job = await search(name, join(FIXTURES, name));
      expect(job.Status, job.Message).toBe('Success');
      const matches = job.DNAResult!.AudioDNA!;
      expect(matches.map((m) => m.PrimaryKey)).toEqual(['heroes-20s.opus']);
      const [detail] = matches[0].Detail;
      const inputStart = Number(detail.Input.Start);
      const length = name.includes('-2s-') ? 2 : 5;
      expect(inputStart).toBeLessThan(0.5);
      expect(Number(detail.Input.Duration)).toBeGreaterThan(length - 1);
      expect(Math.abs(Number(detail.Duplication.Start) - (5 + inputStart))).toBeLessThan(0.15);
      expect(Number(matches[0].Similarity)).toBeGreaterThan(0.8);
      expect(detail.Input.Start).toMatch(/^\d+\.\d+$/);
    },
  );

  it('Config Backend "system" decodes with the system ffmpeg and finds the same copy; other values are refused', async () => {
    const job = await run({
      DBId: db,
      PrimaryKey: 'mp3-system',
      Input: { Type: 'Media', Media: join(FIXTURES, 'heroes-5s.mp3') },
      Config: JSON.stringify({ SaveType: 'nosave', MediaType: 'audio', Backend: 'system' }),
    });
    expect(job.Status, job.Message).toBe('Success');
    const [match] = job.DNAResult!.AudioDNA!;
    expect(match.PrimaryKey).toBe('heroes-20s.opus');
    expect(Math.abs(Number(match.Detail[0].Duplication.Start) - (5 + Number(match.Detail[0].Input.Start)))).toBeLessThan(0.15);
    await expect(
      dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'x', Input: { Type: 'Media', Media: join(FIXTURES, 'heroes-5s.mp3') }, Config: JSON.stringify({ Backend: 'gpu' }) }),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('finds nothing in unrelated audio', async () => {
    let state = 5;
    const noise = new Float32Array(8000 * 6);
    for (let i = 0; i < noise.length; i++) noise[i] = 0.3 * (((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
    const job = await search('noise.wav', wav(noise, 8000));
    expect(job.Status, job.Message).toBe('Success');
    expect(job.DNAResult).toEqual({ AudioDNA: [] });
  });

  it('fails silence, a steady tone, a 4 GB header, 0 bytes and non-audio with clear codes', async () => {
    const silence = await search('silence.wav', wav(new Float32Array(8000 * 5), 8000));
    expect([silence.Status, silence.Code]).toEqual(['Fail', 'InvalidMedia.NoContent']);
    const tone = new Float32Array(8000 * 5);
    for (let i = 0; i < tone.length; i++) tone[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / 8000);
    const steady = await search('tone.wav', wav(tone, 8000));
    expect([steady.Status, steady.Code]).toEqual(['Fail', 'InvalidMedia.NoContent']);
    const huge = await search('huge.wav', wav(new Float32Array(100), 8000, 0xfffffff0));
    expect([huge.Status, huge.Code]).toEqual(['Fail', 'InvalidMedia.Truncated']);
    const empty = await search('empty.wav', new Uint8Array(0));
    expect(empty.Status).toBe('Fail');
    expect(empty.Code).toMatch(/^InvalidMedia\.(Empty|NoContent)$|^Input\./);
    const text = await search('notes.txt', new TextEncoder().encode('just some text, not audio\n'));
    expect([text.Status, text.Code]).toEqual(['Fail', 'InvalidMedia.TypeMismatch']);
    const mkv = await search('clip.mkv', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(mkv.Status).toBe('Fail');
    expect(mkv.Code).toMatch(/^InvalidMedia\.(UnsupportedFormat|Corrupt|Truncated)$/); // Matroska goes to ffmpeg, which finds it broken
  });

  it('float WAVs with NaN or infinite samples neither crash nor match everything', async () => {
    /** A 32-bit float mono WAV of `samples` as they are (no clamping). */
    const floatWav = (samples: Float32Array): Uint8Array => {
      const out = new Uint8Array(44 + samples.length * 4);
      const view = new DataView(out.buffer);
      out.set(new TextEncoder().encode('RIFF'), 0);
      view.setUint32(4, out.length - 8, true);
      out.set(new TextEncoder().encode('WAVEfmt '), 8);
      view.setUint32(16, 16, true);
      view.setUint16(20, 3, true); // IEEE float
      view.setUint16(22, 1, true);
      view.setUint32(24, 8000, true);
      view.setUint32(28, 8000 * 4, true);
      view.setUint16(32, 4, true);
      view.setUint16(34, 32, true);
      out.set(new TextEncoder().encode('data'), 36);
      view.setUint32(40, samples.length * 4, true);
      new Float32Array(out.buffer, 44, samples.length).set(samples);
      return out;
    };
    const garbage = new Float32Array(8000 * 5);
    for (let i = 0; i < garbage.length; i++) garbage[i] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38][i % 4];
    const bad = await search('nan.wav', floatWav(garbage));
    expect([bad.Status, bad.Code], bad.Message).toEqual(['Fail', 'InvalidMedia.NoContent']);
    // Real audio with a few broken samples is still itself.
    const { decodeAudioMono } = await import('../packages/media/dist/index.js');
    const parts: Float32Array[] = [];
    for await (const pcm of decodeAudioMono({ type: 'path', path: join(FIXTURES, 'heroes-5s.flac'), size: readFileSync(join(FIXTURES, 'heroes-5s.flac')).length })) parts.push(pcm);
    const clicks = concatFloat32(parts);
    for (const at of [8000, 16001, 24002]) clicks[at] = at === 16001 ? Number.NaN : Number.POSITIVE_INFINITY;
    const job = await search('clicks.wav', floatWav(clicks));
    expect(job.Status, job.Message).toBe('Success');
    expect(job.DNAResult!.AudioDNA!.map((m) => m.PrimaryKey)).toEqual(['heroes-20s.opus']);
  });

  it('reports both recordings inside one input, each with its own range', async () => {
    // Opus → PCM is done by the facade; build a WAV of [battle 10..18 s][heroes 2..12 s] at 8 kHz.
    const { decodeAudioMono } = await import('../packages/media/dist/index.js');
    const pcmOf = async (name: string): Promise<Float32Array> => {
      const parts: Float32Array[] = [];
      for await (const pcm of decodeAudioMono({ type: 'bytes', bytes: new Uint8Array(readFileSync(join(FIXTURES, name))), name })) parts.push(pcm);
      return concatFloat32(parts);
    };
    const battle = (await pcmOf('battle-20s.opus')).subarray(10 * 8000, 18 * 8000);
    const heroes = (await pcmOf('heroes-20s.opus')).subarray(2 * 8000, 12 * 8000);
    const mix = new Float32Array(battle.length + heroes.length);
    mix.set(battle, 0);
    mix.set(heroes, battle.length);
    const job = await search('mix.wav', wav(mix, 8000));
    expect(job.Status, job.Message).toBe('Success');
    const byKey = Object.fromEntries(job.DNAResult!.AudioDNA!.map((m) => [m.PrimaryKey, m.Detail]));
    expect(Object.keys(byKey).sort()).toEqual(['battle-20s.opus', 'heroes-20s.opus']);
    const b = byKey['battle-20s.opus'][0];
    const h = byKey['heroes-20s.opus'][0];
    expect(Number(b.Input.Start)).toBeLessThan(0.5);
    expect(Math.abs(Number(b.Duplication.Start) - 10 - Number(b.Input.Start))).toBeLessThan(0.15);
    expect(Math.abs(Number(h.Input.Start) - 8)).toBeLessThan(0.5);
    expect(Math.abs(Number(h.Duplication.Start) - 2 - (Number(h.Input.Start) - 8))).toBeLessThan(0.15);
  });
});
