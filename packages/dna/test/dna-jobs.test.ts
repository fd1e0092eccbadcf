import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dna, Job } from '../dist/index.js';
import { fakeMedia, openFake, openFakeLibrary, submitAndWait as submitAndWaitOn, writeFake } from './helpers.js';

const A = '0123456789abcdef';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('jobs: submit, events, query, wait, inputs and media failures', () => {
  let dna: Dna;
  let close: () => Promise<void>;
  let dir: string;
  let db: string;
  beforeEach(async () => {
    ({ dna, db, dir, close } = await openFakeLibrary((dir) => ({
      ossRoot: join(dir, 'oss'),
      mediaResolver: (id: string) => {
        if (id === 'media-bytes') return fakeMedia(A);
        if (id === 'media-path') return join(dir, 'a.fake');
        throw new Error(`no media ${id}`);
      },
      templates: { strict: { SaveType: 'nosave', MaxDistance: 0 } },
      pipelines: { bulk: { concurrency: 1 } },
    })));
  });
  afterEach(() => close());

  const submitAndWait = (request: Parameters<Dna['SubmitDNAJob']>[0]) => submitAndWaitOn(dna, request);

  it('emits every status change, Queuing → Analysing → Success, and QueryDNAJobList shows the cloud Job shape', async () => {
    const seen: Job[] = [];
    const listener = (job: Job) => seen.push(job);
    dna.on('job', listener);
    const path = writeFake(dir, 'a.fake', A);
    const { JobId, RequestId } = await dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'a', Input: { Type: 'Media', Media: path }, UserData: '{"mine":1}' });
    expect(JobId).toMatch(/^[0-9a-f]{32}$/);
    expect(RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const done = await dna.waitForJob(JobId);
    dna.off('job', listener);
    expect(seen.map((j) => j.Status)).toEqual(['Queuing', 'Analysing', 'Success']);
    const { JobList } = await dna.QueryDNAJobList({ JobIds: `${JobId},${'0'.repeat(32)}` });
    expect(JobList).toEqual([done]);
    expect(done).toEqual({
      Id: JobId,
      Status: 'Success',
      Code: '',
      Message: '',
      CreationTime: expect.stringMatching(TIME),
      FinishTime: expect.stringMatching(TIME),
      DBId: db,
      PrimaryKey: 'a',
      UserData: '{"mine":1}',
      Config: '{"SaveType":"save","MediaType":"image"}',
      Input: { Type: 'Media', Media: path },
      DNAResult: { ImageDNA: [] },
    });
    expect(seen[0].FinishTime).toBe('');
    expect(seen[0].DNAResult).toBeUndefined();
    const files = await dna.ListDNAFiles({ DBId: db });
    expect(files.FileList).toEqual([{ PrimaryKey: 'a', InputFile: { Bucket: '', Location: 'local', Object: path } }]);
  });

  it('reads file:// URLs, OSS objects under ossRoot, and media ids through the resolver', async () => {
    writeFake(dir, 'a.fake', A);
    mkdirSync(join(dir, 'oss', 'bucket', 'photos'), { recursive: true });
    writeFileSync(join(dir, 'oss', 'bucket', 'photos', 'b.fake'), fakeMedia(A));
    const url = await submitAndWait({ DBId: db, PrimaryKey: 'u', Input: { Type: 'Media', Media: pathToFileURL(join(dir, 'a.fake')).href } });
    expect(url.Status).toBe('Success');
    const oss = await submitAndWait({ DBId: db, PrimaryKey: 'o', Input: { Type: 'OSS', Media: 'oss://bucket/photos/b.fake' }, Config: '{"SaveType":"forcesave"}' });
    expect(oss).toMatchObject({ Status: 'Success', DNAResult: { ImageDNA: [{ PrimaryKey: 'u' }] } });
    const http = await submitAndWait({
      DBId: db,
      PrimaryKey: 'h',
      Input: { Type: 'OSS', Media: 'https://bucket.oss-cn-shanghai.aliyuncs.com/photos/b.fake' },
      Config: '{"SaveType":"forcesave"}',
    });
    expect(http.Status).toBe('Success');
    const id1 = await submitAndWait({ DBId: db, PrimaryKey: 'i1', Input: { Type: 'Media', Media: 'media-bytes' }, Config: '{"SaveType":"nosave"}' });
    const id2 = await submitAndWait({ DBId: db, PrimaryKey: 'i2', Input: { Type: 'Media', Media: 'media-path' }, Config: '{"SaveType":"nosave"}' });
    expect(id1.DNAResult?.ImageDNA?.length).toBe(3);
    expect(id2.DNAResult?.ImageDNA?.length).toBe(3);
    const unknown = await submitAndWait({ DBId: db, PrimaryKey: 'i3', Input: { Type: 'Media', Media: 'media-none' } });
    expect(unknown).toMatchObject({ Status: 'Fail', Code: 'Input.NotFound', Message: expect.stringContaining('no media media-none') });
    const files = (await dna.ListDNAFiles({ DBId: db })).FileList;
    expect(files.find((f) => f.PrimaryKey === 'o')?.InputFile).toEqual({ Bucket: 'bucket', Location: 'local', Object: 'photos/b.fake' });
    expect(files.find((f) => f.PrimaryKey === 'h')?.InputFile).toEqual({ Bucket: 'bucket', Location: 'oss-cn-shanghai', Object: 'photos/b.fake' });
  });

  it('fetches http(s) inputs; an HTTP error fails the job Input.FetchFailed', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/a.fake') response.end(Buffer.from(fakeMedia(A)));
      else {
        response.statusCode = 404;
        response.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await submitAndWait({ DBId: db, PrimaryKey: 'web', Input: { Type: 'Media', Media: `${base}/a.fake` } });
      expect(ok.Status).toBe('Success');
      expect((await dna.ListDNAFiles({ DBId: db })).FileList).toEqual([{ PrimaryKey: 'web', InputFile: { Bucket: '', Location: 'http', Object: `${base}/a.fake` } }]);
      const missing = await submitAndWait({ DBId: db, PrimaryKey: 'gone', Input: { Type: 'Media', Media: `${base}/gone.fake` } });
      expect(missing).toMatchObject({ Status: 'Fail', Code: 'Input.FetchFailed', Message: expect.stringContaining('404') });
    } finally {
      server.close();
    }
  });

  it('OSS objects never escape ossRoot', async () => {
    writeFake(dir, 'secret.fake', A);
    const job = await submitAndWait({ DBId: db, PrimaryKey: 'x', Input: { Type: 'OSS', Media: 'oss://bucket/../../secret.fake' } });
    expect(job).toMatchObject({ Status: 'Fail', Code: 'Input.AccessDenied' });
  });

  it('media problems end the job Fail with a specific code instead of throwing', async () => {
    writeFileSync(join(dir, 'empty.fake'), new Uint8Array(0));
    writeFileSync(join(dir, 'junk.fake'), 'this is not a fake medium');
    const missing = await submitAndWait({ DBId: db, PrimaryKey: 'm', Input: { Type: 'Media', Media: join(dir, 'missing.fake') } });
    expect(missing).toMatchObject({ Status: 'Fail', Code: 'Input.NotFound', Message: expect.stringContaining('missing.fake') });
    expect(missing.FinishTime).toMatch(TIME);
    expect(await submitAndWait({ DBId: db, PrimaryKey: 'e', Input: { Type: 'Media', Media: join(dir, 'empty.fake') } })).toMatchObject({
      Status: 'Fail',
      Code: 'InvalidMedia.Empty',
    });
    expect(await submitAndWait({ DBId: db, PrimaryKey: 'j', Input: { Type: 'Media', Media: join(dir, 'junk.fake') } })).toMatchObject({
      Status: 'Fail',
      Code: 'InvalidMedia.Corrupt',
    });
    expect(await submitAndWait({ DBId: db, PrimaryKey: 'b', Input: { Type: 'Media', Media: 'x', Bytes: new Uint8Array(0) } })).toMatchObject({
      Status: 'Fail',
      Code: 'InvalidMedia.Empty',
    });
    expect((await dna.ListDNAFiles({ DBId: db })).FileList).toEqual([]);
  });

  it('a worker that dies fails its job with InternalError and the next job still runs', async () => {
    const crash = await submitAndWait({ DBId: db, PrimaryKey: 'c', Input: { Type: 'Media', Media: 'c', Bytes: fakeMedia(A, 'crash') } });
    expect(crash).toMatchObject({ Status: 'Fail', Code: 'InternalError', Message: expect.stringContaining('worker stopped') });
    expect((await submitAndWait({ DBId: db, PrimaryKey: 'ok', Input: { Type: 'Media', Media: 'ok', Bytes: fakeMedia(A) } })).Status).toBe('Success');
  });

  it('media types without an engine fail MediaType.NotSupported', async () => {
    const audio = (await dna.CreateDNADB({ Name: 'a', Model: 'Audio' })).DBInfo.DBId;
    const engineless = await openFake(join(dir, 'data2'), { engines: { Audio: join(dir, 'no-such-engine.mjs') } });
    try {
      const other = (await engineless.CreateDNADB({ Name: 'a', Model: 'Audio' })).DBInfo.DBId;
      const { JobId } = await engineless.SubmitDNAJob({ DBId: other, PrimaryKey: 'a', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) } });
      expect(await engineless.waitForJob(JobId)).toMatchObject({ Status: 'Fail', Code: 'MediaType.NotSupported', Message: expect.stringContaining('Audio') });
    } finally {
      await engineless.close();
    }
    // Through the built-in registry too, until an audio engine lands (then this job runs and fails on the fake bytes instead).
    const job = await submitAndWait({ DBId: audio, PrimaryKey: 'a', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) } });
    expect(job.Status).toBe('Fail');
    expect(job.Code).not.toBe('InternalError');
  });

  it('uses a default library per Model when DBId is omitted, created on demand', async () => {
    const first = await submitAndWait({ PrimaryKey: 'd1', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) }, Config: '{"MediaType":"image"}' });
    const second = await submitAndWait({ PrimaryKey: 'd2', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) }, Config: '{"MediaType":"image","SaveType":"nosave"}' });
    expect(first.Status).toBe('Success');
    expect(second.DBId).toBe(first.DBId);
    expect(second.DNAResult?.ImageDNA?.[0].PrimaryKey).toBe('d1');
    const [library] = (await dna.ListDNADB({ DBIds: first.DBId })).DBList;
    expect(library).toMatchObject({ Name: 'default', Model: 'Image', Status: 'active' });
    // Without MediaType the default is video (the cloud's), so a Video default library.
    const video = await dna.SubmitDNAJob({ PrimaryKey: 'v', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) } });
    const videoJob = await dna.waitForJob(video.JobId);
    expect((await dna.ListDNADB({ DBIds: videoJob.DBId })).DBList[0]).toMatchObject({ Name: 'default', Model: 'Video' });
  });

  it('applies templates (Config overrides them) and pipelines', async () => {
    await submitAndWait({ DBId: db, PrimaryKey: 'a', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A) } });
    const near = '0123456789abcdee';
    const strict = await submitAndWait({ DBId: db, PrimaryKey: 'q', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(near) }, TemplateId: 'strict', PipelineId: 'bulk' });
    expect(JSON.parse(strict.Config)).toEqual({ SaveType: 'nosave', MediaType: 'image', MaxDistance: 0 });
    expect(strict.DNAResult).toEqual({ ImageDNA: [] });
    const loose = await submitAndWait({ DBId: db, PrimaryKey: 'q', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(near) }, TemplateId: 'strict', Config: '{"MaxDistance":4}' });
    expect(loose.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'a', Distance: 1 });
    const builtIn = await submitAndWait({ DBId: db, PrimaryKey: 'z', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia('ffffffffffffffff') }, TemplateId: 'search-only' });
    expect(JSON.parse(builtIn.Config).SaveType).toBe('nosave');
    expect((await dna.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey)).toEqual(['a']);
  });

  it('a pipeline runs at most its concurrency at once; stats, idle and the bounded queue', async () => {
    const bounded = await openFake(join(dir, 'data3'), { workers: 2, queueLimit: 3, pipelines: { one: { concurrency: 1 } } });
    try {
      const lib = (await bounded.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      let running = 0;
      let most = 0;
      bounded.on('job', (job) => {
        if (job.Status === 'Analysing') most = Math.max(most, ++running);
        else if (job.Status !== 'Queuing') running--;
      });
      const submit = (i: number) =>
        bounded.SubmitDNAJob({ DBId: lib, PrimaryKey: `k${i}`, PipelineId: 'one', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A, 'sleep 100') } });
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push((await submit(i)).JobId);
      // One is running; three wait, which is the limit.
      expect(bounded.stats()).toMatchObject({ queueLimit: 3, workers: 2 });
      await expect(submit(9)).rejects.toMatchObject({ code: 'InvalidParameter.OutOfRange', message: expect.stringContaining('queue is full') });
      await bounded.idle();
      expect(bounded.stats()).toMatchObject({ queued: 0, running: 0 });
      // Concurrent submits cannot overshoot the bound: places are reserved before the job is written.
      const burst = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => submit(100 + i)));
      const accepted = burst.filter((outcome) => outcome.status === 'fulfilled').length;
      expect(accepted).toBeGreaterThanOrEqual(3);
      expect(accepted).toBeLessThanOrEqual(4); // 3 waiting + 1 that started at once
      await bounded.idle();
      expect(most).toBe(1);
      const jobs = (await bounded.QueryDNAJobList({ JobIds: ids.join(',') })).JobList;
      expect(jobs.map((j) => j.Status)).toEqual(['Success', 'Success', 'Success', 'Success']);
    } finally {
      await bounded.close();
    }
  });

  it('waitForJob times out with a clear error and the job keeps running', async () => {
    const { JobId } = await dna.SubmitDNAJob({ DBId: db, PrimaryKey: 's', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A, 'sleep 400') } });
    await expect(dna.waitForJob(JobId, { timeoutMs: 50 })).rejects.toThrow(/did not finish within 50 ms/);
    expect((await dna.waitForJob(JobId)).Status).toBe('Success');
  });
});
