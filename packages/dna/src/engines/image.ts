/**
 * The Image engine: decode (`@mediadna/media`), hash (`@mediadna/image`: 64-bit pHash and
 * 256-bit PDQ of the whole picture, its centre and its inner part), search a Hamming index of
 * PDQ codes (`@mediadna/index`).
 *
 * Extraction hashes the query under all 8 dihedral transforms (cheap: sign flips of the DCT
 * blocks); the library stores only the upright hashes and the PDQ quality (132 bytes per
 * image). A search runs each variant's whole and centre codes against the library's whole and
 * centre codes, and its inner code against the inner codes. Each pairing kind has its own
 * threshold, which also depends on the PDQ quality of both images (`pdqMatchThreshold`: 72 for
 * whole/centre, 64 for inner, 56 for either when one image is near-flat). Per library item the
 * best-scoring pairing counts: a flipped, rotated, ~10 % cropped or watermarked copy matches.
 *
 * Config fields (job Config JSON; defaults in brackets):
 * - `MaxDistance` [72]: the whole-picture PDQ threshold (0..128 bits of 256) for two images
 *   of normal quality; the other thresholds move with it by the same number of bits (so 80
 *   makes the inner threshold 72 and the near-flat one 64). Unrelated pictures lie near 128.
 * - `MaxMatches` [20]: most matches returned (1..1000), best first.
 * - `Dihedral` [true]: also search flipped and 90°-rotated versions of the query.
 */
import { DnaErrorCode, dnaError, formatSimilarity, readAllBytes } from '@mediadna/core';
import type { DNAResult, ImageMatch, MediaSource, MediaType } from '@mediadna/core';
import type { DihedralTransform, ImageHashes, RegionHashes } from '@mediadna/image';
import {
  DIHEDRAL_INVERSE,
  IMAGE_ALGORITHM,
  IMAGE_ALGORITHM_VERSION,
  ImageHasher,
  MIN_HASHABLE_DIMENSION,
  PDQ_INNER_MATCH_THRESHOLD,
  PDQ_MATCH_THRESHOLD,
  PDQ_UNRELATED_DISTANCE,
  decodeImageHashes,
  encodeImageHashes,
  hasDihedralVariants,
  pdqMatchThreshold,
  similarityFromPdqDistance,
} from '@mediadna/image';
import { HammingHits, createHammingIndex } from '@mediadna/index';
import type { HammingIndex } from '@mediadna/index';
import { decodeImage } from '@mediadna/media';
import type { EngineConfig, EngineIndex, ExtractOptions, ExtractedFingerprint, MediaEngine } from '../engine.js';
import { checkConfigBoolean, checkConfigNumber } from './config-fields.js';

/** Default of Config `MaxDistance` (PDQ bits). */
export const IMAGE_DEFAULT_MAX_DISTANCE: number = PDQ_MATCH_THRESHOLD;
/** Default of Config `MaxMatches`. */
export const IMAGE_DEFAULT_MAX_MATCHES = 20;
/** Images are decoded with shrink-on-load down to this smallest side (PDQ works on 64x64). */
export const IMAGE_DECODE_MIN_SIDE = 128;
/** Largest image file read, in bytes (a further cap under `limits.maxInputBytes`). */
export const IMAGE_MAX_FILE_BYTES: number = 512 * 1024 * 1024;

/** Index tags: which region of the stored image a code is. */
const TAG_WHOLE = 0;
const TAG_CENTRE = 1;
const TAG_INNER = 2;

/** A query variant: whole, centre and inner hashes. */
type QueryVariant = RegionHashes & { readonly centre: RegionHashes; readonly inner: RegionHashes; readonly transform?: DihedralTransform };

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

/** A threshold shifted by the Config offset, kept in 0..128 bits. */
function shifted(threshold: number, offset: number): number {
  return Math.max(0, Math.min(PDQ_UNRELATED_DISTANCE, threshold + offset));
}

/**
 * One library's images: PDQ codes of the whole image (tag 0), its centre (tag 1) and its inner
 * region (tag 2), and each image's PDQ quality.
 */
class ImageIndex implements EngineIndex {
  private readonly codes: HammingIndex = createHammingIndex(256);
  private readonly idOfKey = new Map<string, number>();
  private readonly keyOfId: (string | undefined)[] = [];
  private qualityOfId: Uint8Array = new Uint8Array(64);
  private readonly hits: HammingHits = new HammingHits(64);
  // Per-search scratch per item id: best similarity + 1 (0 = not seen), its distance and variant; and the ids touched.
  private bestScore: Float64Array = new Float64Array(0);
  private bestDistance: Uint16Array = new Uint16Array(0);
  private bestVariant: Uint8Array = new Uint8Array(0);
  private touched: Uint32Array = new Uint32Array(64);
  private touchedCount = 0;

  get size(): number {
    return this.idOfKey.size;
  }

  add(primaryKey: string, blob: Uint8Array): void {
    const hashes = decodeImageHashes(blob);
    this.remove(primaryKey);
    const id = this.keyOfId.length;
    this.keyOfId.push(primaryKey);
    this.idOfKey.set(primaryKey, id);
    if (id >= this.qualityOfId.length) {
      const grown = new Uint8Array(this.qualityOfId.length * 2);
      grown.set(this.qualityOfId);
      this.qualityOfId = grown;
    }
    this.qualityOfId[id] = hashes.quality;
    this.codes.add(id, hashes.pdq, 0, TAG_WHOLE);
    this.codes.add(id, hashes.centre.pdq, 0, TAG_CENTRE);
    this.codes.add(id, hashes.inner.pdq, 0, TAG_INNER);
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
    const variants: readonly QueryVariant[] = settings.dihedral && hasDihedralVariants(hashes) ? hashes.variants : [hashes];
    const items = this.keyOfId.length;
    if (this.bestScore.length < items) {
      const length = Math.max(items, this.bestScore.length * 2);
      this.bestScore = new Float64Array(length);
      this.bestDistance = new Uint16Array(length);
      this.bestVariant = new Uint8Array(length);
    }
    // Config MaxDistance shifts every threshold by the same number of bits.
    const offset = settings.maxDistance - PDQ_MATCH_THRESHOLD;
    const quality = hashes.quality;
    // The largest threshold of each kind (normal quality; near-flat pairs get a smaller one).
    const wholeRadius = shifted(PDQ_MATCH_THRESHOLD, offset);
    const innerRadius = shifted(PDQ_INNER_MATCH_THRESHOLD, offset);
    this.touchedCount = 0;
    for (let v = 0; v < variants.length; v++) {
      const variant = variants[v];
      this.collect(variant.pdq, wholeRadius, false, quality, offset, v);
      this.collect(variant.centre.pdq, wholeRadius, false, quality, offset, v);
      this.collect(variant.inner.pdq, innerRadius, true, quality, offset, v);
    }
    const found: { id: number; score: number; distance: number; variant: number }[] = [];
    for (let i = 0; i < this.touchedCount; i++) {
      const id = this.touched[i];
      found.push({ id, score: this.bestScore[id] - 1, distance: this.bestDistance[id], variant: this.bestVariant[id] });
      this.bestScore[id] = 0;
    }
    found.sort((a, b) => b.score - a.score || a.distance - b.distance || a.id - b.id);
    const matches: ImageMatch[] = [];
    for (const hit of found.slice(0, settings.maxMatches)) {
      const transform = variants[hit.variant].transform ?? 'identity';
      const match: ImageMatch = {
        PrimaryKey: this.keyOfId[hit.id]!,
        Similarity: formatSimilarity(hit.score),
        Detail: [],
        Distance: hit.distance,
      };
      // The variant that matched undoes the copy's transform; report the copy's transform.
      if (transform !== 'identity') match.Transform = DIHEDRAL_INVERSE[transform];
      matches.push(match);
    }
    return { ImageDNA: matches };
  }

  /**
   * Search one query code and fold its hits into the per-item best scores. Whole and centre
   * codes meet the stored whole and centre codes; inner codes meet inner codes. A hit counts
   * when within its pair's threshold (qualities, region kind, Config offset); its similarity
   * uses the unshifted threshold, so it does not depend on the Config.
   */
  private collect(code: Uint32Array, radius: number, inner: boolean, quality: number, offset: number, variant: number): void {
    const hits = this.hits;
    hits.clear();
    this.codes.searchRadius(code, radius, hits);
    const kind = inner ? 'inner' : 'whole';
    for (let i = 0; i < hits.length; i++) {
      if ((hits.tags[i] === TAG_INNER) !== inner) continue;
      const id = hits.itemIds[i];
      const distance = hits.distances[i];
      const threshold = pdqMatchThreshold(quality, this.qualityOfId[id], kind);
      if (distance > shifted(threshold, offset)) continue;
      const score = similarityFromPdqDistance(distance, Math.max(1, threshold)) + 1;
      const seen = this.bestScore[id];
      if (seen === 0) {
        if (this.touchedCount === this.touched.length) {
          const grown = new Uint32Array(this.touched.length * 2);
          grown.set(this.touched);
          this.touched = grown;
        }
        this.touched[this.touchedCount++] = id;
      }
      if (score > seen || (score === seen && distance < this.bestDistance[id])) {
        this.bestScore[id] = score;
        this.bestDistance[id] = distance;
        this.bestVariant[id] = variant;
      }
    }
  }
}

function checkConfig(config: EngineConfig): void {
  checkConfigNumber(config, 'MaxDistance', 0, 128, true);
  checkConfigNumber(config, 'MaxMatches', 1, 1000, true);
  checkConfigBoolean(config, 'Dihedral');
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
    inner: hashes.inner,
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
