import { describe, expect, it } from 'vitest';
import { fakeMedia, openFake, tempDir, submitAndWait } from './helpers.js';

describe('two facades sharing one data dir (e.g. an app and the CLI)', () => {
  it('see each other\'s files: save stores a picture once even when both race to store it', async () => {
    const { dir, cleanup } = tempDir();
    const a = await openFake(dir);
    const b = await openFake(dir);
    try {
      const db = (await a.CreateDNADB({ Name: 'shared', Model: 'Image' })).DBInfo.DBId;
      // Warm both indexes (empty) so each holds a cached copy that the other's commits make stale.
      for (const [dna, key] of [[a, 'wa'], [b, 'wb']] as const) {
        await submitAndWait(dna, { DBId: db, PrimaryKey: key, Config: '{"SaveType":"nosave"}', Input: { Type: 'Media', Media: 'w', Bytes: fakeMedia('ffffffffffffffff') } });
      }
      const submit = (dna: typeof a, key: string) =>
        dna.SubmitDNAJob({ DBId: db, PrimaryKey: key, Input: { Type: 'Media', Media: key, Bytes: fakeMedia('0123456789abcdef') } });
      const [ja, jb] = await Promise.all([submit(a, 'from-a'), submit(b, 'from-b')]);
      const [done1, done2] = await Promise.all([a.waitForJob(ja.JobId), b.waitForJob(jb.JobId)]);
      expect([done1.Status, done2.Status]).toEqual(['Success', 'Success']);
      const files = (await a.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey);
      expect(files).toHaveLength(1);
      // The job that did not store found the one that did.
      const loser = files[0] === 'from-a' ? done2 : done1;
      expect(loser.DNAResult?.ImageDNA?.map((m) => m.PrimaryKey)).toEqual(files);
      // b sees a's later deletes too.
      await a.DeleteDNAFiles({ DBId: db, PrimaryKeys: files[0] });
      const probe = await submitAndWait(b, { DBId: db, PrimaryKey: 'p', Config: '{"SaveType":"nosave"}', Input: { Type: 'Media', Media: 'p', Bytes: fakeMedia('0123456789abcdef') } });
      expect(probe.DNAResult).toEqual({ ImageDNA: [] });
      // a job of one facade can be awaited and queried from the other.
      const late = await a.SubmitDNAJob({ DBId: db, PrimaryKey: 'late', Input: { Type: 'Media', Media: 'l', Bytes: fakeMedia('00000000ffffffff', 'sleep 200') } });
      expect((await b.waitForJob(late.JobId, { timeoutMs: 10_000 })).Status).toBe('Success');
      await expect(b.CancelDNAJob({ JobId: late.JobId })).rejects.toMatchObject({ code: 'InvalidParameter' });
    } finally {
      await a.close();
      await b.close();
      cleanup();
    }
  });
});
