/**
 * The SQLite store's schema, row shapes and record <-> row mapping, and opening a database file
 * (WAL, durability, schema version check). The store's methods are in `store-sqlite.ts`.
 */
import Database from 'better-sqlite3';
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { DBStatus, DNAResult, InputFile, JobStatus, MediaType, Model, SaveType } from '@mediadna/core';
import type { FileEntry, FileRecord, FingerprintEntry, FingerprintVersion, JobRecord, JobSource, LibraryRecord } from './records.js';
import { STORE_SCHEMA_VERSION } from './store.js';

/** The schema of version {@link STORE_SCHEMA_VERSION}, created in one transaction. */
export const SCHEMA = `
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

/** A row of `libraries`. */
export interface LibraryRow {
  db_id: string;
  name: string;
  description: string;
  model: string;
  status: string;
  creation_time: string;
  revision: number;
}

/** A row of `jobs`. */
export interface JobRow {
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

/** A Buffer view of bytes (no copy), as better-sqlite3 binds blobs. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A Uint8Array view of a blob read back (no copy). */
export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** A `libraries` row as a record. */
export function libraryFromRow(row: LibraryRow): LibraryRecord {
  return {
    dbId: row.db_id,
    name: row.name,
    description: row.description,
    model: row.model as Model,
    status: row.status as DBStatus,
    creationTime: row.creation_time,
  };
}

/** A `jobs` row as a record (JSON columns parsed). */
export function jobFromRow(row: JobRow): JobRecord {
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

/** The named parameters of the `files` insert. */
export function fileParams(file: FileRecord): Record<string, unknown> {
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

/** The named parameters of the `jobs` insert and update. */
export function jobParams(job: JobRecord): Record<string, unknown> {
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

/** A row of `files` as `listFiles` reads it. */
export interface FileEntryRow {
  seq: number;
  primary_key: string;
  bucket: string;
  location: string;
  object: string;
}

/** A row of `files` as `loadFingerprints` reads it. */
export interface FingerprintRow {
  primary_key: string;
  fingerprint: Buffer;
  algorithm: string;
  algorithm_version: number;
}

/** A row of the per-version count of `files`. */
export interface FingerprintVersionRow {
  algorithm: string;
  algorithm_version: number;
  count: number;
}

function inputFileFromRow(row: { bucket: string; location: string; object: string }): InputFile {
  return { Bucket: row.bucket, Location: row.location, Object: row.object };
}

/** A listed `files` row as `ListDNAFiles` needs it. */
export function fileEntryFromRow(row: FileEntryRow): FileEntry {
  return { seq: row.seq, primaryKey: row.primary_key, inputFile: inputFileFromRow(row) };
}

/** A stored fingerprint, for rebuilding an index. */
export function fingerprintFromRow(row: FingerprintRow): FingerprintEntry {
  return { primaryKey: row.primary_key, fingerprint: toBytes(row.fingerprint), algorithm: row.algorithm, algorithmVersion: row.algorithm_version };
}

/** A per-version file count. */
export function fingerprintVersionFromRow(row: FingerprintVersionRow): FingerprintVersion {
  return { algorithm: row.algorithm, algorithmVersion: row.algorithm_version, count: row.count };
}

/** Open (creating the schema in) a database file; another schema version is refused. */
export function openDatabase(path: string, durability: 'full' | 'normal'): Database.Database {
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
