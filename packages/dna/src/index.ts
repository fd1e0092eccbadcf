/**
 * @mediadna/dna: the DNA facade (the eight operations of the cloud API), asynchronous jobs in
 * worker threads, and a durable embedded store.
 */
export { createDna } from './dna.js';
export type { Dna } from './dna.js';
export { DEFAULT_LIBRARY_NAME } from './library-operations.js';
export type { CheckReport } from './consistency-check.js';
export type { DnaStats, JobListener } from './job-scheduler.js';
export type { LocalSubmitDNAJobRequest } from './job-config.js';
export type { LocalJobInput } from './input.js';
export {
  BUILT_IN_TEMPLATES,
  DEFAULT_LIMITS,
  DEFAULT_PIPELINE,
  DEFAULT_QUEUE_LIMIT,
} from './options.js';
export type { DnaOptions, MediaResolver, PipelineOptions } from './options.js';
export {
  MAX_DELETE_KEYS,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PRIMARY_KEY_BYTES,
  MAX_QUERY_JOB_IDS,
  MAX_USER_DATA_BYTES,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  PAGE_SIZE_MIN,
} from './requests.js';
export { STORE_SCHEMA_VERSION } from './store.js';
export type { DnaStore } from './store.js';
export { createSqliteStore, DATABASE_FILE_NAME } from './store-sqlite.js';
export type { SqliteStoreOptions } from './store-sqlite.js';
export { createMemoryStore } from './store-memory.js';
export type {
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
export type {
  EngineConfig,
  EngineIndex,
  EngineLimits,
  ExtractedFingerprint,
  ExtractOptions,
  MediaEngine,
} from './engine.js';
export { loadEngine, ENGINE_MODULES } from './engines/registry.js';
export type { EngineModuleLoader } from './engines/registry.js';
export { ABORT_GRACE_MS } from './pool.js';
// The API shapes, re-exported from @mediadna/core for apps that import only this package.
export { DnaError, DnaErrorCode } from '@mediadna/core';
export type {
  CancelDNAJobRequest,
  CancelDNAJobResponse,
  CreateDNADBRequest,
  CreateDNADBResponse,
  DBInfo,
  DNAResult,
  DeleteDNADBRequest,
  DeleteDNAFilesRequest,
  ImageMatch,
  InputFile,
  Job,
  JobInput,
  ListDNADBRequest,
  ListDNADBResponse,
  ListDNAFilesRequest,
  ListDNAFilesResponse,
  MediaType,
  Model,
  QueryDNAJobListRequest,
  QueryDNAJobListResponse,
  RequestIdResponse,
  SaveType,
  SubmitDNAJobRequest,
  SubmitDNAJobResponse,
  TextMatch,
  TimedMatch,
} from '@mediadna/core';
