/** Messages between the facade (main thread) and its extraction workers. */
import type { MediaType, Model } from '@mediadna/core';
import type { EngineLimits } from './engine.js';
import type { WorkerInput } from './input.js';

/** Data every worker starts with. */
export interface WorkerStartData {
  /** Engine module URLs replacing the registry (the `engines` option). */
  readonly engines: Readonly<Partial<Record<Model, string>>>;
}

/** Main → worker: fingerprint one input. */
export interface ExtractRequest {
  readonly type: 'extract';
  readonly taskId: number;
  readonly model: Model;
  readonly mediaType: MediaType;
  readonly input: WorkerInput;
  readonly config: Readonly<Record<string, unknown>>;
  readonly limits: EngineLimits;
  readonly fetchTimeoutMs: number;
}

/** Main → worker: abort a running task (its signal fires). */
export interface AbortRequest {
  readonly type: 'abort';
  readonly taskId: number;
}

/** Worker → main: the outcome of one task. */
export type ExtractReply =
  | { readonly type: 'done'; readonly taskId: number; readonly blob: Uint8Array; readonly meta: Record<string, unknown> }
  | { readonly type: 'error'; readonly taskId: number; readonly code: string; readonly message: string };

/** The outcome of an extraction as the facade sees it. */
export type ExtractOutcome =
  | { readonly ok: true; readonly blob: Uint8Array; readonly meta: Record<string, unknown> }
  | { readonly ok: false; readonly code: string; readonly message: string };
