/**
 * The conformance suite every DnaStore must pass: `testStore(name, factory)`. Run against
 * SQLite (`store-sqlite.test.ts`) and memory (`store-memory.test.ts`); a new backend (a server
 * database) adds one test file calling it with a factory that opens a fresh, empty store. It is a
 * test helper, not part of the published package (it needs vitest): import it from this file.
 */
import { describe, expect, it } from 'vitest';
import type { DnaStore, FileRecord, JobRecord, LibraryRecord } from '../dist/index.js';

/** Opens a fresh, empty store; `reopen` (when persistence applies) opens the same one again. */
export interface StoreFactory {
  open(): Promise<{ store: DnaStore; reopen?: () => Promise<DnaStore>; cleanup: () => void }>;
}

const library = (dbId: string, name = 'lib'): LibraryRecord => ({
  dbId,
  name,
  description: 'd',
  model: 'Image',
  status: 'active',
  creationTime: '2026-01-02T03:04:05Z',
});

const job = (id: string, dbId: string, key: string, extra: Partial<JobRecord> = {}): JobRecord => ({
  id,
  status: 'Queuing',
  code: '',
  message: '',
  creationTime: '2026-01-02T03:04:05Z',
  finishTime: '',
  dbId,
  primaryKey: key,
  userData: 'u',
  config: '{"SaveType":"save","MediaType":"image"}',
  inputType: 'Media',
  inputMedia: '/x.jpg',
  saveType: 'save',
  mediaType: 'image',
  engineConfig: { MaxMatches: 3 },
  pipelineId: 'default',
  source: { kind: 'path', path: '/x.jpg' },
  runner: { pid: 1, instance: 'a' },
  ...extra,
});

const file = (dbId: string, key: string, jobId: string, byte = 1): FileRecord => ({
  dbId,
  primaryKey: key,
  inputFile: { Bucket: '', Location: 'local', Object: `/${key}` },
  mediaType: 'image',
  algorithm: 'alg',
  algorithmVersion: 1,
  fingerprint: new Uint8Array([byte, 2, 3]),
  meta: { width: 4 },
  creationTime: '2026-01-02T03:04:05Z',
  jobId,
});

const DB1 = '0'.repeat(31) + '1';
const DB2 = '0'.repeat(31) + '2';
const J = (n: number): string => n.toString(16).padStart(32, 'a');

/** Open a fresh store, run `body` on it, then close it and clean up (also when `body` throws). */
async function withStore(factory: StoreFactory, body: (store: DnaStore) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory.open();
  try {
    await body(store);
  } finally {
    await store.close();
    cleanup();
  }
}

/** Run the conformance suite against stores opened by `factory`. */
export function testStore(name: string, factory: StoreFactory): void {
  describe(`DnaStore conformance: ${name}`, () => {
    it('inserts, gets and lists libraries in creation order, and sets status', () =>
      withStore(factory, async (store) => {
        expect(await store.getLibrary(DB1)).toBeUndefined();
        await store.insertLibrary(library(DB2, 'second-id-first'));
        await store.insertLibrary(library(DB1));
        expect(await store.getLibrary(DB1)).toEqual(library(DB1));
        expect((await store.listLibraries()).map((l) => l.dbId)).toEqual([DB2, DB1]);
        await store.setLibraryStatus(DB1, 'offline');
        expect((await store.getLibrary(DB1))?.status).toBe('offline');
        await expect(store.insertLibrary(library(DB1))).rejects.toThrow();
      }));

    it('completes a job with a file atomically and refuses a duplicate key without writing', () =>
      withStore(factory, async (store) => {
        await store.insertLibrary(library(DB1));
        expect(await store.libraryRevision(DB1)).toBe(0);
        await store.insertJob(job(J(1), DB1, 'k1'));
        await store.insertJob(job(J(2), DB1, 'k1'));
        const done1 = { ...job(J(1), DB1, 'k1'), status: 'Success' as const, finishTime: '2026-01-02T03:04:06Z', result: { ImageDNA: [] } };
        expect(await store.completeJob(done1, file(DB1, 'k1', J(1)), 0)).toEqual({ kind: 'ok', revision: 1 });
        const done2 = { ...job(J(2), DB1, 'k1'), status: 'Success' as const, result: { ImageDNA: [] } };
        expect(await store.completeJob(done2, file(DB1, 'k1', J(2), 9), 1)).toEqual({ kind: 'duplicate-key' });
        const [j1, j2] = await store.getJobs([J(1), J(2)]);
        expect(j1.status).toBe('Success');
        expect(j1.result).toEqual({ ImageDNA: [] });
        expect(j1.engineConfig).toEqual({ MaxMatches: 3 });
        expect(j1.source).toEqual({ kind: 'path', path: '/x.jpg' });
        expect(j2.status).toBe('Queuing');
        expect(await store.countFiles(DB1)).toBe(1);
        const [fingerprint] = await store.loadFingerprints(DB1);
        expect(Array.from(fingerprint.fingerprint)).toEqual([1, 2, 3]);
        expect(await store.libraryRevision(DB1)).toBe(1);
      }));

    it('refuses a stale revision and a missing or deleted library without writing', () =>
      withStore(factory, async (store) => {
        await store.insertLibrary(library(DB1));
        await store.insertJob(job(J(1), DB1, 'k1'));
        const done = { ...job(J(1), DB1, 'k1'), status: 'Success' as const, result: {} };
        expect(await store.completeJob(done, file(DB1, 'k1', J(1)), 7)).toEqual({ kind: 'stale', revision: 0 });
        expect(await store.completeJob({ ...done, dbId: DB2 }, file(DB2, 'k1', J(1)))).toEqual({ kind: 'no-library' });
        await store.deleteLibrary(DB1);
        expect((await store.getLibrary(DB1))?.status).toBe('deleted');
        expect(await store.completeJob(done, file(DB1, 'k1', J(1)))).toEqual({ kind: 'no-library' });
        expect(await store.countFiles(DB1)).toBe(0);
        expect((await store.getJobs([J(1)]))[0].status).toBe('Queuing');
      }));

    it('pages files by seq, deletes files by key and reports versions', () =>
      withStore(factory, async (store) => {
        await store.insertLibrary(library(DB1));
        await store.insertLibrary(library(DB2));
        for (let i = 0; i < 5; i++) {
          await store.insertJob(job(J(i), DB1, `k${i}`));
          const done = { ...job(J(i), DB1, `k${i}`), status: 'Success' as const, result: {} };
          const f = i === 4 ? { ...file(DB1, `k${i}`, J(i)), algorithmVersion: 2 } : file(DB1, `k${i}`, J(i));
          expect((await store.completeJob(done, f)).kind).toBe('ok');
        }
        await store.insertJob(job(J(9), DB2, 'other'));
        await store.completeJob({ ...job(J(9), DB2, 'other'), status: 'Success' }, file(DB2, 'other', J(9)));
        const first = await store.listFiles(DB1, 0, 2);
        expect(first.map((f) => f.primaryKey)).toEqual(['k0', 'k1']);
        expect(first[0].inputFile).toEqual({ Bucket: '', Location: 'local', Object: '/k0' });
        const rest = await store.listFiles(DB1, first[1].seq, 10);
        expect(rest.map((f) => f.primaryKey)).toEqual(['k2', 'k3', 'k4']);
        expect(await store.hasFile(DB1, 'k3')).toBe(true);
        expect(await store.hasFile(DB2, 'k3')).toBe(false);
        const versions = (await store.fingerprintVersions(DB1)).sort((a, b) => a.algorithmVersion - b.algorithmVersion);
        expect(versions).toEqual([
          { algorithm: 'alg', algorithmVersion: 1, count: 4 },
          { algorithm: 'alg', algorithmVersion: 2, count: 1 },
        ]);
        const before = await store.libraryRevision(DB1);
        const { deleted, revision } = await store.deleteFiles(DB1, ['k1', 'nope', 'k3']);
        expect(deleted).toEqual(['k1', 'k3']);
        expect(revision).toBe(before + 1);
        expect((await store.listFiles(DB1, 0, 10)).map((f) => f.primaryKey)).toEqual(['k0', 'k2', 'k4']);
        expect(await store.countFiles(DB2)).toBe(1);
        expect((await store.deleteFiles(DB1, ['nope'])).revision).toBe(before + 1);
      }));

    it('keeps job input bytes until the job finishes, and claims unfinished jobs of dead runners', () =>
      withStore(factory, async (store) => {
        await store.insertLibrary(library(DB1));
        await store.insertJob(job(J(1), DB1, 'a', { source: { kind: 'bytes', name: 'b.bin' } }), new Uint8Array([7, 8]));
        await store.insertJob(job(J(2), DB1, 'b', { status: 'Analysing', runner: { pid: 2, instance: 'dead' } }));
        await store.insertJob(job(J(3), DB1, 'c', { runner: { pid: 3, instance: 'alive' } }));
        await store.insertJob(job(J(4), DB1, 'd', { status: 'Fail', code: 'X', runner: { pid: 2, instance: 'dead' } }));
        expect(Array.from((await store.jobInput(J(1))) ?? [])).toEqual([7, 8]);
        const me = { pid: 99, instance: 'me' };
        const claimed = await store.claimUnfinishedJobs(me, (runner) => runner.instance === 'alive');
        expect(claimed.map((j) => j.id)).toEqual([J(1), J(2)]);
        expect(claimed.every((j) => j.status === 'Queuing' && j.runner?.instance === 'me')).toBe(true);
        expect((await store.getJobs([J(2)]))[0]).toMatchObject({ status: 'Queuing', runner: me });
        expect(await store.claimUnfinishedJobs({ pid: 100, instance: 'x' }, (runner) => runner.instance !== 'dead')).toEqual([]);
        await store.updateJob({ ...claimed[0], status: 'Fail', code: 'Job.Cancelled', message: 'm', finishTime: '2026-01-02T03:04:07Z' });
        expect(await store.jobInput(J(1))).toBeUndefined();
        expect((await store.getJobs([J(1), 'f'.repeat(32), J(4)])).map((j) => j.id)).toEqual([J(1), J(4)]);
        expect(await store.check()).toEqual([]);
      }));

    it('persists everything across a reopen (when the store is durable)', async () => {
      const { store, reopen, cleanup } = await factory.open();
      try {
        if (reopen === undefined) {
          await store.close();
          return;
        }
        await store.insertLibrary(library(DB1));
        await store.insertJob(job(J(1), DB1, 'k'));
        await store.completeJob({ ...job(J(1), DB1, 'k'), status: 'Success', result: { ImageDNA: [] } }, file(DB1, 'k', J(1)));
        await store.close();
        const again = await reopen();
        try {
          expect((await again.getLibrary(DB1))?.name).toBe('lib');
          expect((await again.getJobs([J(1)]))[0].status).toBe('Success');
          expect((await again.loadFingerprints(DB1)).map((f) => f.primaryKey)).toEqual(['k']);
          expect(await again.libraryRevision(DB1)).toBe(1);
        } finally {
          await again.close();
        }
      } finally {
        cleanup();
      }
    });
  });
}
