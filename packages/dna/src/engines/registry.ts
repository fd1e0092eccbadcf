/**
 * Which module implements each library model. Engines load lazily, on first use, in each thread
 * that needs them (workers for extraction, the main thread for indexes and Config checks).
 *
 * To add an engine: write `engines/<model>.ts` exporting a `MediaEngine` (any export name), and
 * add its line below. A model without a line is looked up as `./<model>.js`; a missing module
 * makes its jobs fail `MediaType.NotSupported`.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { DnaError, Model } from '@mediadna/core';
import type { MediaEngine } from '../engine.js';

/** Loads one engine module. */
export type EngineModuleLoader = () => Promise<unknown>;

/** Model → engine module. One line per engine. */
export const ENGINE_MODULES: Readonly<Partial<Record<Model, EngineModuleLoader>>> = {
  Image: () => import('./image.js'),
  Audio: () => import('./audio.js'),
  Text: () => import('./text.js'),
  Video: () => import('./video.js'),
};

function isMediaEngine(value: unknown, model: Model): value is MediaEngine {
  if (typeof value !== 'object' || value === null) return false;
  const engine = value as Partial<MediaEngine>;
  return engine.model === model && typeof engine.extract === 'function' && typeof engine.createIndex === 'function' && typeof engine.validateConfig === 'function';
}

/** The MediaEngine a module exports: `default`, `engine`, `<model>Engine`, or any export serving the model. */
function pickEngine(module: unknown, model: Model): MediaEngine | undefined {
  if (typeof module !== 'object' || module === null) return undefined;
  const exports = module as Record<string, unknown>;
  const preferred = [exports.default, exports.engine, exports[`${model.toLowerCase()}Engine`]];
  for (const candidate of [...preferred, ...Object.values(exports)]) if (isMediaEngine(candidate, model)) return candidate;
  return undefined;
}

function notSupported(model: Model, detail: string): DnaError {
  return dnaError(
    DnaErrorCode.MediaTypeNotSupported,
    `[mediadna] [engine] ${model} fingerprinting is not available in this build of mediadna (${detail})`,
  );
}

function isMissingModule(error: unknown, specifierHint: string): boolean {
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(specifierHint);
}

const cache = new Map<string, Promise<MediaEngine>>();

async function load(model: Model, moduleUrl: string | undefined): Promise<MediaEngine> {
  const fileName = `${model.toLowerCase()}.js`;
  const loader: EngineModuleLoader =
    moduleUrl !== undefined
      ? () => import(moduleUrl)
      : (ENGINE_MODULES[model] ?? (() => import(new URL(`./${fileName}`, import.meta.url).href)));
  let module: unknown;
  try {
    module = await loader();
  } catch (error) {
    const hint = moduleUrl === undefined ? `engines/${fileName}` : moduleUrl.slice(moduleUrl.lastIndexOf('/') + 1);
    if (isMissingModule(error, hint)) throw notSupported(model, `engine module ${hint} is missing`);
    throw dnaError(DnaErrorCode.InternalError, `[mediadna] [engine] The ${model} engine failed to load: ${(error as Error).message}`);
  }
  const engine = pickEngine(module, model);
  if (engine === undefined) throw notSupported(model, `its module exports no MediaEngine for model ${model}`);
  return engine;
}

/**
 * The engine of a model, loaded once per thread. `moduleUrl` replaces the registry entry
 * (custom engines, tests).
 * @throws DnaError `MediaType.NotSupported` when no engine module exists for the model.
 */
export function loadEngine(model: Model, moduleUrl?: string): Promise<MediaEngine> {
  const key = `${model}\u0000${moduleUrl ?? ''}`;
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = load(model, moduleUrl);
    // A failed load is retried next time (a module may be added while a long-lived process runs).
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
