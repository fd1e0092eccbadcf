/**
 * `VideoLibrary`: stored video fingerprints under string keys, searched by a query video.
 *
 * Stage 1 (seeding): each good query frame (and its mirror image) is looked up in a Hamming
 * index of all library frames within `seedRadius`; every hit votes for
 * `(item, mirrored, offset = libraryTime - queryTime)` in 0.5 s bins, one vote per query frame.
 * Stage 2 (verification): the best-voted offsets are aligned frame by frame (align.ts) and runs
 * of matching frames become segments. Overlapping segments of one item keep the better one.
 * The soundtrack's fingerprints live in an `AudioLibrary` and are searched alongside.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { AudioLibrary } from '@mediadna/audio';
import type { AudioMatch } from '@mediadna/audio';
import { PDQ_WORDS } from '@mediadna/image';
import { HammingHits, createHammingIndex } from '@mediadna/index';
import type { HammingIndex } from '@mediadna/index';
import { AlignScratch, MAX_JOIN_SECONDS, alignAtOffset, joinSegments } from './align.js';
import type { AlignedSegment } from './align.js';
import { checkVideoMatchOptions, defaultVideoMatchOptions } from './config.js';
import type { VideoMatchOptions } from './config.js';
import type { VideoFingerprint } from './fingerprint.js';

/** One matched library video. */
export interface VideoMatch {
  /** The library key (PrimaryKey). */
  readonly key: string;
  /** Duration-weighted mean similarity of the segments, 0..1. */
  readonly similarity: number;
  /** Copied segments, by input start time. */
  readonly segments: readonly AlignedSegment[];
}

/** Result of {@link VideoLibrary.search}. */
export interface VideoSearchResult {
  readonly video: VideoMatch[];
  /** Soundtrack matches (empty when the query or library has no audio). */
  readonly audio: AudioMatch[];
}

/** Options of {@link VideoLibrary}. */
export interface VideoLibraryOptions {
  /** Index implementation (see `@mediadna/index`). Default `auto`. */
  readonly indexKind?: 'linear' | 'mih' | 'auto';
}

/** Offset bin width for seeding votes, seconds. */
const OFFSET_BIN = 0.5;
/** Candidate offsets verified per search, best-voted first. */
const MAX_CANDIDATES = 64;
/** Fewest seed votes for an offset to be verified. */
const MIN_SEED_VOTES = 2;
/** Tag bit marking an index entry as a frame's central hash (the low bits are the frame number). */
const CENTER_TAG = 0x80000000;

interface Item {
  readonly key: string;
  readonly fingerprint: VideoFingerprint;
}

interface Candidate {
  itemId: number;
  flipped: boolean;
  bin: number;
  votes: number;
  lastFrame: number;
}

function overlap(a: AlignedSegment, b: AlignedSegment): number {
  const start = Math.max(a.inputStart, b.inputStart);
  const end = Math.min(a.inputStart + a.inputDuration, b.inputStart + b.inputDuration);
  return Math.max(0, end - start);
}

/**
 * A searchable set of video fingerprints.
 * @example
 * const library = new VideoLibrary();
 * library.add('movie-1', fingerprinter.finish(info)); // a VideoFingerprinter fed with the movie's decoded frames
 * const { video } = library.search(queryFingerprint); // [{key, similarity, segments}]
 */
export class VideoLibrary {
  private readonly index: HammingIndex;
  private readonly audio: AudioLibrary = new AudioLibrary();
  private readonly items = new Map<number, Item>();
  private readonly idOfKey = new Map<string, number>();
  private nextId = 1;
  private readonly hits: HammingHits = new HammingHits(1024);
  private readonly scratch: AlignScratch = new AlignScratch();
  /** Frames below this quality are not indexed (black frames, fades); fixed per library. */
  readonly minQuality: number;

  constructor(options: VideoLibraryOptions & { readonly minQuality?: number } = {}) {
    this.index = createHammingIndex(256, { kind: options.indexKind ?? 'auto' });
    this.minQuality = options.minQuality ?? defaultVideoMatchOptions.minQuality;
  }

  /** Number of stored videos. */
  get size(): number {
    return this.items.size;
  }

  /** Number of indexed frames. */
  get frameCount(): number {
    return this.index.size;
  }

  /** True when `key` is stored. */
  has(key: string): boolean {
    return this.idOfKey.has(key);
  }

  /** Store a fingerprint under `key`. @throws DnaError `PrimaryKey.AlreadyExists` when taken. */
  add(key: string, fingerprint: VideoFingerprint): void {
    if (this.idOfKey.has(key)) throw dnaError(DnaErrorCode.PrimaryKeyExists, `[mediadna] [video] The library already holds ${JSON.stringify(key)}`);
    const itemId = this.nextId++;
    this.items.set(itemId, { key, fingerprint });
    this.idOfKey.set(key, itemId);
    for (let j = 0; j < fingerprint.frameCount; j++) {
      if (fingerprint.quality[j] < this.minQuality) continue;
      this.index.add(itemId, fingerprint.pdq, j * PDQ_WORDS, j);
      this.index.add(itemId, fingerprint.pdqCenter, j * PDQ_WORDS, (j | CENTER_TAG) >>> 0);
    }
    if (fingerprint.audio) this.audio.add(key, fingerprint.audio);
  }

  /** Remove `key` (unknown keys are ignored). */
  remove(key: string): void {
    const itemId = this.idOfKey.get(key);
    if (itemId === undefined) return;
    this.index.removeItem(itemId);
    this.items.delete(itemId);
    this.idOfKey.delete(key);
    if (this.audio.has(key)) this.audio.remove(key);
  }

  /** Offsets worth verifying, best-voted first. */
  private seed(query: VideoFingerprint, settings: Required<VideoMatchOptions>): Candidate[] {
    const votes = new Map<number, Candidate>();
    const hits = this.hits;
    const variants = settings.flip && query.pdqFlip.length === query.frameCount * PDQ_WORDS ? 2 : 1;
    for (let variant = 0; variant < variants; variant++) {
      const codes = variant === 0 ? query.pdq : query.pdqFlip;
      for (let i = 0; i < query.frameCount; i++) {
        if (query.quality[i] < settings.minQuality) continue;
        hits.clear();
        this.index.searchRadius(codes, settings.seedRadius, hits, i * PDQ_WORDS);
        const queryTime = query.times[i];
        for (let h = 0; h < hits.length; h++) {
          const itemId = hits.itemIds[h];
          const item = this.items.get(itemId) as Item;
          const frame = hits.tags[h] & ~CENTER_TAG;
          const bin = Math.round((item.fingerprint.times[frame] - queryTime) / OFFSET_BIN);
          // Key: item, mirror flag and offset bin in one exact double.
          const key = (itemId * 2 + variant) * 1048576 + (bin + 524288);
          let candidate = votes.get(key);
          if (!candidate) {
            candidate = { itemId, flipped: variant === 1, bin, votes: 0, lastFrame: -1 };
            votes.set(key, candidate);
          }
          if (candidate.lastFrame !== i) {
            candidate.votes++;
            candidate.lastFrame = i;
          }
        }
      }
    }
    // Add each bin's neighbours' votes: an offset between two bins splits its votes.
    const list = [...votes.values()];
    const smoothed = list.map((candidate) => {
      const base = (candidate.itemId * 2 + (candidate.flipped ? 1 : 0)) * 1048576 + (candidate.bin + 524288);
      return candidate.votes + 0.5 * ((votes.get(base - 1)?.votes ?? 0) + (votes.get(base + 1)?.votes ?? 0));
    });
    const order = list.map((_, i) => i).filter((i) => smoothed[i] >= MIN_SEED_VOTES).sort((a, b) => smoothed[b] - smoothed[a]);
    return order.slice(0, MAX_CANDIDATES).map((i) => list[i]);
  }

  /**
   * Find the library videos a query copies, with every copied segment.
   * Cost: one index lookup per query frame and mirror image, then a frame-by-frame check per candidate offset.
   */
  search(query: VideoFingerprint, options: VideoMatchOptions = {}): VideoSearchResult {
    checkVideoMatchOptions(options);
    const settings: Required<VideoMatchOptions> = { ...defaultVideoMatchOptions, minQuality: this.minQuality, ...options };
    const segmentsOf = new Map<number, AlignedSegment[]>();
    for (const candidate of this.seed(query, settings)) {
      const item = this.items.get(candidate.itemId) as Item;
      const found = alignAtOffset(query, item.fingerprint, candidate.bin * OFFSET_BIN, candidate.flipped, settings, this.scratch);
      if (found.length === 0) continue;
      const kept = segmentsOf.get(candidate.itemId) ?? [];
      for (const segment of found) {
        // The same copy is found from neighbouring offsets and both mirror states: keep the stronger.
        const clash = kept.findIndex((other) => overlap(other, segment) > 0.5 * Math.min(other.inputDuration, segment.inputDuration));
        if (clash < 0) kept.push(segment);
        else if (segment.matchedFrames * segment.similarity > kept[clash].matchedFrames * kept[clash].similarity) kept[clash] = segment;
      }
      segmentsOf.set(candidate.itemId, kept);
    }
    const video: VideoMatch[] = [];
    for (const [itemId, found] of segmentsOf) {
      found.sort((a, b) => a.inputStart - b.inputStart);
      const segments = joinSegments(found, MAX_JOIN_SECONDS);
      let weighted = 0;
      let total = 0;
      for (const segment of segments) {
        weighted += segment.similarity * segment.inputDuration;
        total += segment.inputDuration;
      }
      video.push({ key: (this.items.get(itemId) as Item).key, similarity: total > 0 ? weighted / total : 0, segments });
    }
    video.sort((a, b) => b.similarity - a.similarity || a.key.localeCompare(b.key));
    const audio = query.audio && this.audio.size > 0 ? this.audio.search(query.audio) : [];
    return { video: video.slice(0, settings.maxMatches), audio: audio.slice(0, settings.maxMatches) };
  }
}

/**
 * Compare two fingerprints directly (no index): the segments of `reference` that `query` copies.
 * @example const match = compareVideos(queryFingerprint, referenceFingerprint); // null when unrelated
 */
export function compareVideos(query: VideoFingerprint, reference: VideoFingerprint, options: VideoMatchOptions = {}): VideoMatch | null {
  const library = new VideoLibrary({ indexKind: 'linear', minQuality: options.minQuality });
  library.add('reference', { ...reference, audio: null });
  return library.search({ ...query, audio: null }, options).video[0] ?? null;
}
