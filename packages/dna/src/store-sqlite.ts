/**
 * The default store: one SQLite file per data dir (`<dataDir>/mediadna.db`) through
 * better-sqlite3, in WAL mode.
 *
 * Durability: `synchronous=FULL` by default, so a transaction that returned is on disk even
 * after a power cut (WAL + NORMAL survives a killed process but may lose the last commits on
 * power loss). Since a job is acknowledged only after its transaction returns, an acknowledged
 * file is never lost. Writes that only track progress (a job queued or started, whose loss
 * means at worst a re-run) commit with NORMAL: they survive a killed process, and the next
 * FULL commit (which fsyncs the whole WAL) makes them power-safe too. That leaves one fsync per
 * job. `durability: 'normal'` uses NORMAL throughout, for bulk ingest where a power cut may
 * cost the last few results.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DBStatus } from '@mediadna/core';
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
import { isFinishedStatus } from './records.js';
import {
  fileEntryFromRow,
  fileParams,
  fingerprintFromRow,
  fingerprintVersionFromRow,
  jobFromRow,
  jobParams,
  libraryFromRow,
  openDatabase,
  toBuffer,
  toBytes,
} from './store-sqlite-schema.js';
import type { FileEntryRow, FingerprintRow, FingerprintVersionRow, JobRow, LibraryRow } from './store-sqlite-schema.js';
import type { DnaStore } from './store.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** `'full'` (default): every commit is fsynced; `'normal'`: survives process kills, not power loss. */
  readonly durability?: 'full' | 'normal';
}

/** File name of the database inside a data dir. */
export const DATABASE_FILE_NAME = 'mediadna.db';


class SqliteStore implements DnaStore {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly durability: 'full' | 'normal';

  constructor(path: string, durability: 'full' | 'normal') {
    this.description = `sqlite:${path}`;
    this.durability = durability;
    this.db = openDatabase(path, durability);
    const db = this.db;
    this.statements = {
      insertLibrary: db.prepare(
        'INSERT INTO libraries (db_id, name, description, model, status, creation_time) VALUES (@dbId, @name, @description, @model, @status, @creationTime)',
      ),
      getLibrary: db.prepare<[string], LibraryRow>('SELECT * FROM libraries WHERE db_id = ?'),
      listLibraries: db.prepare<[], LibraryRow>('SELECT * FROM libraries ORDER BY seq'),
      setLibraryStatus: db.prepare('UPDATE libraries SET status = ? WHERE db_id = ?'),
      bumpRevision: db.prepare('UPDATE libraries SET revision = revision + 1 WHERE db_id = ?'),
      revision: db.prepare<[string], { revision: number }>('SELECT revision FROM libraries WHERE db_id = ?'),
      deleteLibraryFiles: db.prepare('DELETE FROM files WHERE db_id = ?'),
      listFiles: db.prepare<[string, number, number], FileEntryRow>(
        'SELECT seq, primary_key, bucket, location, object FROM files WHERE db_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      countFiles: db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM files WHERE db_id = ?'),
      hasFile: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM files WHERE db_id = ? AND primary_key = ?'),
      loadFingerprints: db.prepare<[string], FingerprintRow>(
        'SELECT primary_key, fingerprint, algorithm, algorithm_version FROM files WHERE db_id = ? ORDER BY seq',
      ),
      fingerprintVersions: db.prepare<[string], FingerprintVersionRow>(
        'SELECT algorithm, algorithm_version, count(*) AS count FROM files WHERE db_id = ? GROUP BY algorithm, algorithm_version',
      ),
      deleteFile: db.prepare('DELETE FROM files WHERE db_id = ? AND primary_key = ?'),
      insertFile: db.prepare(
        `INSERT INTO files (db_id, primary_key, bucket, location, object, media_type, algorithm, algorithm_version, fingerprint, meta, creation_time, job_id)
         VALUES (@db_id, @primary_key, @bucket, @location, @object, @media_type, @algorithm, @algorithm_version, @fingerprint, @meta, @creation_time, @job_id)`,
      ),
      insertJob: db.prepare(
        `INSERT INTO jobs (job_id, status, code, message, creation_time, finish_time, db_id, primary_key, user_data, config, input_type, input_media,
           result, save_type, media_type, engine_config, pipeline_id, source, runner_pid, runner_instance)
         VALUES (@job_id, @status, @code, @message, @creation_time, @finish_time, @db_id, @primary_key, @user_data, @config, @input_type, @input_media,
           @result, @save_type, @media_type, @engine_config, @pipeline_id, @source, @runner_pid, @runner_instance)`,
      ),
      updateJob: db.prepare(
        `UPDATE jobs SET status = @status, code = @code, message = @message, finish_time = @finish_time, result = @result,
           runner_pid = @runner_pid, runner_instance = @runner_instance WHERE job_id = @job_id`,
      ),
      getJob: db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE job_id = ?'),
      unfinishedJobs: db.prepare<[], JobRow>("SELECT * FROM jobs WHERE status IN ('Queuing', 'Analysing') ORDER BY seq"),
      insertJobInput: db.prepare('INSERT INTO job_inputs (job_id, bytes) VALUES (?, ?)'),
      getJobInput: db.prepare<[string], { bytes: Buffer }>('SELECT bytes FROM job_inputs WHERE job_id = ?'),
      deleteJobInput: db.prepare('DELETE FROM job_inputs WHERE job_id = ?'),
    };
  }

  /** Run a progress-only write with synchronous=NORMAL (see the module comment). */
  private progress<T>(write: () => T): T {
    if (this.durability === 'normal') return write();
    this.db.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async insertLibrary(library: LibraryRecord): Promise<void> {
    this.statements.insertLibrary.run(library);
  }

  async getLibrary(dbId: string): Promise<LibraryRecord | undefined> {
    const row = this.statements.getLibrary.get(dbId);
    return row === undefined ? undefined : libraryFromRow(row);
  }

  async listLibraries(): Promise<LibraryRecord[]> {
    return this.statements.listLibraries.all().map(libraryFromRow);
  }

  async setLibraryStatus(dbId: string, status: DBStatus): Promise<void> {
    this.statements.setLibraryStatus.run(status, dbId);
  }

  async deleteLibrary(dbId: string): Promise<void> {
    const s = this.statements;
    this.db
      .transaction(() => {
        s.deleteLibraryFiles.run(dbId);
        s.setLibraryStatus.run('deleted', dbId);
        s.bumpRevision.run(dbId);
      })
      .immediate();
  }

  /** The library's revision now (0 when unknown). */
  private revisionOf(dbId: string): number {
    return this.statements.revision.get(dbId)?.revision ?? 0;
  }

  async libraryRevision(dbId: string): Promise<number> {
    return this.revisionOf(dbId);
  }

  async listFiles(dbId: string, afterSeq: number, limit: number): Promise<FileEntry[]> {
    return this.statements.listFiles.all(dbId, afterSeq, limit).map(fileEntryFromRow);
  }

  async countFiles(dbId: string): Promise<number> {
    return this.statements.countFiles.get(dbId)?.count ?? 0;
  }

  async hasFile(dbId: string, primaryKey: string): Promise<boolean> {
    return this.statements.hasFile.get(dbId, primaryKey) !== undefined;
  }

  async loadFingerprints(dbId: string): Promise<FingerprintEntry[]> {
    return this.statements.loadFingerprints.all(dbId).map(fingerprintFromRow);
  }

  async fingerprintVersions(dbId: string): Promise<FingerprintVersion[]> {
    return this.statements.fingerprintVersions.all(dbId).map(fingerprintVersionFromRow);
  }

  async deleteFiles(dbId: string, primaryKeys: readonly string[]): Promise<{ deleted: string[]; revision: number }> {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const deleted: string[] = [];
        for (const key of primaryKeys) if (s.deleteFile.run(dbId, key).changes > 0) deleted.push(key);
        if (deleted.length > 0) s.bumpRevision.run(dbId);
        return { deleted, revision: this.revisionOf(dbId) };
      })
      .immediate();
  }

  async insertJob(job: JobRecord, inputBytes?: Uint8Array): Promise<void> {
    const s = this.statements;
    this.progress(() =>
      this.db
        .transaction(() => {
          s.insertJob.run(jobParams(job));
          if (inputBytes !== undefined) s.insertJobInput.run(job.id, toBuffer(inputBytes));
        })
        .immediate(),
    );
  }

  private writeJob(job: JobRecord): void {
    this.statements.updateJob.run(jobParams(job));
    if (isFinishedStatus(job.status)) this.statements.deleteJobInput.run(job.id);
  }

  async updateJob(job: JobRecord): Promise<void> {
    const write = (): void => this.db.transaction(() => this.writeJob(job)).immediate();
    if (isFinishedStatus(job.status)) write();
    else this.progress(write);
  }

  async completeJob(job: JobRecord, file?: FileRecord, expectedRevision?: number): Promise<CompleteOutcome> {
    const s = this.statements;
    return this.db
      .transaction((): CompleteOutcome => {
        const library = s.getLibrary.get(job.dbId);
        if (file !== undefined) {
          if (library === undefined || library.status === 'deleted') return { kind: 'no-library' };
          if (expectedRevision !== undefined && library.revision !== expectedRevision) return { kind: 'stale', revision: library.revision };
          if (s.hasFile.get(file.dbId, file.primaryKey) !== undefined) return { kind: 'duplicate-key' };
          s.insertFile.run(fileParams(file));
          s.bumpRevision.run(file.dbId);
        }
        this.writeJob(job);
        return { kind: 'ok', revision: this.revisionOf(job.dbId) };
      })
      .immediate();
  }

  async getJobs(ids: readonly string[]): Promise<JobRecord[]> {
    const jobs: JobRecord[] = [];
    for (const id of ids) {
      const row = this.statements.getJob.get(id);
      if (row !== undefined) jobs.push(jobFromRow(row));
    }
    return jobs;
  }

  async claimUnfinishedJobs(runner: JobRunner, isAlive: (runner: JobRunner) => boolean): Promise<JobRecord[]> {
    return this.progress(() => this.db
      .transaction(() => {
        const claimed: JobRecord[] = [];
        for (const row of this.statements.unfinishedJobs.all()) {
          const job = jobFromRow(row);
          if (job.runner !== undefined && isAlive(job.runner)) continue;
          const mine: JobRecord = { ...job, status: 'Queuing', runner };
          this.writeJob(mine);
          claimed.push(mine);
        }
        return claimed;
      })
      .immediate());
  }

  async jobInput(jobId: string): Promise<Uint8Array | undefined> {
    const row = this.statements.getJobInput.get(jobId);
    return row === undefined ? undefined : toBytes(row.bytes);
  }

  async check(): Promise<string[]> {
    const problems: string[] = [];
    const integrity = this.db.pragma('integrity_check') as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity_check: ${row.integrity_check}`);
    const foreign = this.db.pragma('foreign_key_check') as { table: string; rowid: number }[];
    for (const row of foreign) problems.push(`foreign_key_check: ${row.table} row ${row.rowid} points to a missing library`);
    return problems;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Open (creating when missing) the SQLite store of a data dir: `<dataDir>/mediadna.db`.
 * @throws DnaError `Library.IncompatibleVersion` when the file has another schema version.
 * @example const store = createSqliteStore('/var/lib/mediadna')
 */
export function createSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): DnaStore {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(join(dataDir, DATABASE_FILE_NAME), options.durability ?? 'full');
}
