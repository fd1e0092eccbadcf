/**
 * Video DNA end to end through the facade: real clips in fixtures/video are stored; an excerpt
 * that is mirrored and letterboxed, a Matroska file stitched from three library videos, and
 * bad media are searched. Results follow api.md: VideoDNA/AudioDNA with times as strings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDna } from '../packages/dna/dist/index.js';
import type { Dna, Job } from '../packages/dna/dist/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/video/', import.meta.url));
const seconds = (value: string) => Number(value);

describe('video DNA through the facade', () => {
  let dir: string;
  let dna: Dna;
  let db: string;
  const run = async (request: Parameters<Dna['SubmitDNAJob']>[0]): Promise<Job> =>
    dna.waitForJob((await dna.SubmitDNAJob(request)).JobId, { timeoutMs: 120_000 });
  const search = (name: string, config: Record<string, unknown> = {}) =>
    run({ DBId: db, PrimaryKey: `q-${name}`, Input: { Type: 'Media', Media: join(FIXTURES, name) }, Config: JSON.stringify({ SaveType: 'nosave', ...config }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mediadna-video-'));
    dna = await createDna({ dataDir: dir, workers: 1 });
    db = (await dna.CreateDNADB({ Name: 'clips', Model: 'Video' })).DBInfo.DBId;
    for (const name of ['tree.mp4', 'megamind.mp4', 'vtest.webm']) {
      const job = await run({ DBId: db, PrimaryKey: name, Input: { Type: 'Media', Media: join(FIXTURES, name) } });
      expect(job.Status, `${name}: ${job.Message}`).toBe('Success');
    }
  });
  afterAll(async () => {
    await dna?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a mirrored, letterboxed, re-encoded excerpt and where it lies', async () => {
    // tree-excerpt-hflip.mp4 = tree.avi [4 s, 12 s], flipped, 128x96 padded to 128x128, 25 fps.
    const job = await search('tree-excerpt-hflip.mp4');
    expect(job.Status, job.Message).toBe('Success');
    const video = job.DNAResult!.VideoDNA!;
    expect(video.map((match) => match.PrimaryKey)).toEqual(['tree.mp4']);
    expect(Number(video[0].Similarity)).toBeGreaterThan(0.5);
    const [detail] = video[0].Detail;
    expect(video[0].Detail).toHaveLength(1);
    expect(seconds(detail.Input.Start)).toBeLessThanOrEqual(1);
    expect(seconds(detail.Input.Duration)).toBeGreaterThan(6.5);
    expect(Math.abs(seconds(detail.Duplication.Start) - 4)).toBeLessThanOrEqual(1);
    expect(detail.Input.Start).toMatch(/^\d+\.\d+$/);
    expect(job.DNAResult!.AudioDNA).toEqual([]);
  });

  it('reports each source of a Matroska file stitched from three library videos', async () => {
    // mixed.mkv = megamind [0,3] + tree [6,13] + vtest [0,4], all at 176x132, 25 fps, H.264 in MKV.
    const job = await search('mixed.mkv');
    expect(job.Status, job.Message).toBe('Success');
    const byKey = new Map(job.DNAResult!.VideoDNA!.map((match) => [match.PrimaryKey, match]));
    expect([...byKey.keys()].sort()).toEqual(['megamind.mp4', 'tree.mp4', 'vtest.webm']);
    const tree = byKey.get('tree.mp4')!.Detail;
    expect(tree).toHaveLength(1);
    expect(Math.abs(seconds(tree[0].Input.Start) - 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(seconds(tree[0].Duplication.Start) - 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(seconds(tree[0].Input.Duration) - 7)).toBeLessThanOrEqual(1);
    const vtest = byKey.get('vtest.webm')!.Detail;
    expect(Math.abs(seconds(vtest[0].Input.Start) - 10)).toBeLessThanOrEqual(1);
    expect(seconds(vtest[0].Duplication.Start)).toBeLessThanOrEqual(1);
    const megamind = byKey.get('megamind.mp4')!.Detail;
    expect(seconds(megamind[0].Input.Start)).toBeLessThanOrEqual(0.5);
    expect(seconds(megamind[0].Input.Duration)).toBeGreaterThanOrEqual(2);
  });

  it('matches the soundtrack as AudioDNA and the picture as VideoDNA', async () => {
    const job = await search('megamind.mp4');
    expect(job.Status, job.Message).toBe('Success');
    expect(job.DNAResult!.VideoDNA![0].PrimaryKey).toBe('megamind.mp4');
    expect(Number(job.DNAResult!.VideoDNA![0].Similarity)).toBeGreaterThan(0.9);
    const audio = job.DNAResult!.AudioDNA!;
    expect(audio[0]?.PrimaryKey).toBe('megamind.mp4');
    expect(seconds(audio[0].Detail[0].Duplication.Start)).toBeLessThan(1);
  });

  it('fails bad media with specific codes', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'tree.mp4')));
    const submitBytes = (name: string, data: Uint8Array) =>
      run({ DBId: db, PrimaryKey: name, Input: { Type: 'Media', Media: name, Bytes: data }, Config: JSON.stringify({ SaveType: 'nosave' }) });
    const truncated = await submitBytes('cut.mp4', bytes.subarray(0, bytes.length >> 1));
    expect([truncated.Status, truncated.Code]).toEqual(['Fail', 'InvalidMedia.Truncated']);
    const text = await submitBytes('notes.mp4', new TextEncoder().encode('not a video\n'.repeat(40)));
    expect([text.Status, text.Code]).toEqual(['Fail', 'InvalidMedia.UnsupportedFormat']);
    expect(text.Message).toMatch(/video/);
  });

  it('finds the same copy when the query is decoded by the WASM backend', async () => {
    const job = await search('tree-excerpt-hflip.mp4', { Backend: 'wasm' });
    expect(job.Status, job.Message).toBe('Success');
    const [match] = job.DNAResult!.VideoDNA!;
    expect(match.PrimaryKey).toBe('tree.mp4');
    expect(Math.abs(seconds(match.Detail[0].Duplication.Start) - 4)).toBeLessThanOrEqual(1);
  });

  it('reports nothing for videos unrelated to the library', async () => {
    const other = (await dna.CreateDNADB({ Name: 'tree only', Model: 'Video' })).DBInfo.DBId;
    const stored = await run({ DBId: other, PrimaryKey: 'tree.mp4', Input: { Type: 'Media', Media: join(FIXTURES, 'tree.mp4') } });
    expect(stored.Status, stored.Message).toBe('Success');
    for (const name of ['megamind.mp4', 'vtest.webm']) {
      const job = await run({ DBId: other, PrimaryKey: `q-${name}`, Input: { Type: 'Media', Media: join(FIXTURES, name) }, Config: JSON.stringify({ SaveType: 'nosave' }) });
      expect(job.Status, job.Message).toBe('Success');
      expect(job.DNAResult).toEqual({ VideoDNA: [], AudioDNA: [] });
    }
  });

  it('refuses a bad Config at submit time', async () => {
    await expect(search('tree.mp4', { SampleRate: 100 })).rejects.toMatchObject({ code: 'InvalidParameter.OutOfRange' });
  });
});
