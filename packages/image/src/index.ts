/**
 * @mediadna/image: 64-bit DCT pHash and 256-bit PDQ hash over decoded pixels, dihedral
 * variants for flipped/rotated queries, comparison and serialisation.
 */
export { hashImage, hashImageDihedral, ImageHasher, CENTRE_REGION_FRACTION, INNER_REGION_FRACTION } from './hash.js';
export type { ImageHashes, DihedralHashes, DihedralVariant, RegionHashes, WholeImageHashes, WholeImageVariant } from './hash.js';
export {
  compareImages,
  compareImagesDihedral,
  similarityFromPdqDistance,
  pdqMatchThreshold,
  PDQ_MATCH_THRESHOLD,
  PDQ_INNER_MATCH_THRESHOLD,
  PDQ_LOW_QUALITY,
  PDQ_LOW_QUALITY_MATCH_THRESHOLD,
  PHASH_MATCH_THRESHOLD,
  PDQ_UNRELATED_DISTANCE,
  PDQ_MIN_USEFUL_QUALITY,
  MATCH_SIMILARITY,
} from './compare.js';
export type { ImageComparison, DihedralComparison, ImageRegionKind } from './compare.js';
export {
  encodeImageHashes,
  decodeImageHashes,
  encodedImageHashesLength,
  hasDihedralVariants,
  IMAGE_ALGORITHM,
  IMAGE_ALGORITHM_VERSION,
  IMAGE_HASHES_FORMAT_VERSION,
} from './encoding.js';
export { DIHEDRAL_TRANSFORMS, DIHEDRAL_INVERSE, transformRgbaImage } from './dihedral.js';
export type { DihedralTransform } from './dihedral.js';
export { rgbaToLuma, LUMA_FROM_RED, LUMA_FROM_GREEN, LUMA_FROM_BLUE } from './luma.js';
export type { RgbaImage, LumaImage, PixelImage } from './luma.js';
export { PDQ_BITS, PDQ_WORDS, MIN_HASHABLE_DIMENSION } from './pdq.js';
export { PHASH_BITS, PHASH_WORDS } from './phash.js';
