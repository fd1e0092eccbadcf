/** What the operations of one open facade share: its options, store, indexes, scheduler and write lane. */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { JobScheduler } from './job-scheduler.js';
import type { LibraryIndexes } from './library-index.js';
import type { ResolvedOptions } from './options.js';
import type { SerialLock } from './serial-lock.js';
import type { DnaStore } from './store.js';

/** The state of one open facade, handed to each operation. */
export interface FacadeContext {
  readonly options: ResolvedOptions;
  readonly store: DnaStore;
  /** Each library's in-memory index (use under {@link lock}). */
  readonly indexes: LibraryIndexes;
  readonly scheduler: JobScheduler;
  /** Serialises finalisation, deletes, default-library creation and checks. */
  readonly lock: SerialLock;
}

/** Throw `InternalError` when the facade is closed. */
export function assertOpen(context: FacadeContext, op: string): void {
  if (context.scheduler.closed) throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The DNA facade is closed`);
}
