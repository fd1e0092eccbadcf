import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dna } from '../dist/index.js';
import { fakeMedia, openFakeLibrary } from './helpers.js';

const hex = (i: number) => (0x1000 + i * 0x111).toString(16).padStart(16, 'a');

describe('ListDNAFiles paging and DeleteDNAFiles', () => {
  let dna: Dna;
  let close: () => Promise<void>;
  let db: string;
  beforeEach(async () => {
    ({ dna, db, close } = await openFakeLibrary());
    const ids = [];
    for (let i = 0; i < 25; i++) {
      ids.push(
        (await dna.SubmitDNAJob({ DBId: db, PrimaryKey: `k${i}`, Config: '{"SaveType":"onlysave"}', Input: { Type: 'Media', Media: `m${i}`, Bytes: fakeMedia(hex(i)) } })).JobId,
      );
    }
    await dna.idle();
    const jobs = [];
    for (let i = 0; i < ids.length; i += 10) jobs.push(...(await dna.QueryDNAJobList({ JobIds: ids.slice(i, i + 10).join(',') })).JobList);
    expect(jobs.every((j) => j.Status === 'Success')).toBe(true);
  });
  afterEach(() => close());

  it('pages with NextPageToken in store order; default page size 20; empty token at the end', async () => {
    const page1 = await dna.ListDNAFiles({ DBId: db });
    expect(page1.FileList).toHaveLength(20);
    expect(page1.NextPageToken).not.toBe('');
    const page2 = await dna.ListDNAFiles({ DBId: db, NextPageToken: page1.NextPageToken });
    expect(page2.FileList.map((f) => f.PrimaryKey)).toEqual(['k20', 'k21', 'k22', 'k23', 'k24']);
    expect(page2.NextPageToken).toBe('');
    const all: string[] = [];
    let token = '';
    do {
      const page = await dna.ListDNAFiles({ DBId: db, PageSize: 7, NextPageToken: token });
      all.push(...page.FileList.map((f) => f.PrimaryKey));
      token = page.NextPageToken;
    } while (token !== '');
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => `k${i}`));
    expect(page1.FileList[0]).toEqual({ PrimaryKey: 'k0', InputFile: { Bucket: '', Location: 'local', Object: 'm0' } });
  });

  it('deletes files from the store and the index at once; unknown keys are ignored', async () => {
    const search = async (i: number) =>
      (
        await dna.waitForJob(
          (await dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'probe', Config: '{"SaveType":"nosave","MaxDistance":0}', Input: { Type: 'Media', Media: 'p', Bytes: fakeMedia(hex(i)) } })).JobId,
        )
      ).DNAResult?.ImageDNA?.map((m) => m.PrimaryKey);
    expect(await search(3)).toEqual(['k3']);
    const response = await dna.DeleteDNAFiles({ DBId: db, PrimaryKeys: 'k3,k4,unknown' });
    expect(response).toEqual({ RequestId: expect.any(String) });
    expect(await search(3)).toEqual([]);
    const keys = (await dna.ListDNAFiles({ DBId: db, PageSize: 100 })).FileList.map((f) => f.PrimaryKey);
    expect(keys).toHaveLength(23);
    expect(keys).not.toContain('k4');
    // The key is free again.
    const again = await dna.waitForJob(
      (await dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'k3', Config: '{"SaveType":"onlysave"}', Input: { Type: 'Media', Media: 'p', Bytes: fakeMedia(hex(3)) } })).JobId,
    );
    expect(again.Status).toBe('Success');
    // *local*: an array of keys also works (keys may contain commas).
    await dna.DeleteDNAFiles({ DBId: db, PrimaryKeys: ['k5', 'k6'] as never });
    expect((await dna.ListDNAFiles({ DBId: db, PageSize: 100 })).FileList).toHaveLength(22);
    expect(await dna.check()).toEqual({ ok: true, problems: [] });
  });
});
