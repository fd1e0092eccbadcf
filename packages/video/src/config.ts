/**
 * Options of video matching, with units, ranges and defaults (per search). The sampling and
 * decoding options live with the decoder side (the dna engine's `video-extract.ts`).
 */
import { checkBooleanOption, checkNumberOption, invalidParameter, isPlainObject } from '@mediadna/core';

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


/** Validate matching options (throws `DnaError` `InvalidParameter`). */
export function checkVideoMatchOptions(options: unknown): asserts options is VideoMatchOptions {
  if (!isPlainObject(options)) throw invalidParameter(WHERE, 'options', 'an object', options);
  checkNumberOption(WHERE, options, 'seedRadius', 0, 128, true);
  checkNumberOption(WHERE, options, 'frameRadius', 0, 128, true);
  checkNumberOption(WHERE, options, 'minSegmentSeconds', 0, 86400, false);
  checkNumberOption(WHERE, options, 'maxGapSeconds', 0, 600, false);
  checkNumberOption(WHERE, options, 'minMatchedFrames', 1, 100000, true);
  checkNumberOption(WHERE, options, 'minMatchedShare', 0, 1, false);
  checkNumberOption(WHERE, options, 'minQuality', 0, 100, true);
  checkNumberOption(WHERE, options, 'maxMatches', 1, 10000, true);
  checkBooleanOption(WHERE, options, 'flip');
}
