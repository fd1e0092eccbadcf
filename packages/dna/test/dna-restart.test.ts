import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../dist/index.js';
import type { JobRecord } from '../dist/index.js';
import { fakeMedia, openFake, tempDir, writeFake } from './helpers.js';

const A = '0123456789abcdef';

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('restart: interrupted jobs re-run on the next open', () => {
  it('re-runs jobs left Queuing or Analysing by a process that died, keeping bytes inputs', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await openFake(dir);
      const db = (await first.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      await first.close();
      // Forge what a killed process leaves behind: one job Analysing, one Queuing with bytes.
      const store = createSqliteStore(dir);
      const dead = { pid: deadPid(), instance: 'gone' };
      const path = writeFake(dir, 'a.fake', A);
      const base = {
        code: '',
        message: '',
        creationTime: '2026-01-01T00:00:00Z',
        finishTime: '',
        dbId: db,
        userData: '',
        config: '{"SaveType":"save","MediaType":"image"}',
        inputType: 'Media',
        saveType: 'save',
        mediaType: 'image',
        engineConfig: {},
        pipelineId: 'default',
        runner: dead,
      } as const;
      const j1: JobRecord = { ...base, id: '1'.repeat(32), status: 'Analysing', primaryKey: 'a', inputMedia: path, source: { kind: 'path', path } };
      const j2: JobRecord = { ...base, id: '2'.repeat(32), status: 'Queuing', primaryKey: 'b', inputMedia: 'b', source: { kind: 'bytes', name: 'b' } };
      await store.insertJob(j1);
      await store.insertJob(j2, fakeMedia('ffffffffffffffff'));
      await store.close();

      const second = await openFake(dir);
      try {
        const done = await Promise.all([second.waitForJob(j1.id, { timeoutMs: 20_000 }), second.waitForJob(j2.id, { timeoutMs: 20_000 })]);
        expect(done.map((j) => j.Status)).toEqual(['Success', 'Success']);
        expect((await second.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey)).toEqual(['a', 'b']);
      } finally {
        await second.close();
      }
    } finally {
      cleanup();
    }
  });

  it('jobs still queued at close() run on the next open; jobs of another live facade are left alone', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const first = await openFake(dir);
      const db = (await first.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await first.SubmitDNAJob({ DBId: db, PrimaryKey: `k${i}`, Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A, 'sleep 200') } })).JobId);
      }
      // A second facade on the same data dir while the first is open must not steal its jobs.
      const peer = await openFake(dir);
      expect(peer.stats().queued + peer.stats().running).toBe(0);
      await peer.close();
      await first.close();
      const again = await openFake(dir);
      try {
        const jobs = await Promise.all(ids.map((id) => again.waitForJob(id, { timeoutMs: 20_000 })));
        // Same fingerprint: the first stores, the later ones find it (SaveType save).
        expect(jobs.map((j) => j.Status)).toEqual(['Success', 'Success', 'Success']);
        expect((await again.ListDNAFiles({ DBId: db })).FileList).toHaveLength(1);
        expect(await again.check()).toEqual({ ok: true, problems: [] });
      } finally {
        await again.close();
      }
    } finally {
      cleanup();
    }
  });
});

describe('close()', () => {
  it('rejects a pending waitForJob instead of resolving with an unfinished job', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dna = await openFake(dir);
      const db = (await dna.CreateDNADB({ Name: 'p', Model: 'Image' })).DBInfo.DBId;
      const { JobId } = await dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'k', Input: { Type: 'Media', Media: 'x', Bytes: fakeMedia(A, 'sleep 5000') } });
      const waiting = dna.waitForJob(JobId);
      await dna.close();
      await expect(waiting).rejects.toMatchObject({ code: 'InternalError', message: expect.stringContaining('closed while waiting') });
    } finally {
      cleanup();
    }
  });
});
