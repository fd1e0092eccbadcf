/**
 * A small pool of extraction workers (`dist/worker.js`), one task per worker at a time.
 * Workers start on first use. A cancelled task is aborted through its signal; a worker that
 * does not answer within {@link ABORT_GRACE_MS} (an engine busy in a tight loop) is terminated
 * and replaced, so cancellation always frees the slot. A crashed worker fails its task with
 * `InternalError` and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { DnaErrorCode } from '@mediadna/core';
import type { AbortRequest, ExtractOutcome, ExtractReply, ExtractRequest, WorkerStartData } from './protocol.js';

/** How long an aborted task may take to stop before its worker is terminated. */
export const ABORT_GRACE_MS = 1000;

/** A task without its id (the pool assigns it). */
export type ExtractTask = Omit<ExtractRequest, 'type' | 'taskId'>;

interface Pending {
  readonly taskId: number;
  readonly request: ExtractRequest;
  readonly resolve: (outcome: ExtractOutcome) => void;
  readonly signal: AbortSignal | undefined;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Pending | undefined;
  graceTimer: ReturnType<typeof setTimeout> | undefined;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** The extraction worker pool. */
export class WorkerPool {
  private readonly slots: (Slot | undefined)[];
  private readonly waiting: Pending[] = [];
  private nextTaskId = 1;
  private closed = false;

  constructor(
    size: number,
    private readonly startData: WorkerStartData,
  ) {
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  /** Number of workers (the most tasks running at once). */
  get size(): number {
    return this.slots.length;
  }

  /** Run one extraction; never rejects (failures are outcomes). */
  run(task: ExtractTask, signal?: AbortSignal): Promise<ExtractOutcome> {
    return new Promise<ExtractOutcome>((resolve) => {
      if (this.closed) {
        resolve({ ok: false, code: DnaErrorCode.InternalError, message: '[mediadna] [pool] The facade is closed' });
        return;
      }
      const taskId = this.nextTaskId++;
      const pending: Pending = { taskId, request: { ...task, type: 'extract', taskId }, resolve, signal };
      if (signal?.aborted) {
        resolve(cancelled());
        return;
      }
      this.waiting.push(pending);
      this.dispatch();
    });
  }

  /** Terminate every worker; tasks still running or waiting end `InternalError`. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping: Promise<number>[] = [];
    for (const pending of this.waiting.splice(0)) pending.resolve({ ok: false, code: DnaErrorCode.InternalError, message: '[mediadna] [pool] The facade closed' });
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot === undefined) continue;
      this.slots[i] = undefined;
      if (slot.graceTimer !== undefined) clearTimeout(slot.graceTimer);
      this.settle(slot, { ok: false, code: DnaErrorCode.InternalError, message: '[mediadna] [pool] The facade closed during the job' });
      stopping.push(slot.worker.terminate());
    }
    await Promise.all(stopping);
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const index = this.slots.findIndex((slot) => slot === undefined || slot.task === undefined);
      if (index < 0) return;
      const pending = this.waiting.shift()!;
      if (pending.signal?.aborted) {
        pending.resolve(cancelled());
        continue;
      }
      const slot = this.slots[index] ?? this.spawn(index);
      slot.task = pending;
      slot.worker.ref();
      if (pending.signal !== undefined) {
        pending.onAbort = () => this.abort(slot, pending);
        pending.signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      slot.worker.postMessage(pending.request);
    }
  }

  private spawn(index: number): Slot {
    const worker = new Worker(WORKER_URL, { workerData: this.startData });
    const slot: Slot = { worker, task: undefined, graceTimer: undefined };
    worker.on('message', (reply: ExtractReply) => {
      if (slot.task === undefined || slot.task.taskId !== reply.taskId) return;
      this.settle(
        slot,
        reply.type === 'done' ? { ok: true, blob: reply.blob, meta: reply.meta } : { ok: false, code: reply.code, message: reply.message },
      );
      this.dispatch();
    });
    const replace = (reason: string): void => {
      if (this.slots[index] !== slot) return;
      this.slots[index] = undefined;
      if (slot.graceTimer !== undefined) clearTimeout(slot.graceTimer);
      this.settle(slot, { ok: false, code: DnaErrorCode.InternalError, message: `[mediadna] [pool] The extraction worker stopped: ${reason}` });
      this.dispatch();
    };
    worker.on('error', (error) => replace(error.message));
    worker.on('exit', (code) => replace(`exit code ${code}`));
    this.slots[index] = slot;
    return slot;
  }

  private settle(slot: Slot, outcome: ExtractOutcome): void {
    const task = slot.task;
    if (task === undefined) return;
    slot.task = undefined;
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    if (slot.graceTimer !== undefined) {
      clearTimeout(slot.graceTimer);
      slot.graceTimer = undefined;
    }
    if (task.onAbort !== undefined) task.signal?.removeEventListener('abort', task.onAbort);
    task.resolve(task.signal?.aborted ? cancelled() : outcome);
  }

  private abort(slot: Slot, pending: Pending): void {
    if (slot.task !== pending) return;
    slot.worker.postMessage({ type: 'abort', taskId: pending.taskId } satisfies AbortRequest);
    slot.graceTimer = setTimeout(() => {
      if (slot.task !== pending) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = undefined;
      this.settle(slot, cancelled());
      void slot.worker.terminate();
      this.dispatch();
    }, ABORT_GRACE_MS);
    slot.graceTimer.unref?.();
  }
}

function cancelled(): ExtractOutcome {
  return { ok: false, code: DnaErrorCode.JobCancelled, message: '[mediadna] [job] The job was cancelled' };
}
