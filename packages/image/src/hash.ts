/**
 * The image hashing pipeline: one pass over the pixels feeds both hashes.
 *
 * Each source row becomes luma prefix sums once; the PDQ Jarosz downsampler and the pHash area
 * averager both read them. Then: PDQ quality, the two DCT blocks, median thresholds, and (for
 * queries) the dihedral variants from sign flips of the DCT blocks.
 */
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
import { DIHEDRAL_TRANSFORMS, transformDctBlock } from './dihedral.js';
import type { DihedralTransform } from './dihedral.js';

/** Both hashes of one image. */
export interface ImageHashes {
  /** 64-bit DCT pHash, 2 words, word 0 most significant. */
  readonly phash: Uint32Array;
  /** 256-bit PDQ hash, 8 words, word 0 most significant (hex equals ThreatExchange's). */
  readonly pdq: Uint32Array;
  /** PDQ quality 0..100; below ~50 the hashes of near-flat images are unreliable. */
  readonly quality: number;
  /** Source width in pixels. */
  readonly width: number;
  /** Source height in pixels. */
  readonly height: number;
}

/** Hashes of the input under one dihedral transform. */
export interface DihedralVariant {
  readonly transform: DihedralTransform;
  /** 64-bit pHash of the transformed image. */
  readonly phash: Uint32Array;
  /** 256-bit PDQ hash of the transformed image. */
  readonly pdq: Uint32Array;
}

/** The input's hashes plus all 8 dihedral variants (`variants[0]` is `identity`, same hashes). */
export interface DihedralHashes extends ImageHashes {
  /** In {@link DIHEDRAL_TRANSFORMS} order. */
  readonly variants: readonly DihedralVariant[];
}

/**
 * Reusable hasher: all scratch buffers are allocated once and grown by doubling, so hashing
 * many images allocates only the returned hashes. Not safe for concurrent use from several
 * async contexts sharing one instance mid-call (calls are synchronous, so this only matters
 * across workers, which each need their own).
 *
 * @example
 * const hasher = new ImageHasher();
 * for (const image of images) store(hasher.hash(image));
 */
export class ImageHasher {
  private prefix: Float64Array = new Float64Array(0); // width + 1
  private readonly jarosz: JaroszDownsampler = new JaroszDownsampler(PDQ_DOWNSAMPLE_SIDE);
  private readonly area: AreaAverager = new AreaAverager(PHASH_RESIZE_SIDE);
  private readonly buffer64x64: Float32Array = new Float32Array(PDQ_DOWNSAMPLE_SIDE * PDQ_DOWNSAMPLE_SIDE);
  private readonly resized32x32: Float32Array = new Float32Array(PHASH_RESIZE_SIDE * PHASH_RESIZE_SIDE);
  private readonly scratch16x64: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DOWNSAMPLE_SIDE);
  private readonly scratch8x32: Float32Array = new Float32Array(PHASH_DCT_SIDE * PHASH_RESIZE_SIDE);
  private readonly dct16x16: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);
  private readonly dct8x8: Float32Array = new Float32Array(PHASH_DCT_SIDE * PHASH_DCT_SIDE);
  private readonly transformed16x16: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);
  private readonly transformed8x8: Float32Array = new Float32Array(PHASH_DCT_SIDE * PHASH_DCT_SIDE);
  private readonly sortScratch: Float32Array = new Float32Array(PDQ_DCT_SIDE * PDQ_DCT_SIDE);

  /**
   * Hash one image (RGBA bytes or a luma plane). Cost is one pass over the pixels (about 3 ns
   * per pixel) plus a fixed ~0.1 ms. Throws `DnaError` `InvalidParameter` for a malformed image.
   */
  hash(image: PixelImage): ImageHashes {
    validatePixelImage(image, 'image');
    const quality = this.run(image);
    const phash = new Uint32Array(PHASH_WORDS);
    const pdq = new Uint32Array(PDQ_WORDS);
    if (quality >= 0) {
      phashFromDct(this.dct8x8, this.sortScratch, phash);
      pdqFromDct(this.dct16x16, this.sortScratch, pdq);
    }
    return { phash, pdq, quality: Math.max(0, quality), width: image.width, height: image.height };
  }

  /** Hash one image and derive the hashes of its 8 dihedral variants from the DCT blocks. */
  hashDihedral(image: PixelImage): DihedralHashes {
    validatePixelImage(image, 'image');
    const quality = this.run(image);
    const variants: DihedralVariant[] = [];
    for (const transform of DIHEDRAL_TRANSFORMS) {
      const phash = new Uint32Array(PHASH_WORDS);
      const pdq = new Uint32Array(PDQ_WORDS);
      if (quality >= 0) {
        transformDctBlock(this.dct8x8, PHASH_DCT_SIDE, transform, this.transformed8x8);
        phashFromDct(this.transformed8x8, this.sortScratch, phash);
        transformDctBlock(this.dct16x16, PDQ_DCT_SIDE, transform, this.transformed16x16);
        pdqFromDct(this.transformed16x16, this.sortScratch, pdq);
      }
      variants.push({ transform, phash, pdq });
    }
    const identity = variants[0];
    return { phash: identity.phash, pdq: identity.pdq, quality: Math.max(0, quality), width: image.width, height: image.height, variants };
  }

  /**
   * Stream the rows, fill the DCT blocks and return the quality, or -1 for an image too small
   * to hash (its hashes stay zero).
   */
  private run(image: PixelImage): number {
    const { width, height } = image;
    if (width < MIN_HASHABLE_DIMENSION || height < MIN_HASHABLE_DIMENSION) return -1;
    if (this.prefix.length < width + 1) this.prefix = new Float64Array(grow(this.prefix.length, width + 1));
    const prefix = this.prefix;
    const jarosz = this.jarosz;
    const area = this.area;
    jarosz.begin(width, height);
    area.begin(width, height);
    if (isLumaImage(image)) {
      const luma = image.luma;
      for (let y = 0; y < height; y++) {
        lumaRowToPrefix(luma, width, y, prefix);
        jarosz.pushRow(prefix);
        area.pushRow(prefix);
      }
    } else {
      const data = image.data;
      for (let y = 0; y < height; y++) {
        rgbaRowToLumaPrefix(data, width, y, prefix);
        jarosz.pushRow(prefix);
        area.pushRow(prefix);
      }
    }
    jarosz.finish(this.buffer64x64);
    area.finish(this.resized32x32);
    pdqDctFromDownsample(this.buffer64x64, this.scratch16x64, this.dct16x16);
    phashDctFromResized(this.resized32x32, this.scratch8x32, this.dct8x8);
    return pdqQuality(this.buffer64x64, PDQ_DOWNSAMPLE_SIDE);
  }
}

let sharedHasher: ImageHasher | undefined;

/**
 * 64-bit pHash and 256-bit PDQ hash (with its quality) of decoded pixels.
 * Uses one module-level {@link ImageHasher}, so its scratch buffers are reused across calls.
 * Images under 5 px on a side hash to zeros with quality 0.
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
 * finds flipped and rotated copies). About the cost of one {@link hashImage}.
 *
 * @example
 * const query = hashImageDihedral(pixels);
 * query.variants.find((v) => v.transform === 'rotate270');
 */
export function hashImageDihedral(image: PixelImage): DihedralHashes {
  sharedHasher ??= new ImageHasher();
  return sharedHasher.hashDihedral(image);
}
