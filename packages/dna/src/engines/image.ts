/**
 * The Image engine: decode (`@mediadna/media`), hash (`@mediadna/image`: 64-bit pHash and
 * 256-bit PDQ of the whole picture and of its centre), search a Hamming index of PDQ codes
 * (`@mediadna/index`).
 *
 * Extraction hashes the query under all 8 dihedral transforms (cheap: sign flips of the DCT
 * blocks); the library stores only the upright hashes (92 bytes per image). A search runs the
 * PDQ codes of each variant and region against the library's whole and centre codes and keeps,
 * per library item, the smallest distance: a flipped, rotated or ~10 % cropped copy matches.
 *
 * Config fields (job Config JSON; defaults in brackets):
 * - `MaxDistance` [70]: largest PDQ Hamming distance (0..128 bits of 256) reported as a match;
 *   unrelated pictures lie near 128. Similarity is `1 - distance / 128`, so 70 ≈ 0.45.
 * - `MaxMatches` [20]: most matches returned (1..1000), best first.
 * - `Dihedral` [true]: also search flipped and 90°-rotated versions of the query.
 */
import { DnaErrorCode, dnaError, formatSimilarity, invalidParameter, isInteger, readAllBytes } from '@mediadna/core';
import type { DNAResult, ImageMatch, MediaSource, MediaType } from '@mediadna/core';
import type { DihedralTransform, ImageHashes, RegionHashes } from '@mediadna/image';
import {
  DIHEDRAL_INVERSE,
  IMAGE_ALGORITHM,
  IMAGE_ALGORITHM_VERSION,
  ImageHasher,
  MIN_HASHABLE_DIMENSION,
  PDQ_MATCH_THRESHOLD,
  decodeImageHashes,
  encodeImageHashes,
  hasDihedralVariants,
  similarityFromPdqDistance,
} from '@mediadna/image';
import { HammingHits, createHammingIndex } from '@mediadna/index';
import type { HammingIndex } from '@mediadna/index';
import { decodeImage } from '@mediadna/media';
import type { EngineConfig, EngineIndex, ExtractOptions, ExtractedFingerprint, MediaEngine } from '../engine.js';

/** Default of Config `MaxDistance` (PDQ bits). */
export const IMAGE_DEFAULT_MAX_DISTANCE: number = PDQ_MATCH_THRESHOLD;
/** Default of Config `MaxMatches`. */
export const IMAGE_DEFAULT_MAX_MATCHES = 20;
/** Images are decoded with shrink-on-load down to this smallest side (PDQ works on 64x64). */
export const IMAGE_DECODE_MIN_SIDE = 256;
/** Largest image file read, in bytes (a further cap under `limits.maxInputBytes`). */
export const IMAGE_MAX_FILE_BYTES: number = 512 * 1024 * 1024;

/** Index tags: which region of the stored image a code is. */
const TAG_WHOLE = 0;
const TAG_CENTRE = 1;

interface SearchSettings {
  readonly maxDistance: number;
  readonly maxMatches: number;
  readonly dihedral: boolean;
}

function settingsOf(config: EngineConfig): SearchSettings {
  return {
    maxDistance: (config.MaxDistance as number | undefined) ?? IMAGE_DEFAULT_MAX_DISTANCE,
    maxMatches: (config.MaxMatches as number | undefined) ?? IMAGE_DEFAULT_MAX_MATCHES,
    dihedral: (config.Dihedral as boolean | undefined) ?? true,
  };
}

let sharedHasher: ImageHasher | undefined;

/** One hasher per thread: its scratch buffers are reused across images. */
function hasher(): ImageHasher {
  sharedHasher ??= new ImageHasher();
  return sharedHasher;
}

/** One library's images: PDQ codes of the whole image (tag 0) and its centre (tag 1). */
class ImageIndex implements EngineIndex {
  private readonly codes: HammingIndex = createHammingIndex(256);
  private readonly idOfKey = new Map<string, number>();
  private readonly keyOfId: (string | undefined)[] = [];
  private readonly hits: HammingHits = new HammingHits(64);
  // Per-search scratch: best distance and variant per item id, and the ids touched.
  private bestDistance: Uint16Array = new Uint16Array(0);
  private bestVariant: Uint8Array = new Uint8Array(0);
  private touched: Uint32Array = new Uint32Array(64);

  get size(): number {
    return this.idOfKey.size;
  }

  add(primaryKey: string, blob: Uint8Array): void {
    const hashes = decodeImageHashes(blob);
    this.remove(primaryKey);
    const id = this.keyOfId.length;
    this.keyOfId.push(primaryKey);
    this.idOfKey.set(primaryKey, id);
    this.codes.add(id, hashes.pdq, 0, TAG_WHOLE);
    this.codes.add(id, hashes.centre.pdq, 0, TAG_CENTRE);
  }

  remove(primaryKey: string): void {
    const id = this.idOfKey.get(primaryKey);
    if (id === undefined) return;
    this.codes.removeItem(id);
    this.idOfKey.delete(primaryKey);
    this.keyOfId[id] = undefined;
  }

  search(query: Uint8Array, options: { readonly mediaType: MediaType; readonly config: EngineConfig }): DNAResult {
    const settings = settingsOf(options.config);
    const hashes = decodeImageHashes(query);
    const variants: readonly (RegionHashes & { readonly centre: RegionHashes; readonly transform?: DihedralTransform })[] =
      settings.dihedral && hasDihedralVariants(hashes) ? hashes.variants : [hashes];
    const items = this.keyOfId.length;
    if (this.bestDistance.length < items) {
      this.bestDistance = new Uint16Array(Math.max(items, this.bestDistance.length * 2));
      this.bestVariant = new Uint8Array(this.bestDistance.length);
    }
    const bestDistance = this.bestDistance;
    const bestVariant = this.bestVariant;
    let touchedCount = 0;
    const hits = this.hits;
    for (let v = 0; v < variants.length; v++) {
      const variant = variants[v];
      for (let region = 0; region < 2; region++) {
        hits.clear();
        this.codes.searchRadius(region === 0 ? variant.pdq : variant.centre.pdq, settings.maxDistance, hits);
        for (let i = 0; i < hits.length; i++) {
          const id = hits.itemIds[i];
          const distance = hits.distances[i];
          // 0 marks "not seen in this search"; distances are stored + 1.
          const seen = bestDistance[id];
          if (seen === 0) {
            if (touchedCount === this.touched.length) {
              const grown = new Uint32Array(this.touched.length * 2);
              grown.set(this.touched);
              this.touched = grown;
            }
            this.touched[touchedCount++] = id;
          }
          if (seen === 0 || distance + 1 < seen) {
            bestDistance[id] = distance + 1;
            bestVariant[id] = v;
          }
        }
      }
    }
    const found: { id: number; distance: number; variant: number }[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const id = this.touched[i];
      found.push({ id, distance: bestDistance[id] - 1, variant: bestVariant[id] });
      bestDistance[id] = 0;
    }
    found.sort((a, b) => a.distance - b.distance || a.id - b.id);
    const matches: ImageMatch[] = [];
    for (const hit of found.slice(0, settings.maxMatches)) {
      const transform = variants[hit.variant].transform ?? 'identity';
      const match: ImageMatch = {
        PrimaryKey: this.keyOfId[hit.id]!,
        Similarity: formatSimilarity(similarityFromPdqDistance(hit.distance)),
        Detail: [],
        Distance: hit.distance,
      };
      // The variant that matched undoes the copy's transform; report the copy's transform.
      if (transform !== 'identity') match.Transform = DIHEDRAL_INVERSE[transform];
      matches.push(match);
    }
    return { ImageDNA: matches };
  }
}

function checkConfig(config: EngineConfig): void {
  const where = 'SubmitDNAJob';
  const { MaxDistance, MaxMatches, Dihedral } = config;
  if (MaxDistance !== undefined && (!isInteger(MaxDistance) || MaxDistance < 0 || MaxDistance > 128)) {
    throw invalidParameter(where, 'Config.MaxDistance', 'an integer in 0..128 (PDQ bits)', MaxDistance, isInteger(MaxDistance) ? DnaErrorCode.OutOfRange : DnaErrorCode.InvalidParameter);
  }
  if (MaxMatches !== undefined && (!isInteger(MaxMatches) || MaxMatches < 1 || MaxMatches > 1000)) {
    throw invalidParameter(where, 'Config.MaxMatches', 'an integer in 1..1000', MaxMatches, isInteger(MaxMatches) ? DnaErrorCode.OutOfRange : DnaErrorCode.InvalidParameter);
  }
  if (Dihedral !== undefined && typeof Dihedral !== 'boolean') throw invalidParameter(where, 'Config.Dihedral', 'true or false', Dihedral);
}

async function extract(source: MediaSource, options: ExtractOptions): Promise<ExtractedFingerprint> {
  const bytes = await readAllBytes(source, Math.min(options.limits.maxInputBytes, IMAGE_MAX_FILE_BYTES));
  options.signal.throwIfAborted();
  const image = await decodeImage(bytes, { maxPixels: options.limits.maxPixels, minSide: IMAGE_DECODE_MIN_SIDE });
  options.signal.throwIfAborted();
  if (image.width < MIN_HASHABLE_DIMENSION || image.height < MIN_HASHABLE_DIMENSION) {
    // Such images hash to all zeros and would match each other (and every flat picture).
    throw dnaError(
      DnaErrorCode.MediaNoContent,
      `[mediadna] [image] The image is ${image.width}x${image.height} pixels; at least ${MIN_HASHABLE_DIMENSION}x${MIN_HASHABLE_DIMENSION} are needed to fingerprint it`,
    );
  }
  const hashes = hasher().hashDihedral(image);
  return {
    blob: encodeImageHashes(hashes),
    meta: { format: image.format, width: image.originalWidth, height: image.originalHeight, quality: hashes.quality },
  };
}

function storedBlob(blob: Uint8Array): Uint8Array {
  const hashes = decodeImageHashes(blob);
  const upright: ImageHashes = {
    phash: hashes.phash,
    pdq: hashes.pdq,
    quality: hashes.quality,
    width: hashes.width,
    height: hashes.height,
    centre: hashes.centre,
  };
  return encodeImageHashes(upright);
}

/** The Image engine (see the module comment for its Config fields). */
export const imageEngine: MediaEngine = {
  model: 'Image',
  mediaTypes: ['image'],
  algorithm: IMAGE_ALGORITHM,
  version: IMAGE_ALGORITHM_VERSION,
  validateConfig: checkConfig,
  storedBlob,
  extract,
  createIndex: () => new ImageIndex(),
};
