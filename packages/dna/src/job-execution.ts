/**
 * Running one job: load its engine, refuse cheaply what cannot succeed, resolve the input and
 * extract the fingerprint in a worker, then (exclusively, see {@link SerialLock}) search the
 * library's index, decide by SaveType, commit result and file in one store transaction, and only
 * after the commit add the file to the index.
 */
import { DnaErrorCode, MODEL_OF_MEDIA_TYPE, dnaError, formatUtcTime } from '@mediadna/core';
import type { DNAResult } from '@mediadna/core';
import type { ActiveJob } from './active-job.js';
import type { MediaEngine } from './engine.js';
import { loadEngine } from './engines/registry.js';
import { inputFileOf, workerInputOf } from './input.js';
import { primaryKeyExists, succeededJob } from './job-view.js';
import type { LibraryIndexes } from './library-index.js';
import type { ResolvedOptions } from './options.js';
import type { WorkerPool } from './pool.js';
import type { FileRecord, JobRecord } from './records.js';
import { DB_NOT_EXIST_MESSAGE } from './requests.js';
import { searches, shouldStore, storesAlways } from './save-type.js';
import type { SerialLock } from './serial-lock.js';
import type { DnaStore } from './store.js';

/** How often a commit refused as stale (another process wrote the library) is retried. */
const MAX_COMMIT_ATTEMPTS = 5;

/** What running a job needs from the scheduler. */
export interface ExecutionContext {
  readonly options: ResolvedOptions;
  readonly store: DnaStore;
  readonly indexes: LibraryIndexes;
  readonly pool: WorkerPool;
  readonly lock: SerialLock;
  /** True once the job was cancelled or the facade closed: stop without writing. */
  stopped(active: ActiveJob): boolean;
  /** End the job `Fail` (persisted, then emitted). */
  fail(active: ActiveJob, code: string, message: string): Promise<void>;
  /** End the job with `record`; `write` replaces the default store update. */
  finish(active: ActiveJob, record: JobRecord, write?: () => Promise<unknown>): Promise<void>;
}

/** Run an `Analysing` job to its end. Throws `DnaError` (which fails the job) for refusals before extraction. */
export async function executeJob(context: ExecutionContext, active: ActiveJob): Promise<void> {
  const { options, store, indexes } = context;
  const record = active.record;
  const model = MODEL_OF_MEDIA_TYPE[record.mediaType];
  const engine = await loadEngine(model, options.engines[model]);
  if (!engine.mediaTypes.includes(record.mediaType)) {
    throw dnaError(DnaErrorCode.MediaTypeNotSupported, `[mediadna] [engine] The ${model} engine does not handle MediaType "${record.mediaType}" yet`);
  }
  // Cheap refusals before spending a worker on extraction.
  if (storesAlways(record.saveType) && (await store.hasFile(record.dbId, record.primaryKey))) throw primaryKeyExists(record);
  const cached = indexes.cached(record.dbId);
  if (cached?.refusal !== undefined && cached.engine === engine) throw dnaError(DnaErrorCode.LibraryIncompatible, cached.refusal);

  const input = await workerInputOf(record.source, options.ossRoot, options.mediaResolver, () => store.jobInput(record.id));
  if (context.stopped(active)) return;
  const outcome = await context.pool.run(
    {
      model,
      mediaType: record.mediaType,
      input,
      config: record.engineConfig,
      limits: options.limits,
      fetchTimeoutMs: options.fetchTimeoutMs,
    },
    active.controller.signal,
  );
  if (context.stopped(active)) return;
  if (!outcome.ok) {
    await context.fail(active, outcome.code, outcome.message);
    return;
  }
  active.state = 'finalizing';
  await context.lock.run(() => finalizeJob(context, active, engine, outcome.blob, outcome.meta));
}

/** The file row a storing job writes. */
function fileRecordOf(record: JobRecord, engine: MediaEngine, fingerprint: Uint8Array, meta: Record<string, unknown>): FileRecord {
  return {
    dbId: record.dbId,
    primaryKey: record.primaryKey,
    inputFile: inputFileOf(record.source),
    mediaType: record.mediaType,
    algorithm: engine.algorithm,
    algorithmVersion: engine.version,
    fingerprint,
    meta,
    creationTime: formatUtcTime(),
    jobId: record.id,
  };
}

/** Search, decide, and commit (runs exclusively). */
async function finalizeJob(context: ExecutionContext, active: ActiveJob, engine: MediaEngine, blob: Uint8Array, meta: Record<string, unknown>): Promise<void> {
  const { store, indexes } = context;
  if (active.finished || context.stopped(active)) return;
  const record = active.record;
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    const library = await store.getLibrary(record.dbId);
    if (library === undefined || library.status === 'deleted') {
      await context.fail(active, DnaErrorCode.DBNotExist, DB_NOT_EXIST_MESSAGE);
      return;
    }
    const entry = await indexes.get(record.dbId, engine);
    if (entry.refusal !== undefined || entry.index === undefined) {
      await context.fail(active, DnaErrorCode.LibraryIncompatible, entry.refusal ?? 'incompatible library');
      return;
    }
    const result: DNAResult = searches(record.saveType) ? entry.index.search(blob, { mediaType: record.mediaType, config: record.engineConfig }) : {};
    const success = succeededJob(record, result);
    if (!shouldStore(record.saveType, result)) {
      await context.finish(active, success, () => store.completeJob(success));
      return;
    }
    const stored = engine.storedBlob === undefined ? blob : engine.storedBlob(blob);
    const outcome = await store.completeJob(success, fileRecordOf(record, engine, stored, meta), entry.revision);
    if (outcome.kind === 'ok') {
      try {
        entry.index.add(record.primaryKey, stored);
        entry.revision = outcome.revision;
      } catch {
        indexes.drop(record.dbId); // Rebuilt from the store on next use.
      }
      await context.finish(active, success, async () => undefined);
      return;
    }
    if (outcome.kind === 'duplicate-key') {
      await context.fail(active, DnaErrorCode.PrimaryKeyExists, primaryKeyExists(record).message);
      return;
    }
    if (outcome.kind === 'no-library') {
      await context.fail(active, DnaErrorCode.DBNotExist, DB_NOT_EXIST_MESSAGE);
      return;
    }
    // 'stale': another process changed the library; the next round rebuilds the index.
  }
  await context.fail(active, DnaErrorCode.InternalError, '[mediadna] [job] The library kept changing during the search; submit again');
}
