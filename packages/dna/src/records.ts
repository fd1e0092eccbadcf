/**
 * What the store holds: libraries, stored files (fingerprints) and jobs. Field names are the
 * store's (camelCase); the facade maps them to the API's names.
 */
import type { DBStatus, DNAResult, InputFile, JobStatus, MediaType, Model, SaveType } from '@mediadna/core';

/** One library (a row of `libraries`). */
export interface LibraryRecord {
  readonly dbId: string;
  readonly name: string;
  readonly description: string;
  readonly model: Model;
  readonly status: DBStatus;
  /** UTC `YYYY-MM-DDThh:mm:ssZ`. */
  readonly creationTime: string;
}

/** One stored fingerprint (a row of `files`). */
export interface FileRecord {
  readonly dbId: string;
  readonly primaryKey: string;
  /** Where the media came from, as `ListDNAFiles` reports it. */
  readonly inputFile: InputFile;
  readonly mediaType: MediaType;
  /** Engine algorithm name, e.g. `"image/phash64+pdq256"`. */
  readonly algorithm: string;
  /** Engine version: fingerprints of another version are not comparable. */
  readonly algorithmVersion: number;
  readonly fingerprint: Uint8Array;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly creationTime: string;
  /** The job that stored it. */
  readonly jobId: string;
}

/** A file as listed by `ListDNAFiles`: `seq` orders files and makes the page token. */
export interface FileEntry {
  readonly seq: number;
  readonly primaryKey: string;
  readonly inputFile: InputFile;
}

/** The stored fingerprint of one file, for rebuilding an index. */
export interface FingerprintEntry {
  readonly primaryKey: string;
  readonly fingerprint: Uint8Array;
  readonly algorithm: string;
  readonly algorithmVersion: number;
}

/** How many files of a library one engine algorithm and version made. */
export interface FingerprintVersion {
  readonly algorithm: string;
  readonly algorithmVersion: number;
  readonly count: number;
}

/**
 * Where a job's media is read from, resolved at submit time so an interrupted job re-runs the
 * same input after a restart (relative paths are made absolute; bytes are kept in the store).
 */
export type JobSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'oss'; readonly bucket: string; readonly object: string; readonly location: string }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'bytes'; readonly name: string };

/** The process that owns a queued or running job (so two processes never run one job). */
export interface JobRunner {
  readonly pid: number;
  /** Random id of one open facade. */
  readonly instance: string;
}

/** One job (a row of `jobs`): the API's Job fields plus what is needed to run it. */
export interface JobRecord {
  readonly id: string;
  readonly status: JobStatus;
  readonly code: string;
  readonly message: string;
  readonly creationTime: string;
  readonly finishTime: string;
  readonly dbId: string;
  readonly primaryKey: string;
  readonly userData: string;
  /** The effective Config (template, then the request's Config) as a JSON string. */
  readonly config: string;
  readonly inputType: 'OSS' | 'Media';
  readonly inputMedia: string;
  /** Set on `Success` only. */
  readonly result?: DNAResult;
  readonly saveType: SaveType;
  readonly mediaType: MediaType;
  /** The Config fields for the engine (SaveType and MediaType removed). */
  readonly engineConfig: Readonly<Record<string, unknown>>;
  readonly pipelineId: string;
  readonly source: JobSource;
  readonly runner?: JobRunner;
}

/** True for the end states `Success` and `Fail`. */
export function isFinishedStatus(status: JobStatus): boolean {
  return status === 'Success' || status === 'Fail';
}

/** The outcome of {@link DnaStore.completeJob}. */
export type CompleteOutcome =
  /** Job updated (and the file stored when one was given); `revision` is the library's new revision. */
  | { readonly kind: 'ok'; readonly revision: number }
  /** Nothing written: the library already holds the file's PrimaryKey. */
  | { readonly kind: 'duplicate-key' }
  /** Nothing written: the library changed since `expectedRevision` (search again). */
  | { readonly kind: 'stale'; readonly revision: number }
  /** Nothing written: the library does not exist or was deleted. */
  | { readonly kind: 'no-library' };
