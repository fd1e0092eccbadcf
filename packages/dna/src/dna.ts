/**
 * The facade: the eight DNA operations with the cloud's names and shapes, asynchronous jobs in
 * worker threads, and the durable store. See README.md for the design; each operation lives in
 * `library-operations.ts`, `job-operations.ts` or `file-operations.ts`, jobs run in
 * `job-scheduler.ts` and `job-execution.ts`.
 */
import { invalidParameter, isPlainObject } from '@mediadna/core';
import type {
  CancelDNAJobRequest,
  CancelDNAJobResponse,
  CreateDNADBRequest,
  CreateDNADBResponse,
  DeleteDNADBRequest,
  DeleteDNAFilesRequest,
  Job,
  ListDNADBRequest,
  ListDNADBResponse,
  ListDNAFilesRequest,
  ListDNAFilesResponse,
  QueryDNAJobListRequest,
  QueryDNAJobListResponse,
  RequestIdResponse,
  SubmitDNAJobResponse,
} from '@mediadna/core';
import { checkConsistency } from './consistency-check.js';
import type { CheckReport } from './consistency-check.js';
import type { FacadeContext } from './facade-context.js';
import { deleteDNAFiles, listDNAFiles } from './file-operations.js';
import type { LocalSubmitDNAJobRequest } from './job-config.js';
import { cancelDNAJob, queryDNAJobList, submitDNAJob, waitForJob } from './job-operations.js';
import { JobScheduler } from './job-scheduler.js';
import type { DnaStats, JobListener } from './job-scheduler.js';
import { LibraryIndexes } from './library-index.js';
import { createDNADB, deleteDNADB, listDNADB } from './library-operations.js';
import { resolveOptions } from './options.js';
import type { DnaOptions, ResolvedOptions } from './options.js';
import { SerialLock } from './serial-lock.js';
import { createSqliteStore } from './store-sqlite.js';
import type { DnaStore } from './store.js';

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

/** The methods a custom store must have for `createDna` to accept it. */
const STORE_METHODS = ['insertLibrary', 'getLibrary', 'listLibraries', 'completeJob', 'insertJob', 'updateJob', 'getJobs', 'claimUnfinishedJobs', 'close'];

/** Binds the operations to one open facade's state. */
class DnaFacade implements Dna {
  private readonly context: FacadeContext;
  private readonly scheduler: JobScheduler;

  constructor(
    options: ResolvedOptions,
    private readonly store: DnaStore,
    private readonly ownStore: boolean,
  ) {
    const lock = new SerialLock();
    const indexes = new LibraryIndexes(store);
    this.scheduler = new JobScheduler(options, store, indexes, lock);
    this.context = { options, store, indexes, scheduler: this.scheduler, lock };
  }

  /** Re-queue jobs that were Queuing/Analysing in a process that is gone. */
  recover(): Promise<void> {
    return this.scheduler.recover();
  }

  CreateDNADB(request: CreateDNADBRequest): Promise<CreateDNADBResponse> {
    return createDNADB(this.context, request);
  }

  ListDNADB(request: ListDNADBRequest = {}): Promise<ListDNADBResponse> {
    return listDNADB(this.context, request);
  }

  DeleteDNADB(request: DeleteDNADBRequest): Promise<RequestIdResponse> {
    return deleteDNADB(this.context, request);
  }

  SubmitDNAJob(request: LocalSubmitDNAJobRequest): Promise<SubmitDNAJobResponse> {
    return submitDNAJob(this.context, request);
  }

  QueryDNAJobList(request: QueryDNAJobListRequest): Promise<QueryDNAJobListResponse> {
    return queryDNAJobList(this.context, request);
  }

  CancelDNAJob(request: CancelDNAJobRequest): Promise<CancelDNAJobResponse> {
    return cancelDNAJob(this.context, request);
  }

  waitForJob(jobId: string, options: { timeoutMs?: number } = {}): Promise<Job> {
    return waitForJob(this.context, jobId, options);
  }

  ListDNAFiles(request: ListDNAFilesRequest): Promise<ListDNAFilesResponse> {
    return listDNAFiles(this.context, request);
  }

  DeleteDNAFiles(request: DeleteDNAFilesRequest): Promise<RequestIdResponse> {
    return deleteDNAFiles(this.context, request);
  }

  on(event: 'job', listener: JobListener): Dna {
    if (event !== 'job') throw invalidParameter('on', 'event', '"job"', event);
    if (typeof listener !== 'function') throw invalidParameter('on', 'listener', 'a function', listener);
    this.scheduler.addListener(listener);
    return this;
  }

  off(event: 'job', listener: JobListener): Dna {
    if (event === 'job') this.scheduler.removeListener(listener);
    return this;
  }

  stats(): DnaStats {
    return this.scheduler.stats();
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  check(): Promise<CheckReport> {
    return checkConsistency(this.context);
  }

  async close(): Promise<void> {
    if (this.scheduler.closed) return;
    await this.scheduler.close();
    if (this.ownStore) await this.store.close();
  }
}

/** Refuse a `store` option that lacks the {@link DnaStore} methods. */
function checkStoreShape(store: unknown): void {
  if (!isPlainObject(store) && (typeof store !== 'object' || store === null)) throw invalidParameter('createDna', 'store', 'a DnaStore', store);
  for (const method of STORE_METHODS) {
    if (typeof (store as Record<string, unknown>)[method] !== 'function') throw invalidParameter('createDna', 'store', `a DnaStore (missing ${method}())`, store);
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
  if (options.store !== undefined) checkStoreShape(options.store);
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
