/**
 * Options of {@link createDna}, their defaults, and the built-in templates. Checked once, here.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInteger, isNonEmptyString, isPlainObject, invalidParameter, MODELS } from '@mediadna/core';
import type { Model } from '@mediadna/core';
import type { EngineLimits } from './engine.js';
import type { DnaStore } from './store.js';

/** Resolves a media id (a `Media` that is neither a URL nor an existing file) to a path, URL or bytes. */
export type MediaResolver = (id: string) => Promise<string | Uint8Array> | string | Uint8Array;

/** A named queue: at most `concurrency` of its jobs analyse at once. */
export interface PipelineOptions {
  /** Jobs of this pipeline running at once (1..1000). */
  readonly concurrency: number;
}

/** Options of {@link createDna}. */
export interface DnaOptions {
  /** Data directory; holds `mediadna.db` (created if missing). */
  readonly dataDir: string;
  /** Root of local "OSS": `Input.Type 'OSS'` reads `<ossRoot>/<bucket>/<object>`. Unset: OSS inputs are refused. */
  readonly ossRoot?: string;
  /** Resolves media ids (a `Media` that is not a URL and not an existing file). */
  readonly mediaResolver?: MediaResolver;
  /** Worker threads for extraction. Default `max(1, cores - 1)`. */
  readonly workers?: number;
  /** Most jobs waiting (`Queuing`) at once; a submit beyond it throws `InvalidParameter.OutOfRange`. Default 10 000. */
  readonly queueLimit?: number;
  /** Named queues (`PipelineId`) with their concurrency. `default` always exists (concurrency = workers unless given here). */
  readonly pipelines?: Readonly<Record<string, PipelineOptions>>;
  /** Named Config presets (`TemplateId`), added to (and overriding) the built-in ones. */
  readonly templates?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Input limits (pixels, duration, bytes). */
  readonly limits?: Partial<EngineLimits>;
  /** A custom store; default: SQLite in `dataDir`. A store passed here is not closed by `close()`. */
  readonly store?: DnaStore;
  /** *local* SQLite commit durability: `'full'` (default, fsync per commit) or `'normal'` (survives process kills, not power loss). */
  readonly durability?: 'full' | 'normal';
  /** *local* Engine modules by model (module URL or path), replacing the built-in registry; for custom engines and tests. */
  readonly engines?: Readonly<Partial<Record<Model, string>>>;
  /** *local* Timeout for http(s) inputs in milliseconds. Default 30 000. */
  readonly fetchTimeoutMs?: number;
}

/** Default input limits. */
export const DEFAULT_LIMITS: EngineLimits = Object.freeze({
  maxPixels: 100_000_000,
  maxDurationSeconds: 6 * 3600,
  maxInputBytes: 4 * 1024 ** 3,
});

/** Default bound of the waiting queue. */
export const DEFAULT_QUEUE_LIMIT = 10_000;

/** The pipeline used when `PipelineId` is omitted. */
export const DEFAULT_PIPELINE = 'default';

/**
 * Built-in templates (`TemplateId`): SaveType presets. Apps add their own with the
 * `templates` option; a request's `Config` overrides a template's fields.
 */
export const BUILT_IN_TEMPLATES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = Object.freeze({
  'search-only': Object.freeze({ SaveType: 'nosave' }),
  'store-only': Object.freeze({ SaveType: 'onlysave' }),
  'force-store': Object.freeze({ SaveType: 'forcesave' }),
  'store-new': Object.freeze({ SaveType: 'save' }),
});

/** Options after defaults, as the facade uses them. */
export interface ResolvedOptions {
  readonly dataDir: string;
  readonly ossRoot: string | undefined;
  readonly mediaResolver: MediaResolver | undefined;
  readonly workers: number;
  readonly queueLimit: number;
  readonly pipelines: ReadonlyMap<string, number>;
  readonly templates: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly limits: EngineLimits;
  readonly durability: 'full' | 'normal';
  readonly engines: Readonly<Partial<Record<Model, string>>>;
  readonly fetchTimeoutMs: number;
}

const WHERE = 'createDna';

function positiveInteger(value: unknown, option: string, max: number): number {
  if (!isInteger(value) || value < 1 || value > max) throw invalidParameter(WHERE, option, `an integer in 1..${max}`, value);
  return value;
}

function positiveNumber(value: unknown, option: string): number {
  if (typeof value !== 'number' || !(value > 0)) throw invalidParameter(WHERE, option, 'a number > 0', value);
  return value;
}

/** Check the options of {@link createDna} and apply defaults. */
export function resolveOptions(options: DnaOptions): ResolvedOptions {
  if (!isPlainObject(options)) throw invalidParameter(WHERE, 'options', 'an object', options);
  if (!isNonEmptyString(options.dataDir)) throw invalidParameter(WHERE, 'dataDir', 'a directory path', options.dataDir);
  if (options.ossRoot !== undefined && !isNonEmptyString(options.ossRoot)) throw invalidParameter(WHERE, 'ossRoot', 'a directory path', options.ossRoot);
  if (options.mediaResolver !== undefined && typeof options.mediaResolver !== 'function') {
    throw invalidParameter(WHERE, 'mediaResolver', 'a function', options.mediaResolver);
  }
  const workers = options.workers === undefined ? Math.max(1, availableParallelism() - 1) : positiveInteger(options.workers, 'workers', 256);
  const queueLimit = options.queueLimit === undefined ? DEFAULT_QUEUE_LIMIT : positiveInteger(options.queueLimit, 'queueLimit', 10_000_000);

  const pipelines = new Map<string, number>([[DEFAULT_PIPELINE, workers]]);
  if (options.pipelines !== undefined) {
    if (!isPlainObject(options.pipelines)) throw invalidParameter(WHERE, 'pipelines', 'an object of { concurrency }', options.pipelines);
    for (const [id, pipeline] of Object.entries(options.pipelines)) {
      if (!isPlainObject(pipeline)) throw invalidParameter(WHERE, `pipelines.${id}`, 'an object { concurrency }', pipeline);
      pipelines.set(id, positiveInteger(pipeline.concurrency, `pipelines.${id}.concurrency`, 1000));
    }
  }

  const templates = new Map<string, Readonly<Record<string, unknown>>>(Object.entries(BUILT_IN_TEMPLATES));
  if (options.templates !== undefined) {
    if (!isPlainObject(options.templates)) throw invalidParameter(WHERE, 'templates', 'an object of Config objects', options.templates);
    for (const [id, template] of Object.entries(options.templates)) {
      if (!isPlainObject(template)) throw invalidParameter(WHERE, `templates.${id}`, 'a Config object', template);
      templates.set(id, Object.freeze(structuredClone(template)));
    }
  }

  const given = options.limits ?? {};
  if (!isPlainObject(given)) throw invalidParameter(WHERE, 'limits', 'an object', given);
  const limits: EngineLimits = Object.freeze({
    maxPixels: given.maxPixels === undefined ? DEFAULT_LIMITS.maxPixels : positiveNumber(given.maxPixels, 'limits.maxPixels'),
    maxDurationSeconds:
      given.maxDurationSeconds === undefined ? DEFAULT_LIMITS.maxDurationSeconds : positiveNumber(given.maxDurationSeconds, 'limits.maxDurationSeconds'),
    maxInputBytes: given.maxInputBytes === undefined ? DEFAULT_LIMITS.maxInputBytes : positiveNumber(given.maxInputBytes, 'limits.maxInputBytes'),
  });

  const durability = options.durability ?? 'full';
  if (durability !== 'full' && durability !== 'normal') throw invalidParameter(WHERE, 'durability', '"full" or "normal"', durability);

  const engines: Partial<Record<Model, string>> = {};
  if (options.engines !== undefined) {
    if (!isPlainObject(options.engines)) throw invalidParameter(WHERE, 'engines', 'an object of module URLs by Model', options.engines);
    for (const [model, specifier] of Object.entries(options.engines)) {
      if (!MODELS.includes(model as Model)) throw invalidParameter(WHERE, 'engines', `a Model (${MODELS.join(', ')}) as key`, model);
      if (!isNonEmptyString(specifier)) throw invalidParameter(WHERE, `engines.${model}`, 'a module URL or path', specifier);
      engines[model as Model] = /^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier) ? specifier : pathToFileURL(resolve(specifier)).href;
    }
  }

  const fetchTimeoutMs = options.fetchTimeoutMs === undefined ? 30_000 : positiveNumber(options.fetchTimeoutMs, 'fetchTimeoutMs');

  return {
    dataDir: options.dataDir,
    ossRoot: options.ossRoot,
    mediaResolver: options.mediaResolver,
    workers,
    queueLimit,
    pipelines,
    templates,
    limits,
    durability,
    engines: Object.freeze(engines),
    fetchTimeoutMs,
  };
}
