/**
 * Options of video fingerprinting and matching, with units, ranges and defaults. Options that
 * change hashes (sampling, frame size) are stored in every fingerprint; matching options are
 * per search.
 */
import { inRange, invalidParameter, isInteger, isNumber, isPlainObject } from '@mediadna/core';

/** How frames are sampled and hashed (`hashVideo`). */
export interface VideoHashOptions {
  /** Frames per second on a fixed time grid, 0.1–10. Default 2. */
  readonly sampleRate?: number;
  /** Extra frames at scene changes (ffmpeg scene score above this, 0–1; 0 = off). Default 0.3. */
  readonly sceneThreshold?: number;
  /** Hash keyframes only (fast mode; times follow the encoder's keyframes). Default false. */
  readonly keyframesOnly?: boolean;
  /** Short side of the frames ffmpeg hands over, in pixels, 32–720. Default 128 (see README for accuracy vs speed). */
  readonly shortSide?: number;
  /** Fingerprint the soundtrack too (AudioDNA). Default true. */
  readonly audio?: boolean;
  /** `auto` (system ffmpeg, else WASM), `system` or `wasm`. Default `auto`. */
  readonly backend?: 'auto' | 'system' | 'wasm';
  /** Longest video accepted, seconds. Default 6 hours. */
  readonly maxDurationSeconds?: number;
  /** Largest frame accepted, pixels. Default 100 000 000. */
  readonly maxPixels?: number;
  /** Wall-clock limit for decoding, ms. Default: 4x the duration at 1x realtime plus 60 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** How matches are found and accepted (`VideoLibrary.search`). */
export interface VideoMatchOptions {
  /** Hamming radius (bits of 256) for the index lookups that seed alignments. Default 24 (a 100-hour library answers in ≈0.2 s; ≈0.5–0.8 s at 32, ≈3.5 s at 48; the same accuracy on the corpus). */
  readonly seedRadius?: number;
  /** Hamming radius for a frame to count as matched once aligned. Default 76. */
  readonly frameRadius?: number;
  /** Shortest reported segment in seconds. Default 2. */
  readonly minSegmentSeconds?: number;
  /** Longest run of unmatched time inside one segment, seconds. Default 3. */
  readonly maxGapSeconds?: number;
  /** Fewest matched frames in a segment. Default 3. */
  readonly minMatchedFrames?: number;
  /** Lowest share of sampled frames in a segment that match, 0–1. Default 0.5. */
  readonly minMatchedShare?: number;
  /** Frames below this PDQ quality (0–100) are neither indexed nor searched. Default 25. */
  readonly minQuality?: number;
  /** Also search the mirrored (horizontally flipped) query. Default true. */
  readonly flip?: boolean;
  /** Most library items returned. Default 20. */
  readonly maxMatches?: number;
}

/** The defaults of {@link VideoHashOptions}. */
export const defaultVideoHashOptions: Readonly<Required<Omit<VideoHashOptions, 'signal' | 'timeoutMs'>>> = Object.freeze({
  sampleRate: 2,
  sceneThreshold: 0.3,
  keyframesOnly: false,
  shortSide: 128,
  audio: true,
  backend: 'auto',
  maxDurationSeconds: 6 * 3600,
  maxPixels: 100_000_000,
});

/** The defaults of {@link VideoMatchOptions}. */
export const defaultVideoMatchOptions: Readonly<Required<VideoMatchOptions>> = Object.freeze({
  seedRadius: 24,
  frameRadius: 76,
  minSegmentSeconds: 2,
  maxGapSeconds: 3,
  minMatchedFrames: 3,
  minMatchedShare: 0.5,
  minQuality: 25,
  flip: true,
  maxMatches: 20,
});

const WHERE = 'video';

function checkNumber(options: Record<string, unknown>, name: string, min: number, max: number, integer = false): void {
  const value = options[name];
  if (value === undefined) return;
  if (!(integer ? isInteger(value) : isNumber(value)) || !inRange(value as number, min, max)) {
    throw invalidParameter(WHERE, name, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, value);
  }
}

function checkBoolean(options: Record<string, unknown>, name: string): void {
  const value = options[name];
  if (value !== undefined && typeof value !== 'boolean') throw invalidParameter(WHERE, name, 'a boolean', value);
}

/** Validate hashing options (throws `DnaError` `InvalidParameter`). */
export function checkVideoHashOptions(options: unknown): asserts options is VideoHashOptions {
  if (!isPlainObject(options)) throw invalidParameter(WHERE, 'options', 'an object', options);
  checkNumber(options, 'sampleRate', 0.1, 10);
  checkNumber(options, 'sceneThreshold', 0, 1);
  checkNumber(options, 'shortSide', 32, 720, true);
  checkNumber(options, 'maxDurationSeconds', 1, 1e7);
  checkNumber(options, 'maxPixels', 1, 1e10);
  checkNumber(options, 'timeoutMs', 1, 1e9);
  checkBoolean(options, 'keyframesOnly');
  checkBoolean(options, 'audio');
  const backend = options.backend;
  if (backend !== undefined && backend !== 'auto' && backend !== 'system' && backend !== 'wasm') {
    throw invalidParameter(WHERE, 'backend', "'auto', 'system' or 'wasm'", backend);
  }
}

/** Validate matching options (throws `DnaError` `InvalidParameter`). */
export function checkVideoMatchOptions(options: unknown): asserts options is VideoMatchOptions {
  if (!isPlainObject(options)) throw invalidParameter(WHERE, 'options', 'an object', options);
  checkNumber(options, 'seedRadius', 0, 128, true);
  checkNumber(options, 'frameRadius', 0, 128, true);
  checkNumber(options, 'minSegmentSeconds', 0, 86400);
  checkNumber(options, 'maxGapSeconds', 0, 600);
  checkNumber(options, 'minMatchedFrames', 1, 100000, true);
  checkNumber(options, 'minMatchedShare', 0, 1);
  checkNumber(options, 'minQuality', 0, 100, true);
  checkNumber(options, 'maxMatches', 1, 10000, true);
  checkBoolean(options, 'flip');
}
