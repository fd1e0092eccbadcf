/** A job this facade has queued or is running, with what cancelling and waiting need. */
import type { JobRecord } from './records.js';

/** The in-memory state of one queued or running job. */
export interface ActiveJob {
  /** The latest record (as persisted, or about to be). */
  record: JobRecord;
  /** `finalizing`: searching and committing; a cancel waits for it to end. */
  state: 'queued' | 'running' | 'finalizing';
  cancelled: boolean;
  finished: boolean;
  readonly controller: AbortController;
  /** Resolves once the job has finished (or the facade closed). */
  readonly settled: Promise<void>;
  readonly settle: () => void;
  /** Store writes of this job, in order. */
  writes: Promise<void>;
}

/** A new active job for a record just queued (or claimed after a restart). */
export function newActiveJob(record: JobRecord): ActiveJob {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  return {
    record,
    state: 'queued',
    cancelled: false,
    finished: false,
    controller: new AbortController(),
    settled,
    settle,
    writes: Promise.resolve(),
  };
}
