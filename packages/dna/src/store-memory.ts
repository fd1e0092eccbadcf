/**
 * An in-memory {@link DnaStore}: nothing survives the process. For tests, throw-away runs, and
 * as the second implementation the store conformance suite runs against. Records are copied
 * in and out so callers can never mutate stored state by reference.
 */
import type { DBStatus } from '@mediadna/core';
import { isFinishedStatus } from './records.js';
import type {
  CompleteOutcome,
  FileEntry,
  FileRecord,
  FingerprintEntry,
  FingerprintVersion,
  JobRecord,
  JobRunner,
  LibraryRecord,
} from './records.js';
import type { DnaStore } from './store.js';

interface StoredFile {
  readonly seq: number;
  readonly record: FileRecord;
}

interface StoredLibrary {
  record: LibraryRecord;
  revision: number;
  /** PrimaryKey → file, in insertion (seq) order. */
  readonly files: Map<string, StoredFile>;
}

function copyJob(job: JobRecord): JobRecord {
  return structuredClone(job);
}

class MemoryStore implements DnaStore {
  readonly description = 'memory';
  private readonly libraries = new Map<string, StoredLibrary>();
  private readonly jobs = new Map<string, JobRecord>();
  private readonly inputs = new Map<string, Uint8Array>();
  private nextFileSeq = 1;
  private closed = false;

  private live(): void {
    if (this.closed) throw new Error('[mediadna] [store] The memory store is closed');
  }

  private library(dbId: string): StoredLibrary | undefined {
    this.live();
    return this.libraries.get(dbId);
  }

  async insertLibrary(library: LibraryRecord): Promise<void> {
    this.live();
    if (this.libraries.has(library.dbId)) throw new Error(`[mediadna] [store] Library ${library.dbId} exists`);
    this.libraries.set(library.dbId, { record: { ...library }, revision: 0, files: new Map() });
  }

  async getLibrary(dbId: string): Promise<LibraryRecord | undefined> {
    const library = this.library(dbId);
    return library === undefined ? undefined : { ...library.record };
  }

  async listLibraries(): Promise<LibraryRecord[]> {
    this.live();
    return [...this.libraries.values()].map((library) => ({ ...library.record }));
  }

  async setLibraryStatus(dbId: string, status: DBStatus): Promise<void> {
    const library = this.library(dbId);
    if (library !== undefined) library.record = { ...library.record, status };
  }

  async deleteLibrary(dbId: string): Promise<void> {
    const library = this.library(dbId);
    if (library === undefined) return;
    library.files.clear();
    library.record = { ...library.record, status: 'deleted' };
    library.revision++;
  }

  async libraryRevision(dbId: string): Promise<number> {
    return this.library(dbId)?.revision ?? 0;
  }

  async listFiles(dbId: string, afterSeq: number, limit: number): Promise<FileEntry[]> {
    const library = this.library(dbId);
    if (library === undefined) return [];
    const out: FileEntry[] = [];
    for (const file of library.files.values()) {
      if (file.seq <= afterSeq) continue;
      out.push({ seq: file.seq, primaryKey: file.record.primaryKey, inputFile: { ...file.record.inputFile } });
      if (out.length >= limit) break;
    }
    return out;
  }

  async countFiles(dbId: string): Promise<number> {
    return this.library(dbId)?.files.size ?? 0;
  }

  async hasFile(dbId: string, primaryKey: string): Promise<boolean> {
    return this.library(dbId)?.files.has(primaryKey) ?? false;
  }

  async loadFingerprints(dbId: string): Promise<FingerprintEntry[]> {
    const library = this.library(dbId);
    if (library === undefined) return [];
    return [...library.files.values()].map(({ record }) => ({
      primaryKey: record.primaryKey,
      fingerprint: record.fingerprint.slice(),
      algorithm: record.algorithm,
      algorithmVersion: record.algorithmVersion,
    }));
  }

  async fingerprintVersions(dbId: string): Promise<FingerprintVersion[]> {
    const counts = new Map<string, FingerprintVersion>();
    for (const { record } of this.library(dbId)?.files.values() ?? []) {
      const key = `${record.algorithm}\u0000${record.algorithmVersion}`;
      const seen = counts.get(key);
      counts.set(key, { algorithm: record.algorithm, algorithmVersion: record.algorithmVersion, count: (seen?.count ?? 0) + 1 });
    }
    return [...counts.values()];
  }

  async deleteFiles(dbId: string, primaryKeys: readonly string[]): Promise<{ deleted: string[]; revision: number }> {
    const library = this.library(dbId);
    if (library === undefined) return { deleted: [], revision: 0 };
    const deleted = primaryKeys.filter((key) => library.files.delete(key));
    if (deleted.length > 0) library.revision++;
    return { deleted, revision: library.revision };
  }

  async insertJob(job: JobRecord, inputBytes?: Uint8Array): Promise<void> {
    this.live();
    if (this.jobs.has(job.id)) throw new Error(`[mediadna] [store] Job ${job.id} exists`);
    this.jobs.set(job.id, copyJob(job));
    if (inputBytes !== undefined) this.inputs.set(job.id, inputBytes.slice());
  }

  private writeJob(job: JobRecord): void {
    const stored = this.jobs.get(job.id);
    if (stored === undefined) return;
    this.jobs.set(job.id, {
      ...stored,
      status: job.status,
      code: job.code,
      message: job.message,
      finishTime: job.finishTime,
      result: job.result === undefined ? undefined : structuredClone(job.result),
      runner: job.runner === undefined ? undefined : { ...job.runner },
    });
    if (isFinishedStatus(job.status)) this.inputs.delete(job.id);
  }

  async updateJob(job: JobRecord): Promise<void> {
    this.live();
    this.writeJob(job);
  }

  async completeJob(job: JobRecord, file?: FileRecord, expectedRevision?: number): Promise<CompleteOutcome> {
    const library = this.library(job.dbId);
    if (file !== undefined) {
      if (library === undefined || library.record.status === 'deleted') return { kind: 'no-library' };
      if (expectedRevision !== undefined && library.revision !== expectedRevision) return { kind: 'stale', revision: library.revision };
      if (library.files.has(file.primaryKey)) return { kind: 'duplicate-key' };
      const record: FileRecord = { ...file, inputFile: { ...file.inputFile }, fingerprint: file.fingerprint.slice(), meta: structuredClone(file.meta) };
      library.files.set(file.primaryKey, { seq: this.nextFileSeq++, record });
      library.revision++;
    }
    this.writeJob(job);
    return { kind: 'ok', revision: library?.revision ?? 0 };
  }

  async getJobs(ids: readonly string[]): Promise<JobRecord[]> {
    this.live();
    const out: JobRecord[] = [];
    for (const id of ids) {
      const job = this.jobs.get(id);
      if (job !== undefined) out.push(copyJob(job));
    }
    return out;
  }

  async claimUnfinishedJobs(runner: JobRunner, isAlive: (runner: JobRunner) => boolean): Promise<JobRecord[]> {
    this.live();
    const claimed: JobRecord[] = [];
    for (const job of this.jobs.values()) {
      if (isFinishedStatus(job.status)) continue;
      if (job.runner !== undefined && isAlive(job.runner)) continue;
      const mine: JobRecord = { ...job, status: 'Queuing', runner: { ...runner } };
      this.writeJob(mine);
      claimed.push(copyJob(mine));
    }
    return claimed;
  }

  async jobInput(jobId: string): Promise<Uint8Array | undefined> {
    this.live();
    return this.inputs.get(jobId)?.slice();
  }

  async check(): Promise<string[]> {
    this.live();
    const problems: string[] = [];
    for (const [dbId, library] of this.libraries) {
      if (library.record.status === 'deleted' && library.files.size > 0) problems.push(`library ${dbId} is deleted but holds ${library.files.size} files`);
    }
    return problems;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * A new, empty in-memory store (nothing is persisted).
 * @example const dna = await createDna({ dataDir: '/tmp/x', store: createMemoryStore() })
 */
export function createMemoryStore(): DnaStore {
  return new MemoryStore();
}
