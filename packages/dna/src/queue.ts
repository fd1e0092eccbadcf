/**
 * The job queue: one FIFO per pipeline, a concurrency limit per pipeline, a global limit (the
 * number of workers), and a bound on waiting jobs. Pipelines take turns (round robin), so a
 * long backlog in one pipeline does not starve another.
 */

interface Pipeline {
  readonly concurrency: number;
  readonly waiting: string[];
  running: number;
}

/** A job taken off the queue to run. */
export interface Dequeued {
  readonly jobId: string;
  readonly pipelineId: string;
}

/** See the module comment. */
export class JobQueue {
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly order: string[];
  private turn = 0;
  private running = 0;
  private waitingCount = 0;

  /**
   * @param concurrency pipeline id → its concurrency
   * @param slots most jobs running at once over all pipelines
   * @param limit most jobs waiting at once
   */
  constructor(
    concurrency: ReadonlyMap<string, number>,
    private readonly slots: number,
    readonly limit: number,
  ) {
    for (const [id, value] of concurrency) this.pipelines.set(id, { concurrency: value, waiting: [], running: 0 });
    this.order = [...this.pipelines.keys()];
  }

  /** True for a known pipeline id. */
  has(pipelineId: string): boolean {
    return this.pipelines.has(pipelineId);
  }

  /** Jobs waiting. */
  get queued(): number {
    return this.waitingCount;
  }

  /** Jobs running. */
  get active(): number {
    return this.running;
  }

  /** True when another job may wait. */
  get hasRoom(): boolean {
    return this.waitingCount < this.limit;
  }

  /** Append a job (callers check {@link hasRoom}; re-queued jobs after a restart may exceed it). */
  enqueue(jobId: string, pipelineId: string): void {
    const pipeline = this.pipelines.get(pipelineId) ?? this.pipelines.get(this.order[0])!;
    pipeline.waiting.push(jobId);
    this.waitingCount++;
  }

  /** Remove a waiting job; false when it was not waiting. */
  remove(jobId: string, pipelineId: string): boolean {
    for (const pipeline of [this.pipelines.get(pipelineId), ...this.pipelines.values()]) {
      if (pipeline === undefined) continue;
      const index = pipeline.waiting.indexOf(jobId);
      if (index >= 0) {
        pipeline.waiting.splice(index, 1);
        this.waitingCount--;
        return true;
      }
    }
    return false;
  }

  /** The next job allowed to run (marked running), or undefined. */
  next(): Dequeued | undefined {
    if (this.running >= this.slots) return undefined;
    for (let i = 0; i < this.order.length; i++) {
      const id = this.order[(this.turn + i) % this.order.length];
      const pipeline = this.pipelines.get(id)!;
      if (pipeline.waiting.length === 0 || pipeline.running >= pipeline.concurrency) continue;
      this.turn = (this.turn + i + 1) % this.order.length;
      pipeline.running++;
      this.running++;
      this.waitingCount--;
      return { jobId: pipeline.waiting.shift()!, pipelineId: id };
    }
    return undefined;
  }

  /** A running job of `pipelineId` finished. */
  done(pipelineId: string): void {
    const pipeline = this.pipelines.get(pipelineId) ?? this.pipelines.get(this.order[0])!;
    pipeline.running--;
    this.running--;
  }
}
