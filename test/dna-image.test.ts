/**
 * Image DNA end to end through the facade: real JPEG fixtures are stored, transformed copies
 * (re-encoded, flipped, rotated, cropped) are searched, and bad media end their jobs `Fail`
 * with specific codes.
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDna } from '../packages/dna/dist/index.js';
import type { Dna, Job } from '../packages/dna/dist/index.js';
import { decodeImage } from '../packages/media/dist/index.js';
import { transformRgbaImage } from '../packages/image/dist/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
const SAMPLES = readdirSync(join(FIXTURES, 'samples')).filter((name) => name.endsWith('.jpg')).sort();
const jpeg = createRequire(new URL('../packages/media/package.json', import.meta.url))('jpeg-js') as {
  encode(image: { data: Uint8Array; width: number; height: number }, quality: number): { data: Uint8Array };
};

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

async function pixelsOf(name: string): Promise<Rgba> {
  const image = await decodeImage(new Uint8Array(readFileSync(join(FIXTURES, 'samples', name))));
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

function encodeJpeg(image: Rgba, quality: number): Uint8Array {
  return new Uint8Array(jpeg.encode(image, quality).data);
}

/** Keep the central `fraction` of each side. */
function crop(image: Rgba, fraction: number): Rgba {
  const width = Math.round(image.width * fraction);
  const height = Math.round(image.height * fraction);
  const left = Math.floor((image.width - width) / 2);
  const top = Math.floor((image.height - height) / 2);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((top + y) * image.width + left) * 4, ((top + y) * image.width + left + width) * 4), y * width * 4);
  return { width, height, data };
}

describe('image DNA through the facade', () => {
  let dir: string;
  let dna: Dna;
  let db: string;
  const stored = SAMPLES.slice(0, -1);
  const unrelated = SAMPLES[SAMPLES.length - 1];

  const run = async (request: Parameters<Dna['SubmitDNAJob']>[0]): Promise<Job> =>
    dna.waitForJob((await dna.SubmitDNAJob(request)).JobId, { timeoutMs: 60_000 });
  const search = (key: string, bytes: Uint8Array, config: Record<string, unknown> = {}) =>
    run({ DBId: db, PrimaryKey: key, Input: { Type: 'Media', Media: key, Bytes: bytes }, Config: JSON.stringify({ SaveType: 'nosave', ...config }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mediadna-image-'));
    dna = await createDna({ dataDir: dir, workers: 1 });
    db = (await dna.CreateDNADB({ Name: 'photos', Model: 'Image' })).DBInfo.DBId;
    for (const name of stored) {
      const job = await run({ DBId: db, PrimaryKey: name, Input: { Type: 'Media', Media: join(FIXTURES, 'samples', name) } });
      expect(job.Status, `${name}: ${job.Message}`).toBe('Success');
    }
  });
  afterAll(async () => {
    await dna.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores only the upright hashes and lists files with their paths', async () => {
    const files = (await dna.ListDNAFiles({ DBId: db, PageSize: 100 })).FileList;
    expect(files.map((f) => f.PrimaryKey)).toEqual(stored);
    expect(files[0].InputFile).toEqual({ Bucket: '', Location: 'local', Object: join(FIXTURES, 'samples', stored[0]) });
  });

  it('finds re-encoded, flipped, rotated and cropped copies, naming the transform', async () => {
    for (const name of stored.slice(0, 2)) {
      const original = await pixelsOf(name);
      const cases: [string, Rgba, string | undefined][] = [
        ['recompressed', original, undefined],
        ['flipped', transformRgbaImage(original, 'flip') as Rgba, 'flip'],
        ['rotated', transformRgbaImage(original, 'rotate90') as Rgba, 'rotate90'],
        ['cropped', crop(original, 0.9), undefined],
      ];
      for (const [label, image, transform] of cases) {
        const job = await search(`${name}-${label}`, encodeJpeg(image, 40));
        expect(job.Status, job.Message).toBe('Success');
        const best = job.DNAResult?.ImageDNA?.[0];
        expect(best?.PrimaryKey, `${label} copy of ${name}`).toBe(name);
        expect(best?.Transform).toBe(transform);
        expect(Number(best?.Similarity)).toBeGreaterThan(0.5);
        expect(best?.Distance).toBeLessThanOrEqual(70);
      }
    }
  });

  it('reports an exact copy with Similarity "1" and no match for an unrelated picture', async () => {
    const exact = await search('exact', new Uint8Array(readFileSync(join(FIXTURES, 'samples', stored[0]))));
    expect(exact.DNAResult?.ImageDNA?.[0]).toEqual({ PrimaryKey: stored[0], Similarity: '1', Detail: [], Distance: 0 });
    const other = await search('other', new Uint8Array(readFileSync(join(FIXTURES, 'samples', unrelated))));
    expect(other.DNAResult).toEqual({ ImageDNA: [] });
  });

  it('honours Config Dihedral=false, MaxDistance and MaxMatches', async () => {
    const original = await pixelsOf(stored[1]);
    const flipped = encodeJpeg(transformRgbaImage(original, 'flip') as Rgba, 80);
    const plain = await search('flip-no-dihedral', flipped, { Dihedral: false });
    expect(plain.DNAResult?.ImageDNA?.find((m) => m.PrimaryKey === stored[1])).toBeUndefined();
    const tight = await search('tight', encodeJpeg(original, 30), { MaxDistance: 0 });
    expect(tight.DNAResult?.ImageDNA?.length ?? 0).toBeLessThanOrEqual(1);
    const loose = await search('loose', encodeJpeg(original, 80), { MaxDistance: 128, MaxMatches: 2 });
    expect(loose.DNAResult?.ImageDNA?.length).toBe(2);
    expect(loose.DNAResult?.ImageDNA?.[0].PrimaryKey).toBe(stored[1]);
    await expect(search('bad', flipped, { MaxMatches: 0 })).rejects.toMatchObject({ code: 'InvalidParameter.OutOfRange' });
    await expect(search('bad', flipped, { Dihedral: 'yes' })).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('fails bad media with specific codes and stores nothing', async () => {
    const cases: [string, string][] = [
      ['truncated.jpg', 'InvalidMedia.Truncated'],
      ['truncated.png', 'InvalidMedia.Truncated'],
      ['corrupt.png', 'InvalidMedia.Corrupt'],
      ['corrupt.jpg', 'InvalidMedia.Corrupt'],
      ['empty.jpg', 'InvalidMedia.Empty'],
      ['text.jpg', 'InvalidMedia.TypeMismatch'],
      ['bomb.png', 'InvalidMedia.TooManyPixels'],
      ['bomb.jpg', 'InvalidMedia.TooManyPixels'],
      ['image.heic', 'InvalidMedia.UnsupportedFormat'],
    ];
    for (const [name, code] of cases) {
      const job = await run({ DBId: db, PrimaryKey: `bad-${name}`, Input: { Type: 'Media', Media: join(FIXTURES, 'edge', name) } });
      expect(job.Status).toBe('Fail');
      expect(job.Code, `${name}: ${job.Message}`).toBe(code);
      expect(job.Message.length).toBeGreaterThan(20);
    }
    // A 3x3 image cannot be fingerprinted (it would hash to zeros and match every tiny or flat image).
    const tiny = encodeJpeg({ width: 3, height: 3, data: new Uint8Array(36).fill(200) }, 90);
    const job = await run({ DBId: db, PrimaryKey: 'tiny', Input: { Type: 'Media', Media: 'tiny.jpg', Bytes: tiny } });
    expect(job).toMatchObject({ Status: 'Fail', Code: 'InvalidMedia.NoContent', Message: expect.stringContaining('3x3') });
    expect((await dna.ListDNAFiles({ DBId: db, PageSize: 100 })).FileList).toHaveLength(stored.length);
  });

  it('limits.maxPixels refuses large images before decoding (InvalidMedia.TooManyPixels)', async () => {
    const small = await createDna({ dataDir: join(dir, 'small'), workers: 1, limits: { maxPixels: 10_000 } });
    try {
      const lib = (await small.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      const { JobId } = await small.SubmitDNAJob({ DBId: lib, PrimaryKey: 'big', Input: { Type: 'Media', Media: join(FIXTURES, 'samples', stored[0]) } });
      expect(await small.waitForJob(JobId)).toMatchObject({ Status: 'Fail', Code: 'InvalidMedia.TooManyPixels', Message: expect.stringContaining('10000') });
    } finally {
      await small.close();
    }
  });

  it('rebuilds the image index from the store after a reopen', async () => {
    await dna.close();
    dna = await createDna({ dataDir: dir, workers: 1 });
    const job = await search('after-reopen', encodeJpeg(await pixelsOf(stored[2]), 50));
    expect(job.DNAResult?.ImageDNA?.[0].PrimaryKey).toBe(stored[2]);
    expect(await dna.check()).toEqual({ ok: true, problems: [] });
  });
});
