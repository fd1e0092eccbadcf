/**
 * Comparing image hashes: Hamming distances and a similarity score.
 *
 * Each image carries hashes of the whole picture, its centre region and its inner region. Two
 * images are compared over the four pairings (whole/centre × whole/centre), where the smallest
 * distance counts (a copy cropped by ~10 % matches the original's centre closely), and over
 * their inner regions (a copy with a logo or caption added matches there), each against its
 * own threshold; unrelated pictures stay near half the bits apart. Thresholds depend on both
 * images' PDQ quality and come from the dev corpus (see README).
 */
import { hammingDistance256, hammingDistance64 } from '@mediadna/core';
import type { DihedralHashes, ImageHashes, RegionHashes } from './hash.js';
import type { DihedralTransform } from './dihedral.js';

/**
 * PDQ distance at or below which two images are the same picture, for the whole-picture and
 * centre hashes (the `'whole'` {@link ImageRegionKind}). On the dev corpus (80 originals, 400
 * edited copies in 10 transforms, dihedral + centre-region matching, decoded by
 * `@mediadna/media` with `minSide: 256`): none of the 39 118 unrelated query/original pairs of
 * normal quality within it (closest 88, 0.1st percentile 92).
 */
export const PDQ_MATCH_THRESHOLD = 72;
/**
 * PDQ distance at or below which the inner regions (`INNER_REGION_FRACTION`, 70 % of each side) of two
 * images count as the same picture. Overlaid copies lie at ≤ 18 bits from their original's
 * inner hash on the dev corpus; unrelated pairs at ≥ 94 (0.1st percentile 98). Set 8 bits
 * under {@link PDQ_MATCH_THRESHOLD}, because this second comparison per pair is a second chance
 * for a false match: a 30-bit margin to the closest unrelated pair.
 */
export const PDQ_INNER_MATCH_THRESHOLD = 64;
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
 * Stricter PDQ threshold, for every region kind, when either image has quality below
 * {@link PDQ_LOW_QUALITY}. On the dev corpus, copies of such originals lie at ≤ 50 bits (whole
 * picture; overlays are found by their inner region at ≤ 14) while a near-flat GNOME
 * wallpaper (quality 0) sat 70 bits from an unrelated one.
 */
export const PDQ_LOW_QUALITY_MATCH_THRESHOLD = 56;

/**
 * Which hashes a distance compares: `'whole'` = whole picture or centre region on either side
 * (the four pairings), `'inner'` = the inner regions of both.
 */
export type ImageRegionKind = 'whole' | 'inner';

/** Result of {@link compareImages}. */
export interface ImageComparison {
  /**
   * PDQ Hamming distance (0..256) of the region pairing that scored best: the smallest
   * distance relative to its kind's threshold (see {@link region}).
   */
  readonly pdqDistance: number;
  /** Which kind of region pairing gave {@link pdqDistance}. */
  readonly region: ImageRegionKind;
  /** Smallest Hamming distance of the pHashes over the whole/centre pairings, 0..64. */
  readonly phashDistance: number;
  /**
   * From the PDQ distance and its threshold ({@link pdqMatchThreshold} for the pair's qualities
   * and region kind), see {@link similarityFromPdqDistance}: 1 identical, ≥ 0.5 exactly when `match`.
   */
  readonly similarity: number;
  /** `pdqDistance <= pdqMatchThreshold(a.quality, b.quality, region)`. */
  readonly match: boolean;
}

/** Result of {@link compareImagesDihedral}: the best variant of the query. */
export interface DihedralComparison extends ImageComparison {
  /** Variant of the query that matched best (`identity` when it was the query itself). */
  readonly transform: DihedralTransform;
}

/**
 * The PDQ match threshold for two images of the given qualities and a region kind:
 * {@link PDQ_LOW_QUALITY_MATCH_THRESHOLD} (56) when either is below {@link PDQ_LOW_QUALITY},
 * else {@link PDQ_MATCH_THRESHOLD} (72) for `'whole'` and {@link PDQ_INNER_MATCH_THRESHOLD}
 * (64) for `'inner'`.
 */
export function pdqMatchThreshold(qualityA: number, qualityB: number, region: ImageRegionKind = 'whole'): number {
  if (Math.min(qualityA, qualityB) < PDQ_LOW_QUALITY) return PDQ_LOW_QUALITY_MATCH_THRESHOLD;
  return region === 'inner' ? PDQ_INNER_MATCH_THRESHOLD : PDQ_MATCH_THRESHOLD;
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

/** Best-scoring region pairing of one query variant and a stored image. */
interface RegionScore {
  readonly distance: number;
  readonly region: ImageRegionKind;
  readonly threshold: number;
  readonly similarity: number;
}

/** Score the whole/centre pairings and the inner pairing; the higher similarity wins (whole on ties). */
function scoreRegions(
  a: RegionHashes & { readonly centre: RegionHashes; readonly inner: RegionHashes },
  b: ImageHashes,
  qualityA: number,
): RegionScore {
  const wholeDistance = regionPdqDistance(a, b);
  const wholeThreshold = pdqMatchThreshold(qualityA, b.quality, 'whole');
  const wholeSimilarity = similarityFromPdqDistance(wholeDistance, wholeThreshold);
  const innerDistance = hammingDistance256(a.inner.pdq, b.inner.pdq);
  const innerThreshold = pdqMatchThreshold(qualityA, b.quality, 'inner');
  const innerSimilarity = similarityFromPdqDistance(innerDistance, innerThreshold);
  return innerSimilarity > wholeSimilarity
    ? { distance: innerDistance, region: 'inner', threshold: innerThreshold, similarity: innerSimilarity }
    : { distance: wholeDistance, region: 'whole', threshold: wholeThreshold, similarity: wholeSimilarity };
}

/**
 * Distances and similarity of two images' hashes (symmetric in `a` and `b`): the whole/centre
 * pairings and the inner pairing are each scored against their own threshold and the better
 * one counts, so a copy with a logo or caption added matches through its inner region.
 *
 * @example
 * const { pdqDistance, similarity, match } = compareImages(hashImage(a), hashImage(b));
 */
export function compareImages(a: ImageHashes, b: ImageHashes): ImageComparison {
  const best = scoreRegions(a, b, a.quality);
  return {
    pdqDistance: best.distance,
    region: best.region,
    phashDistance: regionPhashDistance(a, b),
    similarity: best.similarity,
    match: best.distance <= best.threshold,
  };
}

/**
 * Compare a query's 8 dihedral variants with a stored image; returns the variant with the
 * highest similarity (ties keep the earlier variant, so `identity` wins ties).
 */
export function compareImagesDihedral(query: DihedralHashes, stored: ImageHashes): DihedralComparison {
  let best = 0;
  let bestScore: RegionScore | undefined;
  const variants = query.variants;
  for (let i = 0; i < variants.length; i++) {
    const score = scoreRegions(variants[i], stored, query.quality);
    if (bestScore === undefined || score.similarity > bestScore.similarity) {
      bestScore = score;
      best = i;
    }
  }
  const variant = variants[best];
  const score = bestScore!;
  return {
    pdqDistance: score.distance,
    region: score.region,
    phashDistance: regionPhashDistance(variant, stored),
    similarity: score.similarity,
    match: score.distance <= score.threshold,
    transform: variant.transform,
  };
}
