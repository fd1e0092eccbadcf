/**
 * A searchable set of audio fingerprints under string keys, with results in seconds: the API the
 * DNA engine and the video package's soundtrack matching use.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { defaultAudioConfig, type AudioConfig } from './config.js';
import { fingerprintLandmarks, fingerprintSeconds, type AudioFingerprint } from './fingerprint.js';
import type { Landmarks } from './landmarks.js';
import { MatchScratch, defaultMatchOptions, matchLandmarks, type FrameMatch, type FrameSegment, type MatchOptions } from './match.js';
import { DEFAULT_SPEED_FACTORS, DEFAULT_TEMPO_FACTORS, scaleFingerprintSpeed, scaleFingerprintTempo } from './speed.js';
import { MemoryPostings, type PostingsStore } from './postings.js';
import { refineSegment } from './refine.js';

/** Landmark hashes use 21 bits. */
const HASH_SPACE = 2 ** 21;
/** A hash with more postings than this many times the library's mean per hash is skipped at search time… */
const COMMON_HASH_FACTOR = 16;
/** …but never one with this many postings or fewer. */
const COMMON_HASH_FLOOR = 200;


/** One matched range in seconds. */
export interface AudioSegment {
  /** Where it starts in the query (input). */
  inputStart: number;
  inputDuration: number;
  /** Where it starts in the library item. */
  duplicationStart: number;
  duplicationDuration: number;
  /** Landmarks that agreed. */
  votes: number;
}

/** A direct match with one segment covering this share of the query is taken as it is (no speed or tempo tries). */
const COVERED_SHARE = 0.9;
/**
 * Extra significance a tempo try needs: chance candidates of tempo-scaled queries reach higher
 * than of direct or speed-scaled ones (on the corpus' unrelated queries: up to 12.1, against 9.4).
 */
const TEMPO_EXTRA_SIGNIFICANCE = 2;
/** How much more of the query a scaled try's longest segment must cover to replace a partial direct match. */
const BETTER_BY = 0.1;

/** Share of the query (`seconds` long) that a match's longest segment covers (0 without a match). */
function longestSegmentShare(match: AudioMatch | undefined, seconds: number): number {
  if (!match || seconds <= 0) return 0;
  let longest = 0;
  for (const segment of match.segments) longest = Math.max(longest, segment.inputDuration);
  return Math.min(1, longest / seconds);
}

/** Options of {@link AudioLibrary.search}: the matcher's thresholds plus speed tolerance. */
export interface AudioSearchOptions extends MatchOptions {
  /**
   * Speed factors tried, in order, when the query matches nothing as it is (tempo and pitch
   * changed together, as by resampling). Default {@link DEFAULT_SPEED_FACTORS} (±2.5 %, ±5 %);
   * `[]` turns it off. Each try needs log10(tries + 1) more significance.
   */
  readonly speedFactors?: readonly number[];
  /**
   * Tempo factors (time-stretched, pitch kept) tried, in order, after the speed factors when the
   * best direct match covers the query only in part. Default {@link DEFAULT_TEMPO_FACTORS}
   * (±2.5 %, ±5 %); `[]` turns it off. They count as tries for the significance too.
   */
  readonly tempoFactors?: readonly number[];
  /**
   * Also try the tempo factors when nothing matched at all (default false): finds the stretched
   * copies no direct search sees, at 4 more searches for every query that matches nothing.
   */
  readonly tempoWhenUnmatched?: boolean;
}

/** One matched library item. */
export interface AudioMatch {
  key: string;
  /** 0..1: share of the query's duration covered by matched segments (1 = the whole input is a copy). */
  similarity: number;
  /** 0..1: share of the query's anchor peaks in the matched ranges that agreed (1 = identical audio; ≈0.1-0.4 after lossy re-encoding or noise). */
  agreement: number;
  votes: number;
  /** -log10 of the corrected chance probability of the best offset. */
  significance: number;
  /** Speed of the input relative to the library item (1 = unchanged; 1.05 = played 5 % faster). */
  speed: number;
  /** True when that speed change kept the pitch (time-stretching), false when the pitch moved with it or there was none. */
  pitchKept: boolean;
  segments: AudioSegment[];
}

/** Options of {@link AudioLibrary}. */
export interface AudioLibraryOptions {
  /** Postings backend; default a {@link MemoryPostings} (use `@mediadna/index`'s `PostingsIndex` for large libraries). */
  readonly postings?: PostingsStore;
  /** Fingerprint config every item must share. Default {@link defaultAudioConfig}. */
  readonly config?: AudioConfig;
}

function sameConfig(a: AudioConfig, b: AudioConfig): boolean {
  for (const key of Object.keys(defaultAudioConfig) as (keyof AudioConfig)[]) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Library of audio fingerprints.
 * @example
 * const library = new AudioLibrary();
 * library.add('song-1', hashAudio(pcm8k));
 * const matches = library.search(hashAudio(query8k)); // [{key, similarity, segments: [...]}]
 */
export class AudioLibrary {
  readonly config: AudioConfig;
  private readonly postings: PostingsStore;
  private readonly idOfKey = new Map<string, number>();
  private readonly keyOfId = new Map<number, string>();
  private readonly framesOfId = new Map<number, number>();
  /** Stored fingerprints (peaks, ≈ 6 bytes per peak), for boundary refinement. */
  private readonly fingerprintOfId = new Map<number, AudioFingerprint>();
  private nextId = 0;
  /** Landmark postings held, and per item (for the common-hash cut-off). */
  private postingCount = 0;
  private readonly postingsOfId = new Map<number, number>();
  private readonly scratch = new MatchScratch();
  private landmarks: Landmarks | undefined;

  constructor(options: AudioLibraryOptions = {}) {
    this.config = options.config ?? defaultAudioConfig;
    this.postings = options.postings ?? new MemoryPostings();
  }

  /** Number of items. */
  get size(): number {
    return this.idOfKey.size;
  }

  /** True when `key` is stored. */
  has(key: string): boolean {
    return this.idOfKey.has(key);
  }

  /**
   * Add a fingerprint under `key` (replacing nothing: an existing key throws).
   * @throws DnaError `PrimaryKey.AlreadyExists`, `Library.IncompatibleVersion` (other config)
   */
  add(key: string, fingerprint: AudioFingerprint): void {
    if (this.idOfKey.has(key)) throw dnaError(DnaErrorCode.PrimaryKeyExists, `[mediadna] [audio] Key ${JSON.stringify(key)} is already in the library`);
    this.checkConfig(fingerprint);
    const id = this.nextId++;
    this.landmarks = fingerprintLandmarks(fingerprint, this.landmarks);
    const { hashes, times, length } = this.landmarks;
    this.postings.add(id, hashes.slice(0, length), times.slice(0, length));
    this.postingCount += length;
    this.postingsOfId.set(id, length);
    this.idOfKey.set(key, id);
    this.keyOfId.set(id, key);
    this.framesOfId.set(id, fingerprint.frameCount);
    this.fingerprintOfId.set(id, fingerprint);
  }

  /** Remove `key`; unknown keys are ignored. */
  remove(key: string): void {
    const id = this.idOfKey.get(key);
    if (id === undefined) return;
    this.postings.removeItem(id);
    this.postingCount -= this.postingsOfId.get(id) ?? 0;
    this.postingsOfId.delete(id);
    this.idOfKey.delete(key);
    this.keyOfId.delete(id);
    this.framesOfId.delete(id);
    this.fingerprintOfId.delete(id);
  }

  /** Items the query contains, best first, with matched ranges in seconds (of the query as given). */
  search(query: AudioFingerprint, options: AudioSearchOptions = {}): AudioMatch[] {
    this.checkConfig(query);
    const direct = this.searchAtSpeed(query, 1, false, options);
    const speeds = options.speedFactors ?? DEFAULT_SPEED_FACTORS;
    const tempos = options.tempoFactors ?? DEFAULT_TEMPO_FACTORS;
    // A changed speed (pitch moved too) matches nothing as it is: the speed tries run when nothing
    // matched. A time-stretch (pitch kept) keeps most landmarks and matches in part, or in pieces
    // at drifting offsets: the tempo tries run, with the speed ones, when no segment of the best
    // direct match covers the query. (Tempo tries for queries matching nothing at all would find
    // the rest of the stretched copies, at 4 more searches for every unrelated query.)
    const seconds = fingerprintSeconds(query);
    const best = longestSegmentShare(direct[0], seconds);
    if (best >= COVERED_SHARE) return direct;
    const tryTempos = direct.length > 0 || options.tempoWhenUnmatched ? tempos : [];
    if (speeds.length + tryTempos.length === 0) return direct;
    const tries: [factor: number, pitchKept: boolean][] = [...speeds.map((f): [number, boolean] => [f, false]), ...tryTempos.map((f): [number, boolean] => [f, true])];
    // Every extra try is another chance for noise to pass: each needs log10(tries + 1) more.
    const minSignificance = (options.minSignificance ?? defaultMatchOptions.minSignificance) + Math.log10(tries.length + 1);
    for (const [factor, pitchKept] of tries) {
      const scaled = pitchKept ? scaleFingerprintTempo(query, factor) : scaleFingerprintSpeed(query, factor);
      const matches = this.searchAtSpeed(scaled, factor, pitchKept, { ...options, minSignificance: minSignificance + (pitchKept ? TEMPO_EXTRA_SIGNIFICANCE : 0) });
      // Taken over a direct match only when it explains clearly more of the query.
      if (matches.length > 0 && longestSegmentShare(matches[0], seconds) > best + BETTER_BY) return matches;
    }
    return direct;
  }

  private searchAtSpeed(query: AudioFingerprint, speed: number, pitchKept: boolean, options: MatchOptions): AudioMatch[] {
    const landmarks = fingerprintLandmarks(query);
    const framesOfId = this.framesOfId;
    // Hashes far more common than average (low, steady notes) carry little information and most of
    // the work: in a 1000-hour library the 10 % most common query landmarks bring 70 % of the hits.
    const maxPostingsPerHash =
      options.maxPostingsPerHash ?? Math.max(COMMON_HASH_FLOOR, Math.round((COMMON_HASH_FACTOR * this.postingCount) / HASH_SPACE));
    const matches = matchLandmarks(landmarks, query.frameCount, this.postings, (id) => framesOfId.get(id) ?? 0, { ...options, maxPostingsPerHash }, this.scratch);
    const result: AudioMatch[] = [];
    // Every item's landmark-backed ranges, before refinement: single-peak refinement is weaker
    // evidence and may not grow one item's range into another's (two tracks of a mix meeting).
    const cores = matches.map((match) => match.segments.map((segment) => ({ ...segment })));
    for (const [m, match] of matches.entries()) {
      const item = this.fingerprintOfId.get(match.itemId);
      const others = cores.filter((_, k) => k !== m).flat();
      if (item) refineMatch(match, query, item, others);
      const key = this.keyOfId.get(match.itemId);
      if (key !== undefined) result.push({ ...toSeconds(match, key, this.config, speed), pitchKept });
    }
    return result.sort((a, b) => b.similarity - a.similarity || b.significance - a.significance);
  }

  private checkConfig(fingerprint: AudioFingerprint): void {
    if (!sameConfig(fingerprint.config, this.config)) {
      throw dnaError(DnaErrorCode.LibraryIncompatible, '[mediadna] [audio] The fingerprint was made with other parameters than this library');
    }
  }
}

/** Refine every segment's boundaries and recompute the match's coverage. */
function refineMatch(match: FrameMatch, query: AudioFingerprint, item: AudioFingerprint, otherItems: readonly FrameSegment[]): void {
  const limits = otherItems.length === 0 ? match.segments : [...match.segments, ...otherItems];
  for (const segment of match.segments) refineSegment(segment, query, item, limits);
  let covered = 0;
  let coveredUntil = 0;
  for (const segment of match.segments) {
    const from = Math.max(segment.queryStartFrame, coveredUntil);
    if (segment.queryEndFrame > from) covered += segment.queryEndFrame - from;
    coveredUntil = Math.max(coveredUntil, segment.queryEndFrame);
  }
  match.similarity = Math.min(1, covered / Math.max(1, query.frameCount));
}

/**
 * Convert a frame match to seconds. `speed` is the factor the query's peaks were scaled by: its
 * frames are input frames x speed, so input times are divided by it (library times are not).
 */
export function toSeconds(match: FrameMatch, key: string, config: AudioConfig, speed = 1): AudioMatch {
  const secondsPerFrame = config.hopSize / config.sampleRate;
  const inputSecondsPerFrame = secondsPerFrame / speed;
  return {
    key,
    similarity: match.similarity,
    agreement: match.agreement,
    votes: match.votes,
    significance: match.significance,
    speed,
    pitchKept: false,
    segments: match.segments.map((segment) => ({
      inputStart: segment.queryStartFrame * inputSecondsPerFrame,
      inputDuration: (segment.queryEndFrame - segment.queryStartFrame) * inputSecondsPerFrame,
      duplicationStart: segment.itemStartFrame * secondsPerFrame,
      duplicationDuration: (segment.itemEndFrame - segment.itemStartFrame) * secondsPerFrame,
      votes: segment.votes,
    })),
  };
}

/**
 * Where (if anywhere) `query` contains `reference`: the match with its segments, or null.
 * @example const match = compareAudio(hashAudio(clip), hashAudio(song));
 */
export function compareAudio(query: AudioFingerprint, reference: AudioFingerprint, options: AudioSearchOptions = {}): AudioMatch | null {
  const library = new AudioLibrary({ config: reference.config });
  library.add('reference', reference);
  return library.search(query, options)[0] ?? null;
}
