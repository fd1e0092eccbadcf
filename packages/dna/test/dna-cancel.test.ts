import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dna } from '../dist/index.js';
import { fakeMedia, openFakeLibrary } from './helpers.js';

const A = '0123456789abcdef';

describe('CancelDNAJob', () => {
  let dna: Dna;
  let close: () => Promise<void>;
  let db: string;
  let dir: string;
  beforeEach(async () => {
    ({ dna, db, dir, close } = await openFakeLibrary({ workers: 1 }));
  });
  afterEach(() => close());

  const submit = async (key: string, ...directives: string[]) =>
    (await dna.SubmitDNAJob({ DBId: db, PrimaryKey: key, Input: { Type: 'Media', Media: key, Bytes: fakeMedia(A, ...directives) } })).JobId;
  /** Resolves once the worker has started extracting (the fake engine wrote `marker`). */
  const started = async (marker: string) => {
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('cancels a queued job: it never runs and ends Fail Job.Cancelled', async () => {
    const running = await submit('first', 'sleep 300');
    const queued = await submit('second');
    const response = await dna.CancelDNAJob({ JobId: queued });
    expect(response).toEqual({ RequestId: expect.any(String), JobId: queued });
    const job = await dna.waitForJob(queued);
    expect(job).toMatchObject({ Status: 'Fail', Code: 'Job.Cancelled' });
    expect((await dna.waitForJob(running)).Status).toBe('Success');
    expect((await dna.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey)).toEqual(['first']);
  });

  it('aborts a running job through its signal; nothing is stored and the worker takes the next job', async () => {
    const marker = join(dir, 'slow.started');
    const jobId = await submit('slow', `touch ${marker}`, 'sleep 30000');
    await started(marker);
    expect((await dna.QueryDNAJobList({ JobIds: jobId })).JobList[0].Status).toBe('Analysing');
    await dna.CancelDNAJob({ JobId: jobId });
    expect((await dna.QueryDNAJobList({ JobIds: jobId })).JobList[0]).toMatchObject({ Status: 'Fail', Code: 'Job.Cancelled' });
    const next = await submit('next');
    expect((await dna.waitForJob(next, { timeoutMs: 10_000 })).Status).toBe('Success');
    expect((await dna.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey)).toEqual(['next']);
  });

  it('stops an engine stuck in a loop that ignores the signal (the worker is replaced)', async () => {
    const marker = join(dir, 'stuck.started');
    const jobId = await submit('stuck', `touch ${marker}`, 'spin 20000');
    await started(marker);
    await dna.CancelDNAJob({ JobId: jobId });
    const next = await submit('after');
    expect((await dna.waitForJob(next, { timeoutMs: 10_000 })).Status).toBe('Success');
    expect((await dna.waitForJob(jobId)).Code).toBe('Job.Cancelled');
  });

  it('refuses to cancel a finished job', async () => {
    const jobId = await submit('done');
    await dna.waitForJob(jobId);
    await expect(dna.CancelDNAJob({ JobId: jobId })).rejects.toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('already finished (Success)') });
  });
});
