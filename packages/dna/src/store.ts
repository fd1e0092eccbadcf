/**
 * The storage contract of the facade. The default is SQLite ({@link createSqliteStore}); an
 * in-memory store serves tests and throw-away use; a server database can implement the same
 * interface later. Every method is async so a networked store fits; every write that must be
 * atomic is one method (the store runs it in one transaction).
 *
 * Libraries carry a `revision` that grows on every file insert or delete, so a facade can tell
 * whether its in-memory index is still current (another process may share the data dir).
 */
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
import type { DBStatus } from '@mediadna/core';

/** Schema version of the stores in this package (SQLite `PRAGMA user_version`). */
export const STORE_SCHEMA_VERSION = 1;

/** The storage contract (see the module comment). */
export interface DnaStore {
  /** Short name for messages, e.g. `"sqlite:/data/mediadna.db"`. */
  readonly description: string;

  // ---- libraries ----
  /** Insert a new library. */
  insertLibrary(library: LibraryRecord): Promise<void>;
  /** One library, deleted ones included; `undefined` when unknown. */
  getLibrary(dbId: string): Promise<LibraryRecord | undefined>;
  /** All libraries, deleted ones included, in creation order. */
  listLibraries(): Promise<LibraryRecord[]>;
  /** Set a library's status. */
  setLibraryStatus(dbId: string, status: DBStatus): Promise<void>;
  /** Mark a library `deleted` and remove all its files, atomically. */
  deleteLibrary(dbId: string): Promise<void>;
  /** The library's revision (0 for a new library; grows on file inserts and deletes). */
  libraryRevision(dbId: string): Promise<number>;

  // ---- files ----
  /** Files of a library with `seq > afterSeq`, by increasing `seq`, at most `limit`. */
  listFiles(dbId: string, afterSeq: number, limit: number): Promise<FileEntry[]>;
  /** Number of files in a library. */
  countFiles(dbId: string): Promise<number>;
  /** True when the library holds this PrimaryKey. */
  hasFile(dbId: string, primaryKey: string): Promise<boolean>;
  /** Every stored fingerprint of a library (for rebuilding its index). */
  loadFingerprints(dbId: string): Promise<FingerprintEntry[]>;
  /** Which engine algorithms and versions made the library's files. */
  fingerprintVersions(dbId: string): Promise<FingerprintVersion[]>;
  /** Remove files by PrimaryKey atomically; unknown keys are ignored. Returns the keys removed and the new revision. */
  deleteFiles(dbId: string, primaryKeys: readonly string[]): Promise<{ deleted: string[]; revision: number }>;

  // ---- jobs ----
  /** Insert a new job; `inputBytes` are kept until the job finishes (for re-runs after a crash). */
  insertJob(job: JobRecord, inputBytes?: Uint8Array): Promise<void>;
  /** Overwrite a job's mutable fields (status, code, message, finish time, result, runner). A finished job's input bytes are dropped. */
  updateJob(job: JobRecord): Promise<void>;
  /**
   * Finish a job, storing `file` in the same transaction when given. With `file`, nothing is
   * written when the library is missing or deleted, already holds its PrimaryKey, or its revision is not
   * `expectedRevision` (see {@link CompleteOutcome}).
   */
  completeJob(job: JobRecord, file?: FileRecord, expectedRevision?: number): Promise<CompleteOutcome>;
  /** Jobs by id, in the order asked; unknown ids are skipped. */
  getJobs(ids: readonly string[]): Promise<JobRecord[]>;
  /**
   * Take over unfinished (`Queuing`/`Analysing`) jobs whose runner is gone (`isAlive(runner)`
   * false, or no runner): set their runner to `runner` and status to `Queuing`, atomically, and
   * return them in submission order.
   */
  claimUnfinishedJobs(runner: JobRunner, isAlive: (runner: JobRunner) => boolean): Promise<JobRecord[]>;
  /** The bytes given with a job, if any and not yet dropped. */
  jobInput(jobId: string): Promise<Uint8Array | undefined>;

  // ---- upkeep ----
  /** Consistency problems found (empty when healthy), e.g. SQLite `integrity_check`. */
  check(): Promise<string[]>;
  /** Release resources; the store is unusable afterwards. */
  close(): Promise<void>;
}
