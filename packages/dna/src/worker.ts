/**
 * Extraction worker (runs in a `worker_threads` Worker, one task at a time): open the input,
 * load the engine, fingerprint, reply. Every failure becomes an `error` reply with a code; the
 * worker itself never dies on bad media.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_MAX_FETCH_BYTES, DnaErrorCode, openInput } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import { loadEngine } from './engines/registry.js';
import type { AbortRequest, ExtractReply, ExtractRequest, WorkerStartData } from './protocol.js';

const start = workerData as WorkerStartData;
const controllers = new Map<number, AbortController>();

function errorReply(taskId: number, error: unknown, signal: AbortSignal): ExtractReply {
  if (signal.aborted) return { type: 'error', taskId, code: DnaErrorCode.JobCancelled, message: '[mediadna] [job] The job was cancelled' };
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? error);
  if ((error as { name?: unknown }).name === 'DnaError' && typeof code === 'string') return { type: 'error', taskId, code, message };
  return { type: 'error', taskId, code: DnaErrorCode.InternalError, message: `[mediadna] [worker] Unexpected error while fingerprinting: ${message}` };
}

async function openSource(request: ExtractRequest): Promise<MediaSource> {
  const input = request.input;
  if (input.kind === 'bytes') {
    const source = await openInput(input.bytes, { maxBytes: request.limits.maxInputBytes });
    return { type: 'bytes', bytes: source.type === 'bytes' ? source.bytes : input.bytes, name: input.name };
  }
  // URLs are held in memory: cap them at the fetch default unless the limit is lower.
  const isUrl = /^https?:\/\//i.test(input.location);
  return openInput(input.location, {
    maxBytes: isUrl ? Math.min(request.limits.maxInputBytes, DEFAULT_MAX_FETCH_BYTES) : request.limits.maxInputBytes,
    timeoutMs: request.fetchTimeoutMs,
    ...(input.root !== undefined ? { root: input.root } : {}),
  });
}

async function extract(request: ExtractRequest): Promise<void> {
  const controller = new AbortController();
  controllers.set(request.taskId, controller);
  let reply: ExtractReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const engine = await loadEngine(request.model, start.engines[request.model]);
    if (!engine.mediaTypes.includes(request.mediaType)) {
      reply = {
        type: 'error',
        taskId: request.taskId,
        code: DnaErrorCode.MediaTypeNotSupported,
        message: `[mediadna] [engine] The ${request.model} engine does not handle MediaType "${request.mediaType}" yet`,
      };
    } else {
      const source = await openSource(request);
      controller.signal.throwIfAborted();
      const result = await engine.extract(source, { mediaType: request.mediaType, config: request.config, signal: controller.signal, limits: request.limits });
      controller.signal.throwIfAborted();
      // Copy unless the blob owns its whole buffer, then transfer (no copy over the thread boundary).
      const owned = result.blob.byteOffset === 0 && result.blob.byteLength === result.blob.buffer.byteLength && result.blob.buffer instanceof ArrayBuffer;
      const blob = owned ? result.blob : result.blob.slice();
      transfer.push(blob.buffer as ArrayBuffer);
      reply = { type: 'done', taskId: request.taskId, blob, meta: { ...result.meta } };
    }
  } catch (error) {
    reply = errorReply(request.taskId, error, controller.signal);
  } finally {
    controllers.delete(request.taskId);
  }
  try {
    parentPort!.postMessage(reply, transfer);
  } catch (error) {
    // meta that cannot be cloned (a function, a symbol) must not kill the worker.
    parentPort!.postMessage(errorReply(request.taskId, error, controller.signal));
  }
}

parentPort!.on('message', (message: ExtractRequest | AbortRequest) => {
  if (message.type === 'abort') controllers.get(message.taskId)?.abort();
  else void extract(message);
});
