/**
 * Image DNA end to end through the facade: real JPEG fixtures are stored, transformed copies
 * (re-encoded, flipped, rotated, cropped, watermarked) are searched, a near-flat picture does
 * not match an unrelated stored one, libraries of the previous hash version are refused, and
 * bad media end their jobs `Fail` with specific codes.
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
import { IMAGE_DECODE_MIN_SIDE } from '../packages/dna/dist/engines/image.js';
import {
  compareImagesDihedral,
  hashImage,
  hashImageDihedral,
  IMAGE_ALGORITHM_VERSION,
  PDQ_MATCH_THRESHOLD,
  transformRgbaImage,
} from '../packages/image/dist/index.js';
import type { DihedralHashes, ImageHashes } from '../packages/image/dist/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
const NEAR_FLAT = join(FIXTURES, 'near-flat');
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

/**
 * A broadcast-style watermark drawn into the pixels: half-transparent logos (13 % of the
 * shorter side) in both top corners and a darkened caption band with white, outlined glyph
 * bars over the bottom 14 %. All of it stays outside the central 70 % of each side.
 */
function watermark(image: Rgba): Rgba {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  const shorter = Math.min(width, height);
  const side = Math.round(shorter * 0.13);
  const margin = Math.round(shorter * 0.016);
  const blend = (x: number, y: number, value: number, opacity: number): void => {
    const p = (y * width + x) * 4;
    for (let c = 0; c < 3; c++) data[p + c] = Math.round((1 - opacity) * data[p + c] + opacity * value);
  };
  for (let y = margin; y < margin + side; y++) {
    for (let x = margin; x < margin + side; x++) blend(x, y, (((x - margin) / (side / 5)) ^ ((y - margin) / (side / 5))) & 1 ? 235 : 40, 0.55);
    for (let x = width - margin - side; x < width - margin; x++) blend(x, y, 250, 0.7);
  }
  for (let y = Math.round(height * 0.86); y < height; y++) for (let x = 0; x < width; x++) blend(x, y, 0, 0.75);
  const glyphHeight = Math.round(height * 0.07);
  const top = height - Math.round(height * 0.035) - glyphHeight;
  for (let x = Math.round(width * 0.12), n = 0; x < width * 0.88; n++) {
    const glyphWidth = 3 + ((n * 7) % Math.round(glyphHeight * 0.6));
    for (let y = top - 1; y <= top + glyphHeight; y++) {
      for (let gx = x - 1; gx <= x + glyphWidth; gx++) {
        const outline = y < top || y === top + glyphHeight || gx < x || gx === x + glyphWidth;
        blend(gx, y, outline ? 10 : 250, 1);
      }
    }
    x += glyphWidth + 3 + ((n * 5) % 6);
  }
  return { width, height, data };
}

/** Hashes as the engine computes them (shrink-on-load to the engine's shorter side). */
async function engineHashes(bytes: Uint8Array): Promise<ImageHashes> {
  return hashImage(await decodeImage(bytes, { minSide: IMAGE_DECODE_MIN_SIDE }));
}

/** The same with the inner-region hashes blanked (opposite on each side), i.e. whole/centre only. */
function wholeAndCentreOnly<T extends ImageHashes>(hashes: T, fill: number): T {
  const blank = { phash: new Uint32Array(2), pdq: new Uint32Array(8).fill(fill) };
  const variants = (hashes as unknown as DihedralHashes).variants?.map((variant) => ({ ...variant, inner: blank }));
  return { ...hashes, inner: blank, ...(variants ? { variants } : {}) };
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
        expect(best?.Distance).toBeLessThanOrEqual(PDQ_MATCH_THRESHOLD);
      }
    }
  });

  it('finds watermarked copies (logos, caption band) through the inner region, even where the whole picture is beyond its threshold', async () => {
    for (const name of stored) {
      const marked = encodeJpeg(watermark(await pixelsOf(name)), 80);
      const job = await search(`${name}-watermarked`, marked);
      expect(job.Status, job.Message).toBe('Success');
      const best = job.DNAResult?.ImageDNA?.[0];
      expect(best?.PrimaryKey, `watermarked copy of ${name}`).toBe(name);
      expect(best?.Transform).toBeUndefined();
      expect(best?.Distance).toBeLessThanOrEqual(20);
      expect(Number(best?.Similarity)).toBeGreaterThan(0.8);
    }
    // bridge.jpg: without the inner region the watermarked copy would be missed.
    const original = await engineHashes(new Uint8Array(readFileSync(join(FIXTURES, 'samples', 'bridge.jpg'))));
    const query = hashImageDihedral(await decodeImage(encodeJpeg(watermark(await pixelsOf('bridge.jpg')), 80), { minSide: IMAGE_DECODE_MIN_SIDE }));
    const wholeOnly = compareImagesDihedral(wholeAndCentreOnly(query, 0xffffffff), wholeAndCentreOnly(original, 0));
    expect(wholeOnly.pdqDistance).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
    expect(compareImagesDihedral(query, original)).toMatchObject({ region: 'inner', match: true });
  });

  it('a near-flat picture does not match an unrelated stored picture whose hash lies within the normal threshold', async () => {
    // gnome-vnc-d (PDQ quality 0) lies 68 bits from gnome-wood-l: within the 72-bit threshold
    // of two normal pictures, outside the 56 bits allowed when either side is near-flat.
    const flatBytes = new Uint8Array(readFileSync(join(NEAR_FLAT, 'gnome-vnc-d.png')));
    const woodPath = join(NEAR_FLAT, 'gnome-wood-l.png');
    const flat = hashImageDihedral(await decodeImage(flatBytes, { minSide: IMAGE_DECODE_MIN_SIDE }));
    const wood = await engineHashes(new Uint8Array(readFileSync(woodPath)));
    const direct = compareImagesDihedral(flat, wood);
    expect(flat.quality).toBe(0);
    expect(wood.quality).toBeGreaterThanOrEqual(50);
    expect(direct.pdqDistance).toBeGreaterThan(56);
    expect(direct.pdqDistance).toBeLessThanOrEqual(PDQ_MATCH_THRESHOLD);
    expect(direct.match).toBe(false);

    const lib = (await dna.CreateDNADB({ Name: 'near-flat', Model: 'Image' })).DBInfo.DBId;
    const put = await run({ DBId: lib, PrimaryKey: 'wood', Input: { Type: 'Media', Media: woodPath } });
    expect(put.Status, put.Message).toBe('Success');
    const query = (config: Record<string, unknown>) =>
      run({ DBId: lib, PrimaryKey: 'vnc', Input: { Type: 'Media', Media: 'vnc.jpg', Bytes: flatBytes }, Config: JSON.stringify({ SaveType: 'nosave', ...config }) });
    expect((await query({})).DNAResult).toEqual({ ImageDNA: [] });
    // MaxDistance shifts every threshold: 16 bits looser lets the pair through at its distance.
    const loose = await query({ MaxDistance: PDQ_MATCH_THRESHOLD + 16 });
    expect(loose.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'wood', Distance: direct.pdqDistance });
    expect(Number(loose.DNAResult?.ImageDNA?.[0].Similarity)).toBeLessThan(0.5);
    // The other way round the stored side is the near-flat one: the index keeps each stored
    // image's quality, so a sharp query gets the strict threshold too.
    const flatLib = (await dna.CreateDNADB({ Name: 'near-flat-stored', Model: 'Image' })).DBInfo.DBId;
    const putFlat = await run({ DBId: flatLib, PrimaryKey: 'vnc', Input: { Type: 'Media', Media: 'vnc.jpg', Bytes: flatBytes } });
    expect(putFlat.Status, putFlat.Message).toBe('Success');
    const byWood = await run({ DBId: flatLib, PrimaryKey: 'wood', Input: { Type: 'Media', Media: woodPath }, Config: '{"SaveType":"nosave"}' });
    expect(byWood.DNAResult).toEqual({ ImageDNA: [] });
    const byItself = await run({ DBId: flatLib, PrimaryKey: 'vnc-again', Input: { Type: 'Media', Media: 'vnc.jpg', Bytes: flatBytes }, Config: '{"SaveType":"nosave"}' });
    expect(byItself.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'vnc', Similarity: '1', Distance: 0 });
    await dna.DeleteDNADB({ DBId: lib });
    await dna.DeleteDNADB({ DBId: flatLib });
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

  it(`refuses a library of image hashes version ${IMAGE_ALGORITHM_VERSION - 1} (no inner region) with Library.IncompatibleVersion`, async () => {
    const oldDir = join(dir, 'old');
    const old = await createDna({ dataDir: oldDir, workers: 1 });
    let lib: string;
    try {
      lib = (await old.CreateDNADB({ Name: 'old', Model: 'Image' })).DBInfo.DBId;
      const { JobId } = await old.SubmitDNAJob({ DBId: lib, PrimaryKey: 'a', Input: { Type: 'Media', Media: join(FIXTURES, 'samples', stored[0]) } });
      expect((await old.waitForJob(JobId)).Status).toBe('Success');
    } finally {
      await old.close();
    }
    // Turn the stored row into what the previous release wrote: format 1, 92 bytes, version 1.
    const Database = createRequire(new URL('../packages/dna/package.json', import.meta.url))('better-sqlite3') as new (path: string) => {
      prepare(sql: string): { run(...args: unknown[]): unknown; get(...args: unknown[]): unknown };
      close(): void;
    };
    const db = new Database(join(oldDir, 'mediadna.db'));
    try {
      const row = db.prepare('SELECT fingerprint FROM files').get() as { fingerprint: Uint8Array };
      const v1 = new Uint8Array(row.fingerprint).slice(0, 92);
      v1[0] = 1;
      db.prepare('UPDATE files SET fingerprint = ?, algorithm_version = ?').run(Buffer.from(v1), IMAGE_ALGORITHM_VERSION - 1);
    } finally {
      db.close();
    }
    const reopened = await createDna({ dataDir: oldDir, workers: 1 });
    try {
      const { JobId } = await reopened.SubmitDNAJob({
        DBId: lib,
        PrimaryKey: 'b',
        Config: '{"SaveType":"nosave"}',
        Input: { Type: 'Media', Media: join(FIXTURES, 'samples', stored[0]) },
      });
      const job = await reopened.waitForJob(JobId);
      expect(job).toMatchObject({ Status: 'Fail', Code: 'Library.IncompatibleVersion' });
      expect(job.Message).toContain(`version ${IMAGE_ALGORITHM_VERSION - 1}`);
      expect(job.Message).toContain(`image/phash64+pdq256 version ${IMAGE_ALGORITHM_VERSION}`);
      expect((await reopened.check()).ok).toBe(false);
    } finally {
      await reopened.close();
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
