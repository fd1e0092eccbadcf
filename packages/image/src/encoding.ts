/**
 * Serialised image hashes: the blob the DNA store keeps per image (and a query's blob, with
 * its dihedral variants).
 *
 * Layout, version 2 (all multi-byte integers little-endian, hash words big-endian so the hash
 * bytes read like the hex string):
 * | offset | size     | field                                                        |
 * |--------|----------|--------------------------------------------------------------|
 * | 0      | 1        | format version, {@link IMAGE_HASHES_FORMAT_VERSION} (2)      |
 * | 1      | 1        | algorithm id: 1 = `image/phash64+pdq256`                     |
 * | 2      | 1        | PDQ quality 0..100                                           |
 * | 3      | 1        | variant count: 1 (identity only) or 8 (dihedral, in order)   |
 * | 4      | 4        | width (u32)                                                  |
 * | 8      | 4        | height (u32)                                                 |
 * | 12     | 120 each | per variant: whole-image pHash (8 bytes) and PDQ (32), then  |
 * |        |          | centre-region pHash (8) and PDQ (32), then inner-region      |
 * |        |          | pHash (8) and PDQ (32)                                       |
 * So a plain blob is 132 bytes and a dihedral one 972. Version 1 (no inner region, 92 / 652
 * bytes) is refused: its libraries must be re-fingerprinted.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { DIHEDRAL_TRANSFORMS } from './dihedral.js';
import type { DihedralHashes, DihedralVariant, ImageHashes, RegionHashes } from './hash.js';
import { PDQ_WORDS } from './pdq.js';
import { PHASH_WORDS } from './phash.js';

/** Algorithm name stored with image fingerprints. */
export const IMAGE_ALGORITHM = 'image/phash64+pdq256';
/** Bumped whenever stored hashes stop being comparable with new ones. */
export const IMAGE_ALGORITHM_VERSION = 2;
/** Version byte of the blob layout. */
export const IMAGE_HASHES_FORMAT_VERSION = 2;

const ALGORITHM_ID = 1;
const HEADER_BYTES = 12;
const REGION_BYTES = (PHASH_WORDS + PDQ_WORDS) * 4;
const VARIANT_BYTES = 3 * REGION_BYTES;

/** Bytes of an encoded blob with `variantCount` variants (1 or 8). */
export function encodedImageHashesLength(variantCount: number): number {
  return HEADER_BYTES + variantCount * VARIANT_BYTES;
}

/** True when `hashes` carries dihedral variants. */
export function hasDihedralVariants(hashes: ImageHashes): hashes is DihedralHashes {
  return Array.isArray((hashes as DihedralHashes).variants);
}

function writeWords(view: DataView, offset: number, words: Uint32Array, count: number): number {
  for (let i = 0; i < count; i++, offset += 4) view.setUint32(offset, words[i], false);
  return offset;
}

function readWords(view: DataView, offset: number, count: number): Uint32Array {
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = view.getUint32(offset + i * 4, false);
  return words;
}

function readRegion(view: DataView, offset: number): RegionHashes {
  return { phash: readWords(view, offset, PHASH_WORDS), pdq: readWords(view, offset + PHASH_WORDS * 4, PDQ_WORDS) };
}

/**
 * Serialise hashes (with their 8 variants when given {@link DihedralHashes}).
 * @example const blob = encodeImageHashes(hashImage(pixels)); // 132 bytes
 */
export function encodeImageHashes(hashes: ImageHashes | DihedralHashes): Uint8Array {
  const variants: readonly (RegionHashes & { readonly centre: RegionHashes; readonly inner: RegionHashes })[] = hasDihedralVariants(hashes) ? hashes.variants : [hashes];
  const bytes = new Uint8Array(encodedImageHashesLength(variants.length));
  const view = new DataView(bytes.buffer);
  bytes[0] = IMAGE_HASHES_FORMAT_VERSION;
  bytes[1] = ALGORITHM_ID;
  bytes[2] = Math.max(0, Math.min(100, Math.round(hashes.quality)));
  bytes[3] = variants.length;
  view.setUint32(4, hashes.width, true);
  view.setUint32(8, hashes.height, true);
  let offset = HEADER_BYTES;
  for (const variant of variants) {
    offset = writeWords(view, offset, variant.phash, PHASH_WORDS);
    offset = writeWords(view, offset, variant.pdq, PDQ_WORDS);
    offset = writeWords(view, offset, variant.centre.phash, PHASH_WORDS);
    offset = writeWords(view, offset, variant.centre.pdq, PDQ_WORDS);
    offset = writeWords(view, offset, variant.inner.phash, PHASH_WORDS);
    offset = writeWords(view, offset, variant.inner.pdq, PDQ_WORDS);
  }
  return bytes;
}

/**
 * Parse a blob written by {@link encodeImageHashes}. Returns {@link DihedralHashes} when the blob
 * has 8 variants. Throws `DnaError` `Library.IncompatibleVersion` for another format version or
 * algorithm, `InvalidParameter` for a malformed blob.
 */
export function decodeImageHashes(bytes: Uint8Array): ImageHashes | DihedralHashes {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER_BYTES) {
    throw dnaError(DnaErrorCode.InvalidParameter, `[mediadna] [image] Expected an image hash blob of at least ${HEADER_BYTES} bytes`, bytes);
  }
  if (bytes[0] !== IMAGE_HASHES_FORMAT_VERSION || bytes[1] !== ALGORITHM_ID) {
    throw dnaError(
      DnaErrorCode.LibraryIncompatible,
      `[mediadna] [image] Expected image hash format ${IMAGE_HASHES_FORMAT_VERSION} of ${IMAGE_ALGORITHM} but received format ${bytes[0]}, algorithm id ${bytes[1]}`,
    );
  }
  const variantCount = bytes[3];
  if ((variantCount !== 1 && variantCount !== DIHEDRAL_TRANSFORMS.length) || bytes.length !== encodedImageHashesLength(variantCount)) {
    throw dnaError(
      DnaErrorCode.InvalidParameter,
      `[mediadna] [image] Expected an image hash blob with 1 or 8 variants but received ${variantCount} variants in ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const quality = bytes[2];
  const width = view.getUint32(4, true);
  const height = view.getUint32(8, true);
  const variants: DihedralVariant[] = [];
  for (let v = 0, offset = HEADER_BYTES; v < variantCount; v++, offset += VARIANT_BYTES) {
    variants.push({
      transform: DIHEDRAL_TRANSFORMS[v],
      phash: readWords(view, offset, PHASH_WORDS),
      pdq: readWords(view, offset + PHASH_WORDS * 4, PDQ_WORDS),
      centre: readRegion(view, offset + REGION_BYTES),
      inner: readRegion(view, offset + 2 * REGION_BYTES),
    });
  }
  const identity = variants[0];
  const base = { phash: identity.phash, pdq: identity.pdq, quality, width, height, centre: identity.centre, inner: identity.inner };
  return variantCount === 1 ? base : { ...base, variants };
}
