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
import Database from 'better-sqlite3';
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { DBStatus, DNAResult, JobStatus, MediaType, Model, SaveType } from '@mediadna/core';
import type {
  CompleteOutcome,
  FileEntry,
  FileRecord,
  FingerprintEntry,
  FingerprintVersion,
  JobRecord,
  JobRunner,
  JobSource,
  LibraryRecord,
} from './records.js';
import { isFinishedStatus } from './records.js';
import { STORE_SCHEMA_VERSION } from './store.js';
import type { DnaStore } from './store.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** `'full'` (default): every commit is fsynced; `'normal'`: survives process kills, not power loss. */
  readonly durability?: 'full' | 'normal';
}

/** File name of the database inside a data dir. */
export const DATABASE_FILE_NAME = 'mediadna.db';

const SCHEMA = `
CREATE TABLE libraries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  db_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  model TEXT NOT NULL,
  status TEXT NOT NULL,
  creation_time TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE files (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  db_id TEXT NOT NULL REFERENCES libraries(db_id),
  primary_key TEXT NOT NULL,
  bucket TEXT NOT NULL,
  location TEXT NOT NULL,
  object TEXT NOT NULL,
  media_type TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  algorithm_version INTEGER NOT NULL,
  fingerprint BLOB NOT NULL,
  meta TEXT NOT NULL,
  creation_time TEXT NOT NULL,
  job_id TEXT NOT NULL,
  UNIQUE (db_id, primary_key)
);
CREATE INDEX files_by_library ON files (db_id, seq);
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  creation_time TEXT NOT NULL,
  finish_time TEXT NOT NULL,
  db_id TEXT NOT NULL,
  primary_key TEXT NOT NULL,
  user_data TEXT NOT NULL,
  config TEXT NOT NULL,
  input_type TEXT NOT NULL,
  input_media TEXT NOT NULL,
  result TEXT,
  save_type TEXT NOT NULL,
  media_type TEXT NOT NULL,
  engine_config TEXT NOT NULL,
  pipeline_id TEXT NOT NULL,
  source TEXT NOT NULL,
  runner_pid INTEGER,
  runner_instance TEXT
);
CREATE INDEX jobs_unfinished ON jobs (status) WHERE status IN ('Queuing', 'Analysing');
CREATE TABLE job_inputs (
  job_id TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);
`;

interface LibraryRow {
  db_id: string;
  name: string;
  description: string;
  model: string;
  status: string;
  creation_time: string;
  revision: number;
}

interface JobRow {
  job_id: string;
  status: string;
  code: string;
  message: string;
  creation_time: string;
  finish_time: string;
  db_id: string;
  primary_key: string;
  user_data: string;
  config: string;
  input_type: string;
  input_media: string;
  result: string | null;
  save_type: string;
  media_type: string;
  engine_config: string;
  pipeline_id: string;
  source: string;
  runner_pid: number | null;
  runner_instance: string | null;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function libraryFromRow(row: LibraryRow): LibraryRecord {
  return {
    dbId: row.db_id,
    name: row.name,
    description: row.description,
    model: row.model as Model,
    status: row.status as DBStatus,
    creationTime: row.creation_time,
  };
}

function jobFromRow(row: JobRow): JobRecord {
  const job: JobRecord = {
    id: row.job_id,
    status: row.status as JobStatus,
    code: row.code,
    message: row.message,
    creationTime: row.creation_time,
    finishTime: row.finish_time,
    dbId: row.db_id,
    primaryKey: row.primary_key,
    userData: row.user_data,
    config: row.config,
    inputType: row.input_type as 'OSS' | 'Media',
    inputMedia: row.input_media,
    saveType: row.save_type as SaveType,
    mediaType: row.media_type as MediaType,
    engineConfig: JSON.parse(row.engine_config) as Record<string, unknown>,
    pipelineId: row.pipeline_id,
    source: JSON.parse(row.source) as JobSource,
    ...(row.result !== null ? { result: JSON.parse(row.result) as DNAResult } : {}),
    ...(row.runner_pid !== null ? { runner: { pid: row.runner_pid, instance: row.runner_instance ?? '' } } : {}),
  };
  return job;
}

function fileParams(file: FileRecord): Record<string, unknown> {
  return {
    db_id: file.dbId,
    primary_key: file.primaryKey,
    bucket: file.inputFile.Bucket,
    location: file.inputFile.Location,
    object: file.inputFile.Object,
    media_type: file.mediaType,
    algorithm: file.algorithm,
    algorithm_version: file.algorithmVersion,
    fingerprint: toBuffer(file.fingerprint),
    meta: JSON.stringify(file.meta),
    creation_time: file.creationTime,
    job_id: file.jobId,
  };
}

function jobParams(job: JobRecord): Record<string, unknown> {
  return {
    job_id: job.id,
    status: job.status,
    code: job.code,
    message: job.message,
    creation_time: job.creationTime,
    finish_time: job.finishTime,
    db_id: job.dbId,
    primary_key: job.primaryKey,
    user_data: job.userData,
    config: job.config,
    input_type: job.inputType,
    input_media: job.inputMedia,
    result: job.result === undefined ? null : JSON.stringify(job.result),
    save_type: job.saveType,
    media_type: job.mediaType,
    engine_config: JSON.stringify(job.engineConfig),
    pipeline_id: job.pipelineId,
    source: JSON.stringify(job.source),
    runner_pid: job.runner?.pid ?? null,
    runner_instance: job.runner?.instance ?? null,
  };
}

function openDatabase(path: string, durability: 'full' | 'normal'): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      db.transaction(() => {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${STORE_SCHEMA_VERSION}`);
      }).immediate();
    } else if (version !== STORE_SCHEMA_VERSION) {
      throw dnaError(
        DnaErrorCode.LibraryIncompatible,
        `[mediadna] [store] ${path} has schema version ${version} but this mediadna reads version ${STORE_SCHEMA_VERSION}; ` +
          (version > STORE_SCHEMA_VERSION ? 'upgrade mediadna to open it.' : 'it predates the first release; re-create the data dir.'),
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

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
      listFiles: db.prepare<[string, number, number], { seq: number; primary_key: string; bucket: string; location: string; object: string }>(
        'SELECT seq, primary_key, bucket, location, object FROM files WHERE db_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      countFiles: db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM files WHERE db_id = ?'),
      hasFile: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM files WHERE db_id = ? AND primary_key = ?'),
      loadFingerprints: db.prepare<[string], { primary_key: string; fingerprint: Buffer; algorithm: string; algorithm_version: number }>(
        'SELECT primary_key, fingerprint, algorithm, algorithm_version FROM files WHERE db_id = ? ORDER BY seq',
      ),
      fingerprintVersions: db.prepare<[string], { algorithm: string; algorithm_version: number; count: number }>(
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
    return this.statements.listFiles.all(dbId, afterSeq, limit).map((row) => ({
      seq: row.seq,
      primaryKey: row.primary_key,
      inputFile: { Bucket: row.bucket, Location: row.location, Object: row.object },
    }));
  }

  async countFiles(dbId: string): Promise<number> {
    return this.statements.countFiles.get(dbId)?.count ?? 0;
  }

  async hasFile(dbId: string, primaryKey: string): Promise<boolean> {
    return this.statements.hasFile.get(dbId, primaryKey) !== undefined;
  }

  async loadFingerprints(dbId: string): Promise<FingerprintEntry[]> {
    return this.statements.loadFingerprints.all(dbId).map((row) => ({
      primaryKey: row.primary_key,
      fingerprint: toBytes(row.fingerprint),
      algorithm: row.algorithm,
      algorithmVersion: row.algorithm_version,
    }));
  }

  async fingerprintVersions(dbId: string): Promise<FingerprintVersion[]> {
    return this.statements.fingerprintVersions.all(dbId).map((row) => ({
      algorithm: row.algorithm,
      algorithmVersion: row.algorithm_version,
      count: row.count,
    }));
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
