/**
 * The image hashing pipeline: one pass over the pixels feeds every hash.
 *
 * Large images are first box-averaged by an integer factor k to a shorter side of 256..511 px
 * (`reduce.ts`). Each working row becomes luma prefix sums once. Three regions read them: the
 * whole image, its centre (5 % trimmed from every edge, so a copy cropped by about 10 % matches
 * the stored image's centre) and its inner part (15 % trimmed from every edge, so a logo in a
 * corner or a caption along an edge leaves it untouched). Per region a Jarosz downsampler (PDQ) and an area averager (pHash) consume
 * the rows; then PDQ quality (whole image), the DCT blocks, median thresholds, and for queries
 * the dihedral variants from sign flips of the DCT blocks.
 */
import { invalidParameter } from '@mediadna/core';
import { validatePixelImage, isLumaImage, rgbaRowToLumaPrefix, lumaRowToPrefix } from './luma.js';
import type { PixelImage } from './luma.js';
import { JaroszDownsampler, grow } from './jarosz.js';
import { AreaAverager, PHASH_DCT_SIDE, PHASH_RESIZE_SIDE, PHASH_WORDS, phashDctFromResized, phashFromDct } from './phash.js';
import {
  MIN_HASHABLE_DIMENSION,
  PDQ_DCT_SIDE,
  PDQ_DOWNSAMPLE_SIDE,
  PDQ_WORDS,
  pdqDctFromDownsample,
  pdqFromDct,
} from './pdq.js';
import { pdqQuality } from './quality.js';
import { BoxReducer, reductionFactor } from './reduce.js';
import { DIHEDRAL_TRANSFORMS, transformDctBlock } from './dihedral.js';
import type { DihedralTransform } from './dihedral.js';

/** Share of each side the centre region keeps: 0.9, i.e. 5 % trimmed from every edge. */
export const CENTRE_REGION_FRACTION = 0.9;
/**
 * Share of each side the inner region keeps: 0.7, i.e. 15 % trimmed from every edge. Overlays
 * (watermark logos in a corner, captions along the bottom) mostly fall outside it; on the dev
 * corpus overlaid copies lie at most 14 bits from their original's inner hash (up to 118 for
 * the whole picture).
 */
export const INNER_REGION_FRACTION = 0.7;

/** The two hashes of one region. */
export interface RegionHashes {
  /** 64-bit DCT pHash, 2 words, word 0 most significant. */
  readonly phash: Uint32Array;
  /** 256-bit PDQ hash, 8 words, word 0 most significant (hex reads like ThreatExchange's). */
  readonly pdq: Uint32Array;
}

/** All hashes of one image. */
export interface ImageHashes extends RegionHashes {
  /** PDQ quality 0..100 of the whole image; below ~50 (flat or tiny images) hashes are noisy. */
  readonly quality: number;
  /** Source width in pixels. */
  readonly width: number;
  /** Source height in pixels. */
  readonly height: number;
  /** Hashes of the centre region ({@link CENTRE_REGION_FRACTION} of each side). */
  readonly centre: RegionHashes;
  /** Hashes of the inner region ({@link INNER_REGION_FRACTION} of each side). */
  readonly inner: RegionHashes;
}

/** Hashes of the input under one dihedral transform. */
export interface DihedralVariant extends RegionHashes {
  readonly transform: DihedralTransform;
  /** Centre-region hashes of the transformed image. */
  readonly centre: RegionHashes;
  /** Inner-region hashes of the transformed image. */
  readonly inner: RegionHashes;
}

/** The input's hashes plus all 8 dihedral variants (`variants[0]` is `identity`, same hashes). */
export interface DihedralHashes extends ImageHashes {
  /** In {@link DIHEDRAL_TRANSFORMS} order. */
  readonly variants: readonly DihedralVariant[];
}

/** Whole-picture hashes of the input under one dihedral transform (see {@link ImageHasher.hashWhole}). */
export interface WholeImageVariant extends RegionHashes {
  readonly transform: DihedralTransform;
}

/** Whole-picture hashes only, for the requested transforms (see {@link ImageHasher.hashWhole}). */
export interface WholeImageHashes extends RegionHashes {
  /** PDQ quality 0..100 of the whole image. */
  readonly quality: number;
  readonly width: number;
  readonly height: number;
  /** One entry per requested transform, in the order asked for. */
  readonly variants: readonly WholeImageVariant[];
}

/** Per-region stages and buffers (allocated once). */
class RegionPipeline {
  readonly jarosz: JaroszDownsampler = new JaroszDownsampler(PDQ_DOWNSAMPLE_SIDE);
  readonly area: AreaAverager = new AreaAverager(PHASH_RESIZE_SIDE);
  readonly buffer64x64: Float32Array = new Float32Array(PDQ_DOWNSAMPLE_SIDE * PDQ_DOWNSAMPLE_SIDE);
  readonly resized32x32: Float32Array = new Float32Array(PHASH_RESIZE_SIDE * PHASH_RESIZE_SIDE);
  readonly scratch64x64: Float32Array = new Float32Array(PDQ_DOWNSAMPLE_SIDE * PDQ_DOWNSAMPLE_SIDE);
  readonly scratch32x32: Float32Array = new Float32Array(PHASH_RESIZE_SIDE * PHASH_RESIZE_SIDE);
  readonly dct16x16: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);
  readonly dct8x8: Float32Array = new Float32Array(PHASH_DCT_SIDE * PHASH_DCT_SIDE);
  left = 0;
  top = 0;
  width = 0;
  height = 0;

  begin(left: number, top: number, width: number, height: number): void {
    this.left = left;
    this.top = top;
    this.width = width;
    this.height = height;
    this.jarosz.begin(width, height);
    this.area.begin(width, height);
  }

  finish(): void {
    this.jarosz.finish(this.buffer64x64);
    this.area.finish(this.resized32x32);
    pdqDctFromDownsample(this.buffer64x64, this.scratch64x64, this.dct16x16);
    phashDctFromResized(this.resized32x32, this.scratch32x32, this.dct8x8);
  }
}

/**
 * Reusable hasher: all scratch buffers are allocated once and grown by doubling, so hashing
 * many images allocates only the returned hashes. Calls are synchronous; use one instance per
 * worker thread.
 *
 * @example
 * const hasher = new ImageHasher();
 * for (const image of images) store(hasher.hash(image));
 */
export class ImageHasher {
  private prefix: Float64Array = new Float64Array(0); // width + 1
  private readonly whole: RegionPipeline = new RegionPipeline();
  private readonly centre: RegionPipeline = new RegionPipeline();
  private readonly inner: RegionPipeline = new RegionPipeline();
  private readonly reducer: BoxReducer = new BoxReducer();
  private readonly transformed16x16: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);
  private readonly transformed8x8: Float32Array = new Float32Array(PHASH_DCT_SIDE * PHASH_DCT_SIDE);
  private readonly sortScratch: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);
  /** False while {@link hashWhole} runs: the centre and inner regions are skipped. */
  private allRegions = true;

  /**
   * Hash one image (RGBA bytes or a luma plane). Cost: one pass over the pixels (luma and a
   * k x k box pre-shrink to a shorter side of 256..511 px), then the filters on the small image.
   * Images under 5 px on a side hash to zeros with quality 0.
   * Throws `DnaError` `InvalidParameter` for a malformed image.
   */
  hash(image: PixelImage): ImageHashes {
    validatePixelImage(image, 'image');
    const quality = this.run(image);
    const whole = this.regionHashes(this.whole, 'identity', quality >= 0);
    const centre = this.regionHashes(this.centre, 'identity', quality >= 0);
    const inner = this.regionHashes(this.inner, 'identity', quality >= 0);
    return { phash: whole.phash, pdq: whole.pdq, quality: Math.max(0, quality), width: image.width, height: image.height, centre, inner };
  }

  /** Hash one image and derive the hashes of its 8 dihedral variants from the DCT blocks. */
  hashDihedral(image: PixelImage): DihedralHashes {
    validatePixelImage(image, 'image');
    const quality = this.run(image);
    const variants: DihedralVariant[] = [];
    for (const transform of DIHEDRAL_TRANSFORMS) {
      const whole = this.regionHashes(this.whole, transform, quality >= 0);
      const centre = this.regionHashes(this.centre, transform, quality >= 0);
      const inner = this.regionHashes(this.inner, transform, quality >= 0);
      variants.push({ transform, phash: whole.phash, pdq: whole.pdq, centre, inner });
    }
    const identity = variants[0];
    return {
      phash: identity.phash,
      pdq: identity.pdq,
      quality: Math.max(0, quality),
      width: image.width,
      height: image.height,
      centre: identity.centre,
      inner: identity.inner,
      variants,
    };
  }

  /**
   * Whole-picture hashes only (no centre or inner region), under the given dihedral transforms
   * (default: identity only). About a third of {@link hash}'s filter work, for callers that
   * crop and compare regions themselves, e.g. video frames. The whole-picture hashes equal
   * those of {@link hash} / {@link hashDihedral}.
   *
   * @example
   * const { pdq, variants } = hasher.hashWhole(frame, ['identity', 'flip']); // variants[1].pdq: mirrored
   */
  hashWhole(image: PixelImage, transforms: readonly DihedralTransform[] = ['identity']): WholeImageHashes {
    validatePixelImage(image, 'image');
    if (!Array.isArray(transforms) || !transforms.every((transform) => DIHEDRAL_TRANSFORMS.includes(transform))) {
      throw invalidParameter('hashWhole', 'transforms', `an array of ${DIHEDRAL_TRANSFORMS.join(', ')}`, transforms);
    }
    this.allRegions = false;
    let quality: number;
    try {
      quality = this.run(image);
    } finally {
      this.allRegions = true;
    }
    const variants: WholeImageVariant[] = [];
    for (const transform of transforms) {
      const whole = this.regionHashes(this.whole, transform, quality >= 0);
      variants.push({ transform, phash: whole.phash, pdq: whole.pdq });
    }
    const identity = variants.find((variant) => variant.transform === 'identity') ?? this.regionHashes(this.whole, 'identity', quality >= 0);
    return { phash: identity.phash, pdq: identity.pdq, quality: Math.max(0, quality), width: image.width, height: image.height, variants };
  }

  /** Threshold one region's (transformed) DCT blocks into new hash arrays; zeros when not hashable. */
  private regionHashes(region: RegionPipeline, transform: DihedralTransform, hashable: boolean): RegionHashes {
    const phash = new Uint32Array(PHASH_WORDS);
    const pdq = new Uint32Array(PDQ_WORDS);
    if (!hashable) return { phash, pdq };
    if (transform === 'identity') {
      phashFromDct(region.dct8x8, this.sortScratch, phash);
      pdqFromDct(region.dct16x16, this.sortScratch, pdq);
    } else {
      transformDctBlock(region.dct8x8, PHASH_DCT_SIDE, transform, this.transformed8x8);
      phashFromDct(this.transformed8x8, this.sortScratch, phash);
      transformDctBlock(region.dct16x16, PDQ_DCT_SIDE, transform, this.transformed16x16);
      pdqFromDct(this.transformed16x16, this.sortScratch, pdq);
    }
    return { phash, pdq };
  }

  /**
   * Stream the rows through both regions, fill their DCT blocks and return the quality, or -1
   * for an image too small to hash (its hashes stay zero).
   */
  private run(image: PixelImage): number {
    const { width, height } = image;
    if (width < MIN_HASHABLE_DIMENSION || height < MIN_HASHABLE_DIMENSION) return -1;
    if (this.prefix.length < width + 1) this.prefix = new Float64Array(grow(this.prefix.length, width + 1));
    const prefix = this.prefix;
    const factor = reductionFactor(width, height);
    const reducer = this.reducer;
    reducer.begin(width, height, factor);
    const workWidth = factor === 1 ? width : reducer.width;
    const workHeight = factor === 1 ? height : reducer.height;
    this.beginRegions(workWidth, workHeight);
    const luma = isLumaImage(image) ? image.luma : null;
    const data = isLumaImage(image) ? null : image.data;
    for (let y = 0; y < height; y++) {
      let row: number;
      if (factor > 1 && data !== null) {
        row = reducer.pushRgbaRow(data, width, y);
      } else {
        if (luma !== null) lumaRowToPrefix(luma, width, y, prefix);
        else rgbaRowToLumaPrefix(data!, width, y, prefix);
        if (factor === 1) {
          this.feedRegions(prefix, y);
          continue;
        }
        row = reducer.pushRow(prefix, y);
      }
      if (row >= 0) this.feedRegions(reducer.rowPrefix, row);
    }
    this.whole.finish();
    if (this.allRegions) {
      this.centre.finish();
      this.inner.finish();
    }
    return pdqQuality(this.whole.buffer64x64, PDQ_DOWNSAMPLE_SIDE);
  }

  /** Set up the whole-image, centre and inner regions on the (possibly reduced) working image. */
  private beginRegions(width: number, height: number): void {
    this.whole.begin(0, 0, width, height);
    if (!this.allRegions) return;
    beginCentred(this.centre, width, height, CENTRE_REGION_FRACTION);
    beginCentred(this.inner, width, height, INNER_REGION_FRACTION);
  }

  /** One working-image row (prefix sums) into every region. */
  private feedRegions(prefix: Float64Array, row: number): void {
    const whole = this.whole;
    whole.jarosz.pushRow(prefix, 0);
    whole.area.pushRow(prefix, 0);
    if (!this.allRegions) return;
    feedCentred(this.centre, prefix, row);
    feedCentred(this.inner, prefix, row);
  }
}

/**
 * Start a centred region keeping `fraction` of each side. The trim is the same on opposite
 * edges, so the region commutes with the dihedral transforms. At least
 * {@link MIN_HASHABLE_DIMENSION} pixels are kept on each side.
 */
function beginCentred(region: RegionPipeline, width: number, height: number, fraction: number): void {
  const trimX = Math.min(Math.round((width * (1 - fraction)) / 2), Math.max(0, (width - MIN_HASHABLE_DIMENSION) >> 1));
  const trimY = Math.min(Math.round((height * (1 - fraction)) / 2), Math.max(0, (height - MIN_HASHABLE_DIMENSION) >> 1));
  region.begin(trimX, trimY, width - 2 * trimX, height - 2 * trimY);
}

/** One working-image row into a centred region, when the row falls inside it. */
function feedCentred(region: RegionPipeline, prefix: Float64Array, row: number): void {
  if (row >= region.top && row < region.top + region.height) {
    region.jarosz.pushRow(prefix, region.left);
    region.area.pushRow(prefix, region.left);
  }
}

let sharedHasher: ImageHasher | undefined;

/**
 * 64-bit pHash and 256-bit PDQ hash (with PDQ quality) of decoded pixels, for the whole image,
 * its centre region and its inner region. Uses one module-level {@link ImageHasher}, so scratch buffers are
 * reused across calls. Images under 5 px on a side hash to zeros with quality 0.
 *
 * @example
 * const hashes = hashImage({ width, height, data }); // data: RGBA bytes
 * wordsToHex(hashes.pdq); // 64 hex digits
 */
export function hashImage(image: PixelImage): ImageHashes {
  sharedHasher ??= new ImageHasher();
  return sharedHasher.hash(image);
}

/**
 * {@link hashImage} plus the hashes of the 8 dihedral transforms of the image (for queries:
 * finds flipped and rotated copies). Costs about one {@link hashImage}.
 *
 * @example
 * const query = hashImageDihedral(pixels);
 * query.variants.find((v) => v.transform === 'rotate270');
 */
export function hashImageDihedral(image: PixelImage): DihedralHashes {
  sharedHasher ??= new ImageHasher();
  return sharedHasher.hashDihedral(image);
}
