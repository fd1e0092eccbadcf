/**
 * The contract between the DNA facade and one media type's fingerprinting ("an engine").
 *
 * An engine module (`engines/<model>.ts`) exports one {@link MediaEngine}. The facade imports
 * it lazily, in worker threads for {@link MediaEngine.extract} and on the main thread for
 * {@link MediaEngine.createIndex}; module top level must stay cheap (no WASM loads there).
 */
import type { DNAResult, MediaSource, MediaType, Model } from '@mediadna/core';

/** Parsed job `Config` (the JSON string), with `SaveType`/`MediaType` removed: the engine's own fields. */
export type EngineConfig = Readonly<Record<string, unknown>>;

/** What extraction produced for one input. */
export interface ExtractedFingerprint {
  /** Serialised fingerprint, stored as a blob and handed back to {@link EngineIndex.add}. */
  readonly blob: Uint8Array;
  /** Small JSON-able facts shown to users (duration, width, height, counts). */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** Options handed to {@link MediaEngine.extract}. */
export interface ExtractOptions {
  readonly mediaType: MediaType;
  readonly config: EngineConfig;
  /** Aborted when the job is cancelled; long loops should check it. */
  readonly signal: AbortSignal;
  /** Engine-wide limits set when the facade was created. */
  readonly limits: EngineLimits;
}

/** Limits applied to every input (configurable on `createDna`). */
export interface EngineLimits {
  /** Largest decoded image in pixels (width x height). Default 100 000 000. */
  readonly maxPixels: number;
  /** Longest audio or video in seconds. Default 6 hours. */
  readonly maxDurationSeconds: number;
  /** Largest input in bytes. Default 4 GiB. */
  readonly maxInputBytes: number;
}

/** One library's searchable fingerprints, held in memory on the main thread. */
export interface EngineIndex {
  /** Number of stored items. */
  readonly size: number;
  /** Add a stored fingerprint under its PrimaryKey. */
  add(primaryKey: string, blob: Uint8Array): void;
  /** Remove a PrimaryKey; unknown keys are ignored. */
  remove(primaryKey: string): void;
  /**
   * Search with a query fingerprint. Returns the result keys for this media type
   * (`{ImageDNA: [...]}`, `{VideoDNA: [...], AudioDNA: [...]}`, …), each sorted best first;
   * an empty array under the key when nothing matched.
   */
  search(query: Uint8Array, options: { readonly mediaType: MediaType; readonly config: EngineConfig }): DNAResult;
}

/** One media type's fingerprinting. */
export interface MediaEngine {
  /** The library model it serves. */
  readonly model: Model;
  /** Media types it accepts (must map to {@link model}). */
  readonly mediaTypes: readonly MediaType[];
  /** Algorithm name stored with every fingerprint, e.g. `"image/phash64+pdq256"`. */
  readonly algorithm: string;
  /** Bumped whenever stored fingerprints stop being comparable; older libraries are refused. */
  readonly version: number;
  /** Check the engine's Config fields at submit time; throw `DnaError` (`InvalidParameter…`) when wrong. */
  validateConfig(config: EngineConfig, mediaType: MediaType): void;
  /**
   * Optional: the part of an extracted blob to store and index (default: the whole blob). Lets
   * an engine extract a richer query than it stores, e.g. an image's 8 dihedral variants for
   * the search but only the upright hashes in the library. Runs on the main thread.
   */
  storedBlob?(blob: Uint8Array): Uint8Array;
  /** Decode and fingerprint one input (runs in a worker). Throws `DnaError` with a media code on bad input. */
  extract(source: MediaSource, options: ExtractOptions): Promise<ExtractedFingerprint>;
  /** A new empty index for one library. */
  createIndex(): EngineIndex;
}
