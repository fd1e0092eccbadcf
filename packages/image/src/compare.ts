/**
 * Comparing image hashes: Hamming distances and a similarity score.
 *
 * Each image carries hashes of the whole picture and of its centre region. Two images are
 * compared over the four pairings (whole/centre × whole/centre) and the smallest distance
 * counts: a copy cropped by ~10 % then matches the original's centre closely, while unrelated
 * pictures stay near half the bits apart. Thresholds come from the dev corpus (see README).
 */
import { hammingDistance256, hammingDistance64 } from '@mediadna/core';
import type { DihedralHashes, ImageHashes, RegionHashes } from './hash.js';
import type { DihedralTransform } from './dihedral.js';

/**
 * PDQ distance at or below which two images are the same picture. On the dev corpus (80
 * originals, 400 edited copies in 10 transforms, dihedral + centre-region matching, decoded by
 * `@mediadna/media` with `minSide: 256`): recall 0.9825 (393/400), and none of the 31 590
 * unrelated query/original pairs within it (closest 88, 1st percentile 98).
 */
export const PDQ_MATCH_THRESHOLD = 72;
/**
 * pHash distance at or below which two images are the same picture (secondary signal: on the
 * dev corpus recall 0.9775 with the closest unrelated pair at 14, a much thinner margin).
 */
export const PHASH_MATCH_THRESHOLD = 10;
/** PDQ distance of two unrelated images on average (half the bits). */
export const PDQ_UNRELATED_DISTANCE = 128;
/** Below this PDQ quality a hash is mostly noise (flat or tiny images); PDQ's own advice. */
export const PDQ_MIN_USEFUL_QUALITY = 50;

/** Result of {@link compareImages}. */
export interface ImageComparison {
  /** Smallest Hamming distance of the PDQ hashes over the region pairings, 0..256. */
  readonly pdqDistance: number;
  /** Smallest Hamming distance of the pHashes over the region pairings, 0..64. */
  readonly phashDistance: number;
  /** From the PDQ distance, see {@link similarityFromPdqDistance}: 1 identical, ≥ 0.5 a match. */
  readonly similarity: number;
}

/** Result of {@link compareImagesDihedral}: the best variant of the query. */
export interface DihedralComparison extends ImageComparison {
  /** Variant of the query that matched best (`identity` when it was the query itself). */
  readonly transform: DihedralTransform;
}

/**
 * Similarity in [0, 1] from a PDQ distance, piecewise linear: 1 at distance 0, exactly
 * {@link MATCH_SIMILARITY} (0.5) at {@link PDQ_MATCH_THRESHOLD}, 0 at
 * {@link PDQ_UNRELATED_DISTANCE} (128, half the bits) and beyond. So `similarity >= 0.5`
 * means "match" and the scale stays comparable if the threshold is retuned.
 */
export function similarityFromPdqDistance(pdqDistance: number): number {
  if (pdqDistance <= PDQ_MATCH_THRESHOLD) return 1 - (0.5 * pdqDistance) / PDQ_MATCH_THRESHOLD;
  return Math.max(0, (0.5 * (PDQ_UNRELATED_DISTANCE - pdqDistance)) / (PDQ_UNRELATED_DISTANCE - PDQ_MATCH_THRESHOLD));
}

/** Similarity at {@link PDQ_MATCH_THRESHOLD}: matches score at least this (0.5). */
export const MATCH_SIMILARITY = 0.5;

/** Smallest PDQ distance over whole/centre × whole/centre. */
function regionPdqDistance(a: RegionHashes & { readonly centre: RegionHashes }, b: ImageHashes): number {
  return Math.min(
    hammingDistance256(a.pdq, b.pdq),
    hammingDistance256(a.pdq, b.centre.pdq),
    hammingDistance256(a.centre.pdq, b.pdq),
    hammingDistance256(a.centre.pdq, b.centre.pdq),
  );
}

/** Smallest pHash distance over whole/centre × whole/centre. */
function regionPhashDistance(a: RegionHashes & { readonly centre: RegionHashes }, b: ImageHashes): number {
  return Math.min(
    hammingDistance64(a.phash, b.phash),
    hammingDistance64(a.phash, b.centre.phash),
    hammingDistance64(a.centre.phash, b.phash),
    hammingDistance64(a.centre.phash, b.centre.phash),
  );
}

/**
 * Distances and similarity of two images' hashes (symmetric in `a` and `b`).
 *
 * @example
 * const { pdqDistance, similarity } = compareImages(hashImage(a), hashImage(b));
 * const same = pdqDistance <= PDQ_MATCH_THRESHOLD;
 */
export function compareImages(a: ImageHashes, b: ImageHashes): ImageComparison {
  const pdqDistance = regionPdqDistance(a, b);
  return { pdqDistance, phashDistance: regionPhashDistance(a, b), similarity: similarityFromPdqDistance(pdqDistance) };
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
    const distance = regionPdqDistance(variants[i], stored);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  const variant = variants[best];
  return {
    pdqDistance: bestDistance,
    phashDistance: regionPhashDistance(variant, stored),
    similarity: similarityFromPdqDistance(bestDistance),
    transform: variant.transform,
  };
}
