/**
 * The facade: the eight DNA operations with the cloud's names and shapes, asynchronous jobs in
 * worker threads, and the durable store. See README.md for the design.
 *
 * Job life: SubmitDNAJob checks parameters (throwing `DnaError`), records the job `Queuing`
 * durably and returns. The queue starts it (`Analysing`): the main thread resolves the input,
 * a worker decodes and fingerprints it, then the main thread searches the library's in-memory
 * index and commits result and file in one store transaction (serialised, so `save` sees every
 * earlier commit), and only then adds the file to the index. Every status change is persisted
 * before it is emitted.
 */
import {
  DEFAULT_MEDIA_TYPE_OF_MODEL,
  DnaErrorCode,
  MODEL_OF_MEDIA_TYPE,
  dnaError,
  formatUtcTime,
  invalidParameter,
  isPlainObject,
  newHexId,
  newRequestId,
} from '@mediadna/core';
import type {
  CancelDNAJobRequest,
  CancelDNAJobResponse,
  CreateDNADBRequest,
  CreateDNADBResponse,
  DBInfo,
  DNAResult,
  DeleteDNADBRequest,
  DeleteDNAFilesRequest,
  Job,
  ListDNADBRequest,
  ListDNADBResponse,
  ListDNAFilesRequest,
  ListDNAFilesResponse,
  MediaType,
  Model,
  QueryDNAJobListRequest,
  QueryDNAJobListResponse,
  RequestIdResponse,
  SubmitDNAJobRequest,
  SubmitDNAJobResponse,
} from '@mediadna/core';
import type { MediaEngine } from './engine.js';
import { loadEngine } from './engines/registry.js';
import { inputFileOf, resolveJobInput, workerInputOf } from './input.js';
import type { LocalJobInput, ResolvedInput } from './input.js';
import { failedJob, hasMatches, isFinishedStatus, succeededJob, toApiJob } from './job-view.js';
import { DEFAULT_PIPELINE, resolveOptions } from './options.js';
import type { DnaOptions, ResolvedOptions } from './options.js';
import { WorkerPool } from './pool.js';
import { JobQueue } from './queue.js';
import { LibraryIndexes } from './library-index.js';
import type { FileRecord, JobRecord, JobRunner, LibraryRecord } from './records.js';
import {
  DB_NOT_EXIST_MESSAGE,
  MAX_DELETE_KEYS,
  MAX_QUERY_JOB_IDS,
  dbNotExist,
  decodePageToken,
  encodePageToken,
  optionalString,
  parseConfig,
  parseDescription,
  parseModel,
  parseName,
  parsePageSize,
  parsePrimaryKey,
  parseUserData,
  requireHexId,
  requireRequest,
  resourceNotFound,
  splitList,
} from './requests.js';
import type { JobConfig } from './requests.js';
import { createSqliteStore } from './store-sqlite.js';
import type { DnaStore } from './store.js';

/** SubmitDNAJob's request; *local*: `Input.Bytes` passes media bytes directly. */
export interface LocalSubmitDNAJobRequest extends Omit<SubmitDNAJobRequest, 'Input'> {
  Input: LocalJobInput;
}

/** Called on every job status change with the job as `QueryDNAJobList` shows it. */
export type JobListener = (job: Job) => void;

/** Queue figures of one facade. */
export interface DnaStats {
  /** Jobs waiting to run. */
  readonly queued: number;
  /** Jobs running. */
  readonly running: number;
  /** Most jobs that may wait. */
  readonly queueLimit: number;
  /** Extraction worker threads. */
  readonly workers: number;
}

/** What {@link Dna.check} found. */
export interface CheckReport {
  readonly ok: boolean;
  readonly problems: string[];
}

/** The DNA facade (see {@link createDna}). */
export interface Dna {
  /** Create a library. */
  CreateDNADB(request: CreateDNADBRequest): Promise<CreateDNADBResponse>;
  /** List libraries (all live ones, or those named by `DBIds`, deleted ones included). */
  ListDNADB(request?: ListDNADBRequest): Promise<ListDNADBResponse>;
  /** Delete a library and its files. */
  DeleteDNADB(request: DeleteDNADBRequest): Promise<RequestIdResponse>;
  /** Queue a fingerprint job; returns at once with its JobId. */
  SubmitDNAJob(request: LocalSubmitDNAJobRequest): Promise<SubmitDNAJobResponse>;
  /** Jobs by id (at most 10); unknown ids are left out. */
  QueryDNAJobList(request: QueryDNAJobListRequest): Promise<QueryDNAJobListResponse>;
  /** Cancel a `Queuing` or `Analysing` job: it ends `Fail` with `Job.Cancelled`. */
  CancelDNAJob(request: CancelDNAJobRequest): Promise<CancelDNAJobResponse>;
  /** Page through a library's files. */
  ListDNAFiles(request: ListDNAFilesRequest): Promise<ListDNAFilesResponse>;
  /** Remove files (at most 50 keys) from the store and the index at once; unknown keys are ignored. */
  DeleteDNAFiles(request: DeleteDNAFilesRequest): Promise<RequestIdResponse>;
  /** Resolves with the job once it is `Success` or `Fail`. */
  waitForJob(jobId: string, options?: { timeoutMs?: number }): Promise<Job>;
  /** Listen to every job status change. */
  on(event: 'job', listener: JobListener): Dna;
  /** Stop listening. */
  off(event: 'job', listener: JobListener): Dna;
  /** *local* Queue figures. */
  stats(): DnaStats;
  /** *local* Resolves when no job of this facade is queued or running. */
  idle(): Promise<void>;
  /** *local* Check the store (SQLite integrity) and that every library's index matches its rows. */
  check(): Promise<CheckReport>;
  /** Stop: running jobs are interrupted (they re-run on the next open), the store is closed. */
  close(): Promise<void>;
}

interface ActiveJob {
  record: JobRecord;
  state: 'queued' | 'running' | 'finalizing';
  cancelled: boolean;
  finished: boolean;
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  readonly settle: () => void;
  /** Store writes of this job, in order. */
  writes: Promise<void>;
}

/** Open facades of this process (their queued jobs are not re-claimed). */
const liveInstances = new Set<string>();

function isRunnerAlive(runner: JobRunner): boolean {
  if (runner.pid === process.pid) return liveInstances.has(runner.instance);
  try {
    process.kill(runner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (error as { name?: unknown } | null)?.name === 'DnaError' && typeof code === 'string' ? code : DnaErrorCode.InternalError;
}

function messageOf(error: unknown): string {
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  return codeOf(error) === DnaErrorCode.InternalError && !message.startsWith('[mediadna]') ? `[mediadna] [job] Unexpected error: ${message}` : message;
}

function dbInfo(library: LibraryRecord): DBInfo {
  return { DBId: library.dbId, Name: library.name, Description: library.description, Model: library.model, Status: library.status };
}

/** Name of the library used when SubmitDNAJob has no DBId (one per Model, created on demand). */
export const DEFAULT_LIBRARY_NAME = 'default';

const STORE_METHODS = ['insertLibrary', 'getLibrary', 'listLibraries', 'completeJob', 'insertJob', 'updateJob', 'getJobs', 'claimUnfinishedJobs', 'close'];

class DnaFacade implements Dna {
  private readonly listeners = new Set<JobListener>();
  private readonly active = new Map<string, ActiveJob>();
  private readonly indexes: LibraryIndexes;
  private readonly queue: JobQueue;
  private readonly pool: WorkerPool;
  private readonly runner: JobRunner;
  private readonly idleWaiters: (() => void)[] = [];
  /** Queue places taken by submits still writing their job. */
  private reserved = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly store: DnaStore,
    private readonly ownStore: boolean,
  ) {
    this.queue = new JobQueue(options.pipelines, options.workers, options.queueLimit);
    this.pool = new WorkerPool(options.workers, { engines: options.engines });
    this.indexes = new LibraryIndexes(store);
    this.runner = { pid: process.pid, instance: newHexId() };
    liveInstances.add(this.runner.instance);
  }

  /** Re-queue jobs that were Queuing/Analysing in a process that is gone. */
  async recover(): Promise<void> {
    const claimed = await this.store.claimUnfinishedJobs(this.runner, isRunnerAlive);
    for (const record of claimed) {
      this.track(record);
      this.queue.enqueue(record.id, record.pipelineId);
    }
    this.pump();
  }

  // ---- libraries ----

  async CreateDNADB(request: CreateDNADBRequest): Promise<CreateDNADBResponse> {
    const op = 'CreateDNADB';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const name = parseName(op, r.Name);
    const model = parseModel(op, r.Model);
    const description = parseDescription(op, r.Description);
    const library: LibraryRecord = { dbId: newHexId(), name, description, model, status: 'active', creationTime: formatUtcTime() };
    await this.store.insertLibrary(library);
    return { RequestId: newRequestId(), DBInfo: dbInfo(library) };
  }

  async ListDNADB(request: ListDNADBRequest = {}): Promise<ListDNADBResponse> {
    const op = 'ListDNADB';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const libraries = await this.store.listLibraries();
    let list: LibraryRecord[];
    if (r.DBIds === undefined || r.DBIds === null || r.DBIds === '') {
      list = libraries.filter((library) => library.status !== 'deleted');
    } else {
      const ids = new Set(splitList(op, 'DBIds', r.DBIds, 1000).map((id) => requireHexId(op, 'DBIds', id)));
      list = libraries.filter((library) => ids.has(library.dbId));
    }
    return { RequestId: newRequestId(), DBList: list.map(dbInfo) };
  }

  async DeleteDNADB(request: DeleteDNADBRequest): Promise<RequestIdResponse> {
    const op = 'DeleteDNADB';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const dbId = requireHexId(op, 'DBId', r.DBId);
    await this.exclusive(async () => {
      await this.liveLibrary(dbId);
      await this.store.deleteLibrary(dbId);
      this.indexes.drop(dbId);
    });
    return { RequestId: newRequestId() };
  }

  // ---- jobs ----

  async SubmitDNAJob(request: LocalSubmitDNAJobRequest): Promise<SubmitDNAJobResponse> {
    const op = 'SubmitDNAJob';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const primaryKey = parsePrimaryKey(op, r.PrimaryKey);
    const userData = parseUserData(op, r.UserData);
    const templateId = optionalString(op, 'TemplateId', r.TemplateId);
    const template = templateId === undefined || templateId === '' ? undefined : this.options.templates.get(templateId);
    if (templateId !== undefined && templateId !== '' && template === undefined) {
      throw invalidParameter(op, 'TemplateId', `a known template (${[...this.options.templates.keys()].join(', ')})`, templateId);
    }
    const pipelineId = optionalString(op, 'PipelineId', r.PipelineId) || DEFAULT_PIPELINE;
    if (!this.queue.has(pipelineId)) {
      throw invalidParameter(op, 'PipelineId', `a known pipeline (${[...this.options.pipelines.keys()].join(', ')})`, pipelineId);
    }
    const config = parseConfig(op, r.Config, template);
    const input = resolveJobInput(op, r.Input, this.options.ossRoot, this.options.mediaResolver);

    let library: LibraryRecord | undefined;
    let mediaType: MediaType;
    if (r.DBId !== undefined && r.DBId !== null && r.DBId !== '') {
      const dbId = requireHexId(op, 'DBId', r.DBId);
      library = await this.liveLibrary(dbId);
      mediaType = config.mediaType ?? DEFAULT_MEDIA_TYPE_OF_MODEL[library.model];
      if (MODEL_OF_MEDIA_TYPE[mediaType] !== library.model) {
        throw dnaError(
          DnaErrorCode.InvalidParameter,
          `[mediadna] [${op}] MediaType "${mediaType}" needs a library of Model ${MODEL_OF_MEDIA_TYPE[mediaType]}, but library ${dbId} has Model ${library.model}`,
          mediaType,
        );
      }
    } else {
      mediaType = config.mediaType ?? 'video';
    }
    const model = MODEL_OF_MEDIA_TYPE[mediaType];
    await this.validateEngineConfig(model, mediaType, config.engineConfig);
    // Reserve the queue place now: concurrent submits must not all pass the check before any enqueues.
    if (this.queue.queued + this.reserved >= this.queue.limit) {
      throw dnaError(
        DnaErrorCode.OutOfRange,
        `[mediadna] [${op}] The job queue is full (${this.queue.limit} jobs waiting); wait for jobs to finish (waitForJob, idle) and submit again, or raise queueLimit`,
      );
    }
    this.reserved++;
    let held = true;
    const release = (): void => {
      if (held) this.reserved--;
      held = false;
    };
    try {
      return await this.enqueueJob(library, model, mediaType, primaryKey, userData, pipelineId, config, input, release);
    } finally {
      release();
    }
  }

  private async enqueueJob(
    given: LibraryRecord | undefined,
    model: Model,
    mediaType: MediaType,
    primaryKey: string,
    userData: string,
    pipelineId: string,
    config: JobConfig,
    input: ResolvedInput,
    releaseReservation: () => void,
  ): Promise<SubmitDNAJobResponse> {
    const library = given ?? (await this.exclusive(() => this.defaultLibrary(model)));

    const record: JobRecord = {
      id: newHexId(),
      status: 'Queuing',
      code: '',
      message: '',
      creationTime: formatUtcTime(),
      finishTime: '',
      dbId: library.dbId,
      primaryKey,
      userData,
      config: JSON.stringify({ SaveType: config.saveType, MediaType: mediaType, ...config.engineConfig }),
      inputType: input.type,
      inputMedia: input.media,
      saveType: config.saveType,
      mediaType,
      engineConfig: config.engineConfig,
      pipelineId,
      source: input.source,
      runner: this.runner,
    };
    await this.store.insertJob(record, input.bytes);
    this.track(record);
    releaseReservation();
    this.queue.enqueue(record.id, pipelineId);
    this.emit(record);
    this.pump();
    return { RequestId: newRequestId(), JobId: record.id };
  }

  async QueryDNAJobList(request: QueryDNAJobListRequest): Promise<QueryDNAJobListResponse> {
    const op = 'QueryDNAJobList';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const ids = splitList(op, 'JobIds', r.JobIds, MAX_QUERY_JOB_IDS).map((id) => requireHexId(op, 'JobIds', id));
    const records = await this.store.getJobs(ids);
    return { RequestId: newRequestId(), JobList: records.map(toApiJob) };
  }

  async CancelDNAJob(request: CancelDNAJobRequest): Promise<CancelDNAJobResponse> {
    const op = 'CancelDNAJob';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const jobId = requireHexId(op, 'JobId', r.JobId);
    const active = this.active.get(jobId);
    if (active !== undefined && active.state === 'finalizing') await active.settled;
    if (active === undefined || active.finished) {
      const [record] = await this.store.getJobs([jobId]);
      if (record === undefined) throw resourceNotFound(jobId);
      if (isFinishedStatus(record.status)) {
        throw dnaError(DnaErrorCode.InvalidParameter, `[mediadna] [${op}] Job ${jobId} has already finished (${record.status}); only Queuing or Analysing jobs can be cancelled`, jobId);
      }
      throw dnaError(
        DnaErrorCode.InvalidParameter,
        `[mediadna] [${op}] Job ${jobId} is run by another process (pid ${record.runner?.pid ?? '?'}); cancel it there`,
        jobId,
      );
    }
    active.cancelled = true;
    if (active.state === 'queued') this.queue.remove(jobId, active.record.pipelineId);
    active.controller.abort();
    await this.fail(active, DnaErrorCode.JobCancelled, '[mediadna] [job] The job was cancelled (CancelDNAJob)');
    if (active.state === 'queued') this.checkIdle();
    return { RequestId: newRequestId(), JobId: jobId };
  }

  async waitForJob(jobId: string, options: { timeoutMs?: number } = {}): Promise<Job> {
    const op = 'waitForJob';
    this.assertOpen(op);
    const id = requireHexId(op, 'JobId', jobId);
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0)) throw invalidParameter(op, 'timeoutMs', 'a number > 0', timeoutMs);
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    const timedOut = (status: string): Error =>
      dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] Job ${id} did not finish within ${timeoutMs} ms (it is ${status})`, id);
    for (;;) {
      const active = this.active.get(id);
      if (active !== undefined) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw timedOut(active.record.status);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const expired = await Promise.race([
          active.settled.then(() => false),
          new Promise<boolean>((resolve) => {
            if (Number.isFinite(remaining)) timer = setTimeout(() => resolve(true), remaining);
          }),
        ]);
        clearTimeout(timer);
        if (expired) throw timedOut(active.record.status);
        if (!isFinishedStatus(active.record.status)) {
          throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The facade was closed while waiting for job ${id} (it re-runs on the next open)`, id);
        }
        return toApiJob(active.record);
      }
      if (this.closed) throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The facade was closed while waiting for job ${id}`);
      const [record] = await this.store.getJobs([id]);
      if (record === undefined) throw resourceNotFound(id);
      if (isFinishedStatus(record.status)) return toApiJob(record);
      if (this.active.has(id)) continue;
      // Run by another process sharing the data dir: poll.
      if (Date.now() >= deadline) throw timedOut(record.status);
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(1, deadline - Date.now()))));
    }
  }

  // ---- files ----

  async ListDNAFiles(request: ListDNAFilesRequest): Promise<ListDNAFilesResponse> {
    const op = 'ListDNAFiles';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const dbId = requireHexId(op, 'DBId', r.DBId);
    const pageSize = parsePageSize(op, r.PageSize);
    const after = decodePageToken(op, r.NextPageToken);
    await this.liveLibrary(dbId);
    const entries = await this.store.listFiles(dbId, after, pageSize + 1);
    const page = entries.slice(0, pageSize);
    const next = entries.length > pageSize ? encodePageToken(page[page.length - 1].seq) : '';
    return {
      RequestId: newRequestId(),
      NextPageToken: next,
      FileList: page.map((entry) => ({ PrimaryKey: entry.primaryKey, InputFile: { ...entry.inputFile } })),
    };
  }

  async DeleteDNAFiles(request: DeleteDNAFilesRequest): Promise<RequestIdResponse> {
    const op = 'DeleteDNAFiles';
    this.assertOpen(op);
    const r = requireRequest(op, request);
    const dbId = requireHexId(op, 'DBId', r.DBId);
    const keys = splitList(op, 'PrimaryKeys', r.PrimaryKeys, MAX_DELETE_KEYS);
    await this.exclusive(async () => {
      await this.liveLibrary(dbId);
      const { deleted, revision } = await this.store.deleteFiles(dbId, keys);
      this.indexes.removed(dbId, deleted, revision);
    });
    return { RequestId: newRequestId() };
  }

  // ---- events and upkeep ----

  on(event: 'job', listener: JobListener): Dna {
    if (event !== 'job') throw invalidParameter('on', 'event', '"job"', event);
    if (typeof listener !== 'function') throw invalidParameter('on', 'listener', 'a function', listener);
    this.listeners.add(listener);
    return this;
  }

  off(event: 'job', listener: JobListener): Dna {
    if (event === 'job') this.listeners.delete(listener);
    return this;
  }

  stats(): DnaStats {
    return { queued: this.queue.queued, running: this.queue.active, queueLimit: this.queue.limit, workers: this.pool.size };
  }

  idle(): Promise<void> {
    if (this.queue.queued === 0 && this.queue.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async check(): Promise<CheckReport> {
    this.assertOpen('check');
    const problems = await this.store.check();
    await this.exclusive(async () => {
      for (const library of await this.store.listLibraries()) {
        const count = await this.store.countFiles(library.dbId);
        if (library.status === 'deleted') {
          if (count > 0) problems.push(`library ${library.dbId} is deleted but still holds ${count} files`);
          continue;
        }
        let engine: MediaEngine;
        try {
          engine = await loadEngine(library.model, this.options.engines[library.model]);
        } catch {
          continue; // No engine in this build: nothing to index.
        }
        this.indexes.drop(library.dbId);
        const entry = await this.indexes.get(library.dbId, engine);
        if (entry.refusal !== undefined) problems.push(entry.refusal);
        else if (entry.index !== undefined && entry.index.size !== count) {
          problems.push(`library ${library.dbId}: the index holds ${entry.index.size} items but the store ${count} files`);
        }
      }
    });
    return { ok: problems.length === 0, problems };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    liveInstances.delete(this.runner.instance);
    await this.pool.close();
    await this.serial.catch(() => undefined);
    await Promise.allSettled([...this.active.values()].map((active) => active.writes));
    for (const active of this.active.values()) active.settle();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    if (this.ownStore) await this.store.close();
  }

  // ---- internals ----

  private assertOpen(op: string): void {
    if (this.closed) throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The DNA facade is closed`);
  }

  /** Run `task` after every earlier exclusive task (finalisation, file and library deletes). */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.serial.then(task, task);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private async liveLibrary(dbId: string): Promise<LibraryRecord> {
    const library = await this.store.getLibrary(dbId);
    if (library === undefined || library.status === 'deleted') throw dbNotExist(dbId);
    return library;
  }

  private async defaultLibrary(model: Model): Promise<LibraryRecord> {
    const existing = (await this.store.listLibraries()).find(
      (library) => library.name === DEFAULT_LIBRARY_NAME && library.model === model && library.status !== 'deleted',
    );
    if (existing !== undefined) return existing;
    const library: LibraryRecord = {
      dbId: newHexId(),
      name: DEFAULT_LIBRARY_NAME,
      description: `${model} library created on demand for jobs submitted without DBId`,
      model,
      status: 'active',
      creationTime: formatUtcTime(),
    };
    await this.store.insertLibrary(library);
    return library;
  }

  private async validateEngineConfig(model: Model, mediaType: MediaType, engineConfig: Readonly<Record<string, unknown>>): Promise<void> {
    let engine: MediaEngine;
    try {
      engine = await loadEngine(model, this.options.engines[model]);
    } catch {
      return; // The job will fail MediaType.NotSupported (or report the load error) when it runs.
    }
    engine.validateConfig(engineConfig, mediaType);
  }

  private track(record: JobRecord): ActiveJob {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const active: ActiveJob = {
      record,
      state: 'queued',
      cancelled: false,
      finished: false,
      controller: new AbortController(),
      settled,
      settle,
      writes: Promise.resolve(),
    };
    this.active.set(record.id, active);
    return active;
  }

  private emit(record: JobRecord): void {
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(toApiJob(record));
      } catch (error) {
        process.emitWarning(`[mediadna] A 'job' listener threw: ${(error as Error).message}`);
      }
    }
  }

  /** Persist a job change (in order per job), then emit it. */
  private persist(active: ActiveJob, record: JobRecord, write: () => Promise<unknown> = () => this.store.updateJob(record)): Promise<void> {
    active.record = record;
    const done = active.writes.then(async () => {
      await write();
    });
    active.writes = done.catch(() => undefined);
    return done.then(() => this.emit(record));
  }

  private async finish(active: ActiveJob, record: JobRecord, write?: () => Promise<unknown>): Promise<void> {
    if (active.finished) return;
    active.finished = true;
    try {
      await this.persist(active, record, write);
    } finally {
      this.active.delete(record.id);
      active.settle();
    }
  }

  private fail(active: ActiveJob, code: string, message: string): Promise<void> {
    if (active.finished || this.closed) return Promise.resolve();
    return this.finish(active, failedJob(active.record, code, message));
  }

  private pump(): void {
    if (this.closed) return;
    for (let next = this.queue.next(); next !== undefined; next = this.queue.next()) {
      void this.runJob(next.jobId, next.pipelineId);
    }
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.queue.queued === 0 && this.queue.active === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async runJob(jobId: string, pipelineId: string): Promise<void> {
    const active = this.active.get(jobId);
    try {
      if (active === undefined || active.finished) return;
      active.state = 'running';
      await this.persist(active, { ...active.record, status: 'Analysing' });
      if (active.cancelled || this.closed) return;
      await this.analyse(active);
    } catch (error) {
      if (active !== undefined && !active.cancelled && !this.closed) await this.fail(active, codeOf(error), messageOf(error)).catch(() => undefined);
    } finally {
      this.queue.done(pipelineId);
      this.pump();
    }
  }

  private async analyse(active: ActiveJob): Promise<void> {
    const record = active.record;
    const model = MODEL_OF_MEDIA_TYPE[record.mediaType];
    const engine = await loadEngine(model, this.options.engines[model]);
    if (!engine.mediaTypes.includes(record.mediaType)) {
      throw dnaError(DnaErrorCode.MediaTypeNotSupported, `[mediadna] [engine] The ${model} engine does not handle MediaType "${record.mediaType}" yet`);
    }
    // Cheap refusals before spending a worker on extraction.
    if ((record.saveType === 'forcesave' || record.saveType === 'onlysave') && (await this.store.hasFile(record.dbId, record.primaryKey))) {
      throw this.keyExists(record);
    }
    const cached = this.indexes.cached(record.dbId);
    if (cached?.refusal !== undefined && cached.engine === engine) throw dnaError(DnaErrorCode.LibraryIncompatible, cached.refusal);

    const input = await workerInputOf(record.source, this.options.ossRoot, this.options.mediaResolver, () => this.store.jobInput(record.id));
    if (active.cancelled || this.closed) return;
    const outcome = await this.pool.run(
      {
        model,
        mediaType: record.mediaType,
        input,
        config: record.engineConfig,
        limits: this.options.limits,
        fetchTimeoutMs: this.options.fetchTimeoutMs,
      },
      active.controller.signal,
    );
    if (active.cancelled || this.closed) return;
    if (!outcome.ok) {
      await this.fail(active, outcome.code, outcome.message);
      return;
    }
    active.state = 'finalizing';
    await this.exclusive(() => this.finalize(active, engine, outcome.blob, outcome.meta));
  }

  private keyExists(record: JobRecord): Error {
    return dnaError(
      DnaErrorCode.PrimaryKeyExists,
      `[mediadna] [job] Library ${record.dbId} already holds PrimaryKey ${JSON.stringify(record.primaryKey)}; nothing was overwritten (delete it with DeleteDNAFiles first, or use another key)`,
    );
  }

  /** Search, decide, and commit (runs exclusively). */
  private async finalize(active: ActiveJob, engine: MediaEngine, blob: Uint8Array, meta: Record<string, unknown>): Promise<void> {
    if (active.finished || this.closed) return;
    const record = active.record;
    for (let attempt = 0; attempt < 5; attempt++) {
      const library = await this.store.getLibrary(record.dbId);
      if (library === undefined || library.status === 'deleted') {
        await this.fail(active, DnaErrorCode.DBNotExist, DB_NOT_EXIST_MESSAGE);
        return;
      }
      const entry = await this.indexes.get(record.dbId, engine);
      if (entry.refusal !== undefined || entry.index === undefined) {
        await this.fail(active, DnaErrorCode.LibraryIncompatible, entry.refusal ?? 'incompatible library');
        return;
      }
      const result: DNAResult =
        record.saveType === 'onlysave' ? {} : entry.index.search(blob, { mediaType: record.mediaType, config: record.engineConfig });
      const store = record.saveType === 'forcesave' || record.saveType === 'onlysave' || (record.saveType === 'save' && !hasMatches(result));
      const success = succeededJob(record, result);
      if (!store) {
        await this.finish(active, success, () => this.store.completeJob(success));
        return;
      }
      const stored = engine.storedBlob === undefined ? blob : engine.storedBlob(blob);
      const file: FileRecord = {
        dbId: record.dbId,
        primaryKey: record.primaryKey,
        inputFile: inputFileOf(record.source),
        mediaType: record.mediaType,
        algorithm: engine.algorithm,
        algorithmVersion: engine.version,
        fingerprint: stored,
        meta,
        creationTime: formatUtcTime(),
        jobId: record.id,
      };
      const outcome = await this.store.completeJob(success, file, entry.revision);
      if (outcome.kind === 'ok') {
        try {
          entry.index.add(record.primaryKey, stored);
          entry.revision = outcome.revision;
        } catch {
          this.indexes.drop(record.dbId); // Rebuilt from the store on next use.
        }
        await this.finish(active, success, async () => undefined);
        return;
      }
      if (outcome.kind === 'duplicate-key') {
        const error = this.keyExists(record);
        await this.fail(active, DnaErrorCode.PrimaryKeyExists, error.message);
        return;
      }
      if (outcome.kind === 'no-library') {
        await this.fail(active, DnaErrorCode.DBNotExist, DB_NOT_EXIST_MESSAGE);
        return;
      }
      // 'stale': another process changed the library; the next round rebuilds the index.
    }
    await this.fail(active, DnaErrorCode.InternalError, '[mediadna] [job] The library kept changing during the search; submit again');
  }
}

/**
 * Open the DNA facade on a data directory (created if missing): the store, the job queue and
 * the extraction workers. Jobs left unfinished by a process that died are re-run.
 * @example
 * const dna = await createDna({ dataDir: './data' });
 * const { DBInfo } = await dna.CreateDNADB({ Name: 'photos', Model: 'Image' });
 * const { JobId } = await dna.SubmitDNAJob({ DBId: DBInfo.DBId, PrimaryKey: 'cat-1', Input: { Type: 'Media', Media: 'cat.jpg' } });
 * const job = await dna.waitForJob(JobId); // job.DNAResult.ImageDNA: matches, best first
 * await dna.close();
 */
export async function createDna(options: DnaOptions): Promise<Dna> {
  const resolved = resolveOptions(options);
  if (options.store !== undefined) {
    const store = options.store as unknown;
    if (!isPlainObject(store) && (typeof store !== 'object' || store === null)) throw invalidParameter('createDna', 'store', 'a DnaStore', store);
    for (const method of STORE_METHODS) {
      if (typeof (store as Record<string, unknown>)[method] !== 'function') throw invalidParameter('createDna', 'store', `a DnaStore (missing ${method}())`, store);
    }
  }
  const store = options.store ?? createSqliteStore(resolved.dataDir, { durability: resolved.durability });
  const facade = new DnaFacade(resolved, store, options.store === undefined);
  try {
    await facade.recover();
  } catch (error) {
    await facade.close();
    throw error;
  }
  return facade;
}
