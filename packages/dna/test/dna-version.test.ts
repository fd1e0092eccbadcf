import { describe, expect, it } from 'vitest';
import { FAKE_ENGINE_V2, fakeMedia, openFake, tempDir, submitAndWait } from './helpers.js';

describe('libraries made by an incompatible engine version are refused', () => {
  it('fails jobs on such a library with Library.IncompatibleVersion and a clear message, and check() reports it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const v1 = await openFake(dir);
      const db = (await v1.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      const stored = await submitAndWait(v1, { DBId: db, PrimaryKey: 'a', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia('0123456789abcdef') } });
      expect(stored.Status).toBe('Success');
      await v1.close();

      const v2 = await openFake(dir, { engines: { Image: FAKE_ENGINE_V2 } });
      try {
        const { JobId } = await v2.SubmitDNAJob({
          DBId: db,
          PrimaryKey: 'b',
          Config: '{"SaveType":"nosave"}',
          Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia('0123456789abcdef') },
        });
        const job = await v2.waitForJob(JobId);
        expect(job.Status).toBe('Fail');
        expect(job.Code).toBe('Library.IncompatibleVersion');
        expect(job.Message).toMatch(/1 by fake\/hex64 version 1.*computes fake\/hex64 version 2/);
        const report = await v2.check();
        expect(report.ok).toBe(false);
        expect(report.problems.join('\n')).toMatch(/another engine version/);
        // A new library works with the new engine.
        const fresh = (await v2.CreateDNADB({ Name: 'q', Model: 'Image' })).DBInfo.DBId;
        const ok = await submitAndWait(v2, { DBId: fresh, PrimaryKey: 'b', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia('0123456789abcdef') } });
        expect(ok.Status).toBe('Success');
      } finally {
        await v2.close();
      }
    } finally {
      cleanup();
    }
  });
});
