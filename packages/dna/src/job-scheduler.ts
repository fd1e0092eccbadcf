/**
 * The job scheduler of one facade: admits jobs into the bounded queue (per-pipeline FIFOs and
 * concurrency, see {@link JobQueue}), starts them on the worker pool, persists every status change
 * before emitting it, cancels, and tells when all is idle. Running one job is `job-execution.ts`.
 *
 * Job life: `Queuing` (recorded durably by {@link JobScheduler.admit}) → `Analysing` → `Success` |
 * `Fail`. Jobs left unfinished by a runner that is gone are claimed by {@link JobScheduler.recover}.
 */
import { DnaErrorCode, dnaError, newHexId } from '@mediadna/core';
import { newActiveJob } from './active-job.js';
import type { ActiveJob } from './active-job.js';
import { executeJob } from './job-execution.js';
import type { ExecutionContext } from './job-execution.js';
import { failedJob, failureCodeOf, failureMessageOf, toApiJob } from './job-view.js';
import type { LibraryIndexes } from './library-index.js';
import type { ResolvedOptions } from './options.js';
import { WorkerPool } from './pool.js';
import { JobQueue } from './queue.js';
import type { JobRecord, JobRunner } from './records.js';
import { isRunnerAlive, registerRunner, unregisterRunner } from './runner-liveness.js';
import type { SerialLock } from './serial-lock.js';
import type { DnaStore } from './store.js';
import type { Job } from '@mediadna/core';

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

/** Queues, runs and finishes the jobs of one facade. */
export class JobScheduler {
  /** This facade as the runner recorded on its jobs. */
  readonly runner: JobRunner;
  private readonly listeners = new Set<JobListener>();
  private readonly active = new Map<string, ActiveJob>();
  private readonly queue: JobQueue;
  private readonly pool: WorkerPool;
  private readonly execution: ExecutionContext;
  private readonly idleWaiters: (() => void)[] = [];
  /** Queue places taken by submits still writing their job. */
  private reserved = 0;
  private isClosed = false;

  constructor(
    options: ResolvedOptions,
    private readonly store: DnaStore,
    indexes: LibraryIndexes,
    private readonly lock: SerialLock,
  ) {
    this.queue = new JobQueue(options.pipelines, options.workers, options.queueLimit);
    this.pool = new WorkerPool(options.workers, { engines: options.engines });
    this.runner = { pid: process.pid, instance: newHexId() };
    registerRunner(this.runner);
    this.execution = {
      options,
      store,
      indexes,
      pool: this.pool,
      lock,
      stopped: (active) => active.cancelled || this.isClosed,
      fail: (active, code, message) => this.fail(active, code, message),
      finish: (active, record, write) => this.finish(active, record, write),
    };
  }

  /** True once {@link close} began. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** True when `PipelineId` names a pipeline. */
  hasPipeline(pipelineId: string): boolean {
    return this.queue.has(pipelineId);
  }

  /** Re-queue jobs that were Queuing/Analysing in a runner that is gone. */
  async recover(): Promise<void> {
    const claimed = await this.store.claimUnfinishedJobs(this.runner, isRunnerAlive);
    for (const record of claimed) {
      this.track(record);
      this.queue.enqueue(record.id, record.pipelineId);
    }
    this.pump();
  }

  /**
   * Take a queue place for a submit that is about to write its job; returns its release
   * (idempotent). Concurrent submits must not all pass the check before any enqueues.
   * @throws DnaError `InvalidParameter.OutOfRange` when the queue is full.
   */
  reserve(op: string): () => void {
    if (this.queue.queued + this.reserved >= this.queue.limit) {
      throw dnaError(
        DnaErrorCode.OutOfRange,
        `[mediadna] [${op}] The job queue is full (${this.queue.limit} jobs waiting); wait for jobs to finish (waitForJob, idle) and submit again, or raise queueLimit`,
      );
    }
    this.reserved++;
    let held = true;
    return (): void => {
      if (held) this.reserved--;
      held = false;
    };
  }

  /** Record a new `Queuing` job durably (with its input bytes), release its reservation, and queue it. */
  async admit(record: JobRecord, inputBytes: Uint8Array | undefined, releaseReservation: () => void): Promise<void> {
    await this.store.insertJob(record, inputBytes);
    this.track(record);
    releaseReservation();
    this.queue.enqueue(record.id, record.pipelineId);
    this.emit(record);
    this.pump();
  }

  /** The job while this facade has it queued or running. */
  activeJob(jobId: string): ActiveJob | undefined {
    return this.active.get(jobId);
  }

  /** Cancel a queued or running job of this facade: it ends `Fail` / `Job.Cancelled`. */
  async cancel(active: ActiveJob): Promise<void> {
    active.cancelled = true;
    if (active.state === 'queued') this.queue.remove(active.record.id, active.record.pipelineId);
    active.controller.abort();
    await this.fail(active, DnaErrorCode.JobCancelled, '[mediadna] [job] The job was cancelled (CancelDNAJob)');
    if (active.state === 'queued') this.checkIdle();
  }

  addListener(listener: JobListener): void {
    this.listeners.add(listener);
  }

  removeListener(listener: JobListener): void {
    this.listeners.delete(listener);
  }

  stats(): DnaStats {
    return { queued: this.queue.queued, running: this.queue.active, queueLimit: this.queue.limit, workers: this.pool.size };
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (this.queue.queued === 0 && this.queue.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stop the workers and wait for pending writes; unfinished jobs stay for the next open. */
  async close(): Promise<void> {
    this.isClosed = true;
    unregisterRunner(this.runner);
    await this.pool.close();
    await this.lock.drained();
    await Promise.allSettled([...this.active.values()].map((active) => active.writes));
    for (const active of this.active.values()) active.settle();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private track(record: JobRecord): ActiveJob {
    const active = newActiveJob(record);
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
    if (active.finished || this.isClosed) return Promise.resolve();
    return this.finish(active, failedJob(active.record, code, message));
  }

  private pump(): void {
    if (this.isClosed) return;
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
      if (active.cancelled || this.isClosed) return;
      await executeJob(this.execution, active);
    } catch (error) {
      if (active !== undefined && !active.cancelled && !this.isClosed) await this.fail(active, failureCodeOf(error), failureMessageOf(error)).catch(() => undefined);
    } finally {
      this.queue.done(pipelineId);
      this.pump();
    }
  }
}
