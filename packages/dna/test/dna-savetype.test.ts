import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dna } from '../dist/index.js';
import { fakeMedia, flipBits, openFakeLibrary } from './helpers.js';

const A = '0123456789abcdef';
const FAR = 'fedcba9876543210';

describe('SaveType semantics (api.md table) and PrimaryKey uniqueness', () => {
  let dna: Dna;
  let close: () => Promise<void>;
  let db: string;
  beforeEach(async () => {
    ({ dna, db, close } = await openFakeLibrary());
  });
  afterEach(() => close());

  const run = async (key: string, hex: string, saveType?: string) => {
    const { JobId } = await dna.SubmitDNAJob({
      DBId: db,
      PrimaryKey: key,
      Input: { Type: 'Media', Media: `${key}.fake`, Bytes: fakeMedia(hex) },
      ...(saveType ? { Config: JSON.stringify({ SaveType: saveType }) } : {}),
    });
    return dna.waitForJob(JobId, { timeoutMs: 20_000 });
  };
  const keys = async () => (await dna.ListDNAFiles({ DBId: db, PageSize: 100 })).FileList.map((f) => f.PrimaryKey);

  it('nosave searches and never stores', async () => {
    await run('orig', A, 'onlysave');
    const job = await run('copy', flipBits(A, 3), 'nosave');
    expect(job.Status).toBe('Success');
    expect(job.DNAResult?.ImageDNA?.map((m) => m.PrimaryKey)).toEqual(['orig']);
    const miss = await run('other', FAR, 'nosave');
    expect(miss.DNAResult).toEqual({ ImageDNA: [] });
    expect(await keys()).toEqual(['orig']);
  });

  it('save (the default) stores only when no duplicate was found', async () => {
    const first = await run('orig', A);
    expect(first.DNAResult).toEqual({ ImageDNA: [] });
    expect(JSON.parse(first.Config)).toMatchObject({ SaveType: 'save', MediaType: 'image' });
    const dup = await run('copy', flipBits(A, 2));
    expect(dup.Status).toBe('Success');
    expect(dup.DNAResult?.ImageDNA).toEqual([{ PrimaryKey: 'orig', Similarity: String(Math.round((1 - 2 / 64) * 10000) / 10000), Detail: [], Distance: 2 }]);
    await run('new', FAR);
    expect(await keys()).toEqual(['orig', 'new']);
  });

  it('forcesave searches and always stores', async () => {
    await run('orig', A);
    const job = await run('copy', A, 'forcesave');
    expect(job.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'orig', Similarity: '1', Distance: 0 });
    expect(await keys()).toEqual(['orig', 'copy']);
  });

  it('onlysave stores without searching and its DNAResult is {}', async () => {
    await run('orig', A);
    const job = await run('copy', A, 'onlysave');
    expect(job.Status).toBe('Success');
    expect(job.DNAResult).toEqual({});
    expect(await keys()).toEqual(['orig', 'copy']);
  });

  it('a job that would store an existing PrimaryKey fails PrimaryKey.AlreadyExists and overwrites nothing', async () => {
    await run('k', A);
    for (const saveType of ['forcesave', 'onlysave', 'save']) {
      const job = await run('k', FAR, saveType);
      expect(job.Status).toBe('Fail');
      expect(job.Code).toBe('PrimaryKey.AlreadyExists');
      expect(job.Message).toMatch(/already holds PrimaryKey "k"; nothing was overwritten/);
      expect(job.DNAResult).toBeUndefined();
    }
    // The stored fingerprint is still the first one: A matches exactly, FAR does not.
    expect((await run('probe', A, 'nosave')).DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'k', Distance: 0 });
    expect((await run('probe', FAR, 'nosave')).DNAResult).toEqual({ ImageDNA: [] });
    // save of the same key with a duplicate found stores nothing, so it succeeds.
    expect((await run('k', A, 'save')).Status).toBe('Success');
    expect(await keys()).toEqual(['k']);
  });

  it('save sees files stored by jobs submitted just before it (no duplicate slips in under concurrency)', async () => {
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        dna.SubmitDNAJob({ DBId: db, PrimaryKey: `k${i}`, Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(flipBits(A, i % 3)) } }),
      ),
    );
    const done = await Promise.all(jobs.map((j) => dna.waitForJob(j.JobId)));
    expect(done.every((j) => j.Status === 'Success')).toBe(true);
    expect(await keys()).toHaveLength(1);
  });
});
