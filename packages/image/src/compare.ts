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
 * dev corpus recall 0.9775 with the closest unrelated pair at 12, a much thinner margin).
 */
export const PHASH_MATCH_THRESHOLD = 10;
/** PDQ distance of two unrelated images on average (half the bits). */
export const PDQ_UNRELATED_DISTANCE = 128;
/** Below this PDQ quality a hash is mostly noise (flat or tiny images); PDQ's own advice. */
export const PDQ_MIN_USEFUL_QUALITY = 50;
/**
 * Quality under which a picture is near-flat (a plain wallpaper, a blank page): its 256 bits
 * follow faint gradients and JPEG noise, so it can sit unusually close to unrelated hashes.
 */
export const PDQ_LOW_QUALITY = 10;
/**
 * Stricter PDQ threshold when either image has quality below {@link PDQ_LOW_QUALITY}. On the dev
 * corpus, copies of such originals lie at ≤ 50 bits (apart from logo/caption overlays, which
 * are lost either way) while a near-flat GNOME wallpaper (quality 0) sat 70 bits from an
 * unrelated one.
 */
export const PDQ_LOW_QUALITY_MATCH_THRESHOLD = 56;

/** Result of {@link compareImages}. */
export interface ImageComparison {
  /** Smallest Hamming distance of the PDQ hashes over the region pairings, 0..256. */
  readonly pdqDistance: number;
  /** Smallest Hamming distance of the pHashes over the region pairings, 0..64. */
  readonly phashDistance: number;
  /**
   * From the PDQ distance and the pair's threshold ({@link pdqMatchThreshold}), see
   * {@link similarityFromPdqDistance}: 1 identical, ≥ 0.5 exactly when `match`.
   */
  readonly similarity: number;
  /** `pdqDistance <= pdqMatchThreshold(a.quality, b.quality)`. */
  readonly match: boolean;
}

/** Result of {@link compareImagesDihedral}: the best variant of the query. */
export interface DihedralComparison extends ImageComparison {
  /** Variant of the query that matched best (`identity` when it was the query itself). */
  readonly transform: DihedralTransform;
}

/**
 * The PDQ match threshold for two images of the given qualities:
 * {@link PDQ_LOW_QUALITY_MATCH_THRESHOLD} (56) when either is below {@link PDQ_LOW_QUALITY},
 * else {@link PDQ_MATCH_THRESHOLD} (72).
 */
export function pdqMatchThreshold(qualityA: number, qualityB: number): number {
  return Math.min(qualityA, qualityB) < PDQ_LOW_QUALITY ? PDQ_LOW_QUALITY_MATCH_THRESHOLD : PDQ_MATCH_THRESHOLD;
}

/**
 * Similarity in [0, 1] from a PDQ distance, piecewise linear: 1 at distance 0, exactly
 * {@link MATCH_SIMILARITY} (0.5) at `threshold` (default {@link PDQ_MATCH_THRESHOLD}), 0 at
 * {@link PDQ_UNRELATED_DISTANCE} (128, half the bits) and beyond. So `similarity >= 0.5`
 * means "match" and the scale stays comparable if the threshold is retuned.
 * @param threshold match threshold in bits, 1..127
 */
export function similarityFromPdqDistance(pdqDistance: number, threshold: number = PDQ_MATCH_THRESHOLD): number {
  if (pdqDistance <= threshold) return 1 - (0.5 * pdqDistance) / threshold;
  return Math.max(0, (0.5 * (PDQ_UNRELATED_DISTANCE - pdqDistance)) / (PDQ_UNRELATED_DISTANCE - threshold));
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
 * const { pdqDistance, similarity, match } = compareImages(hashImage(a), hashImage(b));
 */
export function compareImages(a: ImageHashes, b: ImageHashes): ImageComparison {
  const pdqDistance = regionPdqDistance(a, b);
  const threshold = pdqMatchThreshold(a.quality, b.quality);
  return {
    pdqDistance,
    phashDistance: regionPhashDistance(a, b),
    similarity: similarityFromPdqDistance(pdqDistance, threshold),
    match: pdqDistance <= threshold,
  };
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
  const threshold = pdqMatchThreshold(query.quality, stored.quality);
  return {
    pdqDistance: bestDistance,
    phashDistance: regionPhashDistance(variant, stored),
    similarity: similarityFromPdqDistance(bestDistance, threshold),
    match: bestDistance <= threshold,
    transform: variant.transform,
  };
}
