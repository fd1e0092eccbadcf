/**
 * Comparing image hashes: Hamming distances and a similarity score.
 *
 * Thresholds are measured on the dev corpus (see the package README for the distributions):
 * copies (resize, JPEG q30, 10 % crop, brightness, grey, overlay, WebP, combinations) against
 * their originals, versus all pairs of unrelated originals.
 */
import { hammingDistance256, hammingDistance64 } from '@mediadna/core';
import type { DihedralHashes, ImageHashes } from './hash.js';
import type { DihedralTransform } from './dihedral.js';

/** PDQ distance at or below which two images are reported as the same picture. */
export const PDQ_MATCH_THRESHOLD = 70;
/** pHash distance at or below which two images are reported as the same picture. */
export const PHASH_MATCH_THRESHOLD = 12;
/** PDQ distance of two unrelated images on average (half the bits). */
export const PDQ_UNRELATED_DISTANCE = 128;
/** Below this PDQ quality a hash is mostly noise (flat or tiny images); PDQ's own advice. */
export const PDQ_MIN_USEFUL_QUALITY = 50;

/** Result of {@link compareImages}. */
export interface ImageComparison {
  /** Hamming distance of the PDQ hashes, 0..256. */
  readonly pdqDistance: number;
  /** Hamming distance of the pHashes, 0..64. */
  readonly phashDistance: number;
  /**
   * `max(0, 1 - pdqDistance / 128)`: 1 for identical hashes, 0 at or beyond the distance of
   * unrelated images; `PDQ_MATCH_THRESHOLD` corresponds to {@link MATCH_SIMILARITY}.
   */
  readonly similarity: number;
}

/** Result of {@link compareImagesDihedral}: the best variant of the query. */
export interface DihedralComparison extends ImageComparison {
  /** Variant of the query that matched best (`identity` when it was the query itself). */
  readonly transform: DihedralTransform;
}

/** Similarity of two images whose PDQ distance is a given value. */
export function similarityFromPdqDistance(pdqDistance: number): number {
  return Math.max(0, 1 - pdqDistance / PDQ_UNRELATED_DISTANCE);
}

/** Similarity at {@link PDQ_MATCH_THRESHOLD}: matches score at least this. */
export const MATCH_SIMILARITY: number = 1 - PDQ_MATCH_THRESHOLD / PDQ_UNRELATED_DISTANCE;

/**
 * Distances and similarity of two images' hashes.
 *
 * @example
 * const { pdqDistance, similarity } = compareImages(hashImage(a), hashImage(b));
 * const same = pdqDistance <= PDQ_MATCH_THRESHOLD;
 */
export function compareImages(a: ImageHashes, b: ImageHashes): ImageComparison {
  const pdqDistance = hammingDistance256(a.pdq, b.pdq);
  const phashDistance = hammingDistance64(a.phash, b.phash);
  return { pdqDistance, phashDistance, similarity: similarityFromPdqDistance(pdqDistance) };
}

/**
 * Compare a query's 8 dihedral variants with a stored image; returns the variant with the
 * smallest PDQ distance (ties keep the earlier variant, so `identity` wins ties).
 */
export function compareImagesDihedral(query: DihedralHashes, stored: ImageHashes): DihedralComparison {
  let best = 0;
  let bestDistance = 257;
  const variants = query.variants;
  for (let i = 0; i < variants.length; i++) {
    const distance = hammingDistance256(variants[i].pdq, stored.pdq);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  const variant = variants[best];
  return {
    pdqDistance: bestDistance,
    phashDistance: hammingDistance64(variant.phash, stored.phash),
    similarity: similarityFromPdqDistance(bestDistance),
    transform: variant.transform,
  };
}
