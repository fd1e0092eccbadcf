/**
 * Match stage: look every query landmark up, vote for (item, time offset), test the best offsets
 * of each item against chance, and turn the votes at an accepted offset into time segments.
 *
 * Significance: under the null hypothesis (unrelated audio) an item's H hits scatter over the
 * S = itemFrames + queryFrames possible offsets, so a window of w offsets holds
 * Poisson(λ = H·w/S) votes. A window with k votes scores -log10 P(X ≥ k) minus log10 of the
 * number of windows and items tried (a Bonferroni correction); it is accepted when that score is
 * at least `minSignificance` and k ≥ `minVotes`.
 */
import { DELTA_FRAMES_MASK, DELTA_FRAMES_SHIFT, type Landmarks } from './landmarks.js';
import type { PostingListLike, PostingsStore } from './postings.js';
import { lowerBound, upperBound } from '@mediadna/core';

/** Thresholds of the matcher (frames are 32 ms at the default config). */
export interface MatchOptions {
  /** Fewest votes (distinct query anchors) at one offset for a match. Default 8. */
  readonly minVotes?: number;
  /** Smallest corrected significance, -log10 of the chance probability. Default 12 (unrelated audio in the corpus peaked at 10.7). */
  readonly minSignificance?: number;
  /** Offsets within ± this many frames vote together. Default 1. */
  readonly offsetToleranceFrames?: number;
  /** A run of votes is split where consecutive votes are further apart than this (frames). Default 125 (4 s; 8 s keeps speech-masked copies whole but merges neighbouring tracks of a mix). */
  readonly maxGapFrames?: number;
  /**
   * Pieces of one item at the same offset (one alignment) are joined again across a gap up to
   * this long (frames) when no other item matched inside it: speech or noise masking the middle
   * of a copy splits its votes, not the copy. Default 469 (15 s). 0 turns it off.
   */
  readonly maxBridgeFrames?: number;
  /** Fewest votes in a reported segment. Default 4. */
  readonly minSegmentVotes?: number;
  /** Hashes with more postings than this are skipped as uninformative. Default 20 000; `AudioLibrary` sets max(200, 16 x its mean postings per hash). */
  readonly maxPostingsPerHash?: number;
  /** Most offsets (copies) reported per item. Default 8. */
  readonly maxOffsetsPerItem?: number;
  /** Most items reported. Default 50. */
  readonly maxMatches?: number;
}

/** Defaults of {@link MatchOptions}. */
export const defaultMatchOptions: Required<MatchOptions> = Object.freeze({
  minVotes: 8,
  minSignificance: 12,
  offsetToleranceFrames: 1,
  maxGapFrames: 125,
  maxBridgeFrames: 469,
  minSegmentVotes: 4,
  maxPostingsPerHash: 20000,
  maxOffsetsPerItem: 8,
  maxMatches: 50,
});

/** One matched range, in frames. `itemStartFrame = queryStartFrame + offset`. */
export interface FrameSegment {
  queryStartFrame: number;
  queryEndFrame: number;
  itemStartFrame: number;
  itemEndFrame: number;
  votes: number;
}

/** One matched item. */
export interface FrameMatch {
  itemId: number;
  /** Share of the query's duration covered by matched segments (0..1; 1 = the whole input is a copy). */
  similarity: number;
  /** Share of the query's anchor peaks inside the matched ranges that voted for the match (0..1; 1 = identical audio). */
  agreement: number;
  /** Votes in all segments. */
  votes: number;
  /** Best corrected significance (-log10 chance probability). */
  significance: number;
  segments: FrameSegment[];
}

const OFFSET_BIAS = 2 ** 31;
const ITEM_SCALE = 2 ** 32;
const LN10 = Math.LN10;
/** Frames from an anchor's frame number to the end of its analysis window (fftSize / hopSize). */
const ANCHOR_EXTENT_FRAMES = 2;

/** ln Γ(x) (Lanczos, g = 7), for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log10 P(X ≥ k) for X ~ Poisson(λ). */
export function poissonLogTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  const first = -lambda + k * Math.log(lambda) - logGamma(k + 1); // ln P(X = k)
  let sum = 1;
  let term = 1;
  for (let j = k + 1; j < k + 10000; j++) {
    term *= lambda / j;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return Math.min(0, (first + Math.log(sum)) / LN10);
}

/** Coarse offset bins of the first voting pass are 2^BIN_SHIFT = 4 frames wide. */
const BIN_SHIFT = 2;

/** Grow a typed array to at least `size` entries (contents kept). */
function grown<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(array: T, size: number, make: (length: number) => T): T {
  if (array.length >= size) return array;
  const next = make(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Scratch buffers reused across searches (allocation-free once warm). */
export class MatchScratch {
  /** Raw hits: item, time offset (library frame - query frame) and the query anchor group (its first landmark index). */
  items: Uint32Array = new Uint32Array(4096);
  offsets: Int32Array = new Int32Array(4096);
  groups: Uint32Array = new Uint32Array(4096);
  count = 0;
  /** Hits of candidate items after per-anchor de-duplication: item * 2^32 + offset + 2^31, and the group. */
  filteredKeys: Float64Array = new Float64Array(4096);
  filteredIndex: Uint32Array = new Uint32Array(4096);
  /** Open-addressing table (item, offset bin) → votes and the last group that voted; `tableItems` -1 = empty. */
  tableItems: Int32Array = new Int32Array(0);
  tableBins: Int32Array = new Int32Array(0);
  tableCounts: Int32Array = new Int32Array(0);
  tableStamps: Int32Array = new Int32Array(0);
  /** Slots in use, to scan and to clear. */
  usedSlots: Int32Array = new Int32Array(4096);
  /** Per item id: 1 = candidate, 2 = has hits (cleared after each search via `touched`). */
  itemFlags: Uint8Array = new Uint8Array(1024);
  touched: Uint32Array = new Uint32Array(1024);
  list: PostingListLike | undefined = undefined;

  /** Make room for `extra` more raw hits. */
  reserve(extra: number): void {
    const needed = this.count + extra;
    if (needed <= this.items.length) return;
    this.items = grown(this.items, needed, (n) => new Uint32Array(n));
    this.offsets = grown(this.offsets, needed, (n) => new Int32Array(n));
    this.groups = grown(this.groups, needed, (n) => new Uint32Array(n));
  }
}

/** Slot of (item, bin) in the table: where it is, or the empty slot where it would go. */
function tableSlot(items: Int32Array, bins: Int32Array, mask: number, item: number, bin: number): number {
  let slot = (Math.imul(item, 0x9e3779b1) ^ Math.imul(bin, 0x85ebca6b)) >>> 0;
  slot = (slot ^ (slot >>> 15)) & mask;
  for (;;) {
    const occupant = items[slot];
    if (occupant === -1 || (occupant === item && bins[slot] === bin)) return slot;
    slot = (slot + 1) & mask;
  }
}

interface Candidate {
  itemId: number;
  offset: number;
  votes: number;
  significance: number;
}

/**
 * Find the items a query's landmarks match, with matched segments in frames.
 * @param query landmarks of the query
 * @param queryFrames frames in the query
 * @param postings the library's postings
 * @param itemFrames frames of a library item (for the chance model)
 */
export function matchLandmarks(
  query: Landmarks,
  queryFrames: number,
  postings: PostingsStore,
  itemFrames: (itemId: number) => number,
  options: MatchOptions = {},
  scratch: MatchScratch = new MatchScratch(),
): FrameMatch[] {
  const o = { ...defaultMatchOptions, ...options };
  scratch.count = 0;
  // 1. hits: item, offset = library frame - query frame, tagged with the anchor group.
  const hashes = query.hashes;
  const times = query.times;
  const tolerance = o.offsetToleranceFrames;
  for (let i = 0; i < query.length; ) {
    const queryTime = times[i];
    let end = i;
    while (end < query.length && times[end] === queryTime) {
      const list = postings.lookup(hashes[end], scratch.list);
      scratch.list = list;
      const length = list.length;
      if (length > 0 && length <= o.maxPostingsPerHash) {
        scratch.reserve(length);
        const items = list.itemIds;
        const libraryTimes = list.times;
        const hitItems = scratch.items;
        const hitOffsets = scratch.offsets;
        const hitGroups = scratch.groups;
        let n = scratch.count;
        for (let p = 0; p < length; p++, n++) {
          hitItems[n] = items[p];
          hitOffsets[n] = libraryTimes[p] - queryTime;
          hitGroups[n] = i;
        }
        scratch.count = n;
      }
      end++;
    }
    i = end;
  }
  const rawCount = scratch.count;
  if (rawCount === 0) return [];
  // 2. coarse votes per (item, 4-frame offset bin), one per anchor group: only items with enough
  // votes in two neighbouring bins go on to the exact (sorting) analysis.
  let tableSize = 1024;
  while (tableSize < rawCount * 2) tableSize *= 2;
  if (scratch.tableItems.length < tableSize) {
    scratch.tableItems = new Int32Array(tableSize).fill(-1);
    scratch.tableBins = new Int32Array(tableSize);
    scratch.tableCounts = new Int32Array(tableSize);
    scratch.tableStamps = new Int32Array(tableSize);
  }
  if (scratch.usedSlots.length < rawCount) scratch.usedSlots = new Int32Array(Math.max(rawCount, scratch.usedSlots.length * 2));
  const tableItems = scratch.tableItems;
  const tableBins = scratch.tableBins;
  const tableCounts = scratch.tableCounts;
  const tableStamps = scratch.tableStamps;
  const usedSlots = scratch.usedSlots;
  const mask = tableSize - 1;
  const rawItems = scratch.items;
  const rawOffsets = scratch.offsets;
  const rawGroups = scratch.groups;
  let used = 0;
  let touchedCount = 0;
  let maxItem = 0;
  for (let h = 0; h < rawCount; h++) if (rawItems[h] > maxItem) maxItem = rawItems[h];
  if (maxItem >= scratch.itemFlags.length) scratch.itemFlags = grown(scratch.itemFlags, maxItem + 1, (n) => new Uint8Array(n));
  const itemFlags = scratch.itemFlags;
  for (let h = 0; h < rawCount; h++) {
    const item = rawItems[h];
    const bin = rawOffsets[h] >> BIN_SHIFT; // floor division, negative offsets too
    const slot = tableSlot(tableItems, tableBins, mask, item, bin);
    const stamp = rawGroups[h] + 1;
    if (tableItems[slot] === -1) {
      tableItems[slot] = item;
      tableBins[slot] = bin;
      tableCounts[slot] = 1;
      tableStamps[slot] = stamp;
      usedSlots[used++] = slot;
    } else if (tableStamps[slot] !== stamp) {
      tableCounts[slot]++;
      tableStamps[slot] = stamp;
    }
    if (itemFlags[item] === 0) {
      itemFlags[item] = 2;
      if (touchedCount === scratch.touched.length) scratch.touched = grown(scratch.touched, touchedCount + 1, (n) => new Uint32Array(n));
      scratch.touched[touchedCount++] = item;
    }
  }
  const itemsWithHits = touchedCount;
  const half = Math.ceil(o.minVotes / 2);
  for (let u = 0; u < used; u++) {
    const slot = usedSlots[u];
    const count = tableCounts[slot];
    if (count < half) continue;
    const item = tableItems[slot];
    if (itemFlags[item] === 1) continue;
    const bin = tableBins[slot];
    const beforeSlot = tableSlot(tableItems, tableBins, mask, item, bin - 1);
    const afterSlot = tableSlot(tableItems, tableBins, mask, item, bin + 1);
    const before = tableItems[beforeSlot] === -1 ? 0 : tableCounts[beforeSlot];
    const after = tableItems[afterSlot] === -1 ? 0 : tableCounts[afterSlot];
    if (count + Math.max(before, after) >= o.minVotes) itemFlags[item] = 1;
  }
  for (let u = 0; u < used; u++) tableItems[usedSlots[u]] = -1;
  // 3. candidate items' hits, each anchor voting once per (item, offset ± tolerance)
  let hitCount = 0;
  for (let h = 0; h < rawCount; ) {
    const group = rawGroups[h];
    const groupStart = hitCount;
    for (; h < rawCount && rawGroups[h] === group; h++) {
      const item = rawItems[h];
      if (itemFlags[item] !== 1) continue;
      if (hitCount === scratch.filteredKeys.length) {
        scratch.filteredKeys = grown(scratch.filteredKeys, hitCount + 1, (n) => new Float64Array(n));
        scratch.filteredIndex = grown(scratch.filteredIndex, hitCount + 1, (n) => new Uint32Array(n));
      }
      scratch.filteredKeys[hitCount] = item * ITEM_SCALE + rawOffsets[h] + OFFSET_BIAS;
      scratch.filteredIndex[hitCount] = group;
      hitCount++;
    }
    const groupLength = hitCount - groupStart;
    if (groupLength > 1) {
      const groupKeys = scratch.filteredKeys.subarray(groupStart, hitCount).sort();
      let kept = 1;
      for (let k = 1; k < groupLength; k++) if (groupKeys[k] - groupKeys[kept - 1] > 2 * tolerance) groupKeys[kept++] = groupKeys[k];
      hitCount = groupStart + kept;
    }
  }
  for (let t = 0; t < touchedCount; t++) itemFlags[scratch.touched[t]] = 0;
  if (hitCount === 0) return [];
  const sorted = scratch.filteredKeys.slice(0, hitCount).sort();
  // 4. per item: windows of width w over sorted offsets
  const width = 2 * tolerance + 1;
  const logItems = Math.log10(Math.max(1, itemsWithHits));
  const candidates: Candidate[] = [];
  const windowStarts: number[] = [];
  const windowVotes: number[] = [];
  for (let i = 0; i < hitCount; ) {
    const item = Math.floor(sorted[i] / ITEM_SCALE);
    const base = item * ITEM_SCALE;
    let end = i;
    while (end < hitCount && sorted[end] - base < ITEM_SCALE) end++;
    const hits = end - i;
    if (hits >= o.minVotes) {
      // windows [offset, offset + width) starting at each distinct hit offset
      windowStarts.length = 0;
      windowVotes.length = 0;
      let right = i;
      for (let left = i; left < end; left++) {
        if (left > i && sorted[left] === sorted[left - 1]) continue;
        while (right < end && sorted[right] - sorted[left] < width) right++;
        const votes = right - left;
        if (votes >= o.minVotes) {
          windowStarts.push(sorted[left] - base - OFFSET_BIAS);
          windowVotes.push(votes);
        }
      }
      if (windowVotes.length > 0) {
        const span = itemFrames(item) + queryFrames;
        const lambda = (hits * width) / Math.max(span, width);
        const logTests = Math.log10(Math.max(1, span / width)) + logItems;
        const order = windowVotes.map((_, k) => k).sort((a, b) => windowVotes[b] - windowVotes[a]);
        const accepted: number[] = [];
        for (const k of order) {
          if (accepted.length >= o.maxOffsetsPerItem) break;
          const start = windowStarts[k];
          if (accepted.some((other) => Math.abs(other - start) <= 2 * width)) continue;
          const significance = -poissonLogTail(windowVotes[k], lambda) - logTests;
          if (significance < o.minSignificance) break; // sorted by votes: later ones are weaker
          accepted.push(start);
          candidates.push({ itemId: item, offset: start + tolerance, votes: windowVotes[k], significance });
        }
      }
    }
    i = end;
  }
  if (candidates.length === 0) return [];
  // 5. segments: gather the query landmarks voting for each accepted (item, offset)
  const byItem = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const list = byItem.get(candidate.itemId);
    if (list) list.push(candidate);
    else byItem.set(candidate.itemId, [candidate]);
  }
  const voters = new Map<Candidate, number[]>();
  for (const candidate of candidates) voters.set(candidate, []);
  const keys = scratch.filteredKeys;
  const queryIndex = scratch.filteredIndex;
  for (let h = 0; h < hitCount; h++) {
    const key = keys[h];
    const item = Math.floor(key / ITEM_SCALE);
    const list = byItem.get(item);
    if (!list) continue;
    const offset = key - item * ITEM_SCALE - OFFSET_BIAS;
    for (const candidate of list) {
      if (Math.abs(offset - candidate.offset) <= tolerance) {
        voters.get(candidate)!.push(queryIndex[h]);
        break;
      }
    }
  }
  // Query landmark times sorted, for the similarity denominator.
  const sortedQueryTimes = distinctSorted(times, query.length);
  const found: Array<{ itemId: number; significance: number; segments: FrameSegment[] }> = [];
  for (const [itemId, list] of byItem) {
    const segments: FrameSegment[] = [];
    let significance = 0;
    // Strongest offset first; a weaker offset may not claim input time a stronger one already
    // explains (repeated choruses would otherwise map one input range to several places).
    for (const candidate of list) {
      significance = Math.max(significance, candidate.significance);
      const indices = voters.get(candidate)!;
      const uniqueIndices = Array.from(new Set(indices)).sort((a, b) => a - b);
      let runStart = 0;
      for (let k = 1; k <= uniqueIndices.length; k++) {
        if (k < uniqueIndices.length && times[uniqueIndices[k]] - times[uniqueIndices[k - 1]] <= o.maxGapFrames) continue;
        const run = uniqueIndices.slice(runStart, k);
        runStart = k;
        if (run.length < o.minSegmentVotes) continue;
        const startFrame = times[run[0]];
        // The range ends where the last agreeing landmark's target frame window ends.
        const lastAnchor = run[run.length - 1];
        const reach = targetReach(query, lastAnchor, itemId, candidate.offset, tolerance, postings, scratch);
        const endFrame = Math.min(times[lastAnchor] + reach + ANCHOR_EXTENT_FRAMES, queryFrames);
        let overlap = 0;
        for (const other of segments) overlap += Math.max(0, Math.min(endFrame, other.queryEndFrame) - Math.max(startFrame, other.queryStartFrame));
        if (overlap * 2 > endFrame - startFrame) continue;
        segments.push({
          queryStartFrame: startFrame,
          queryEndFrame: endFrame,
          itemStartFrame: startFrame + candidate.offset,
          itemEndFrame: endFrame + candidate.offset,
          votes: run.length,
        });
      }
    }
    if (segments.length === 0) continue;
    segments.sort((a, b) => a.queryStartFrame - b.queryStartFrame);
    found.push({ itemId, significance, segments });
  }
  if (o.maxBridgeFrames > 0) for (const entry of found) bridgeSegments(entry.segments, found, entry.itemId, o.maxBridgeFrames);
  const matches: FrameMatch[] = [];
  for (const { itemId, significance, segments } of found) {
    let votes = 0;
    let anchorsInside = 0;
    let covered = 0;
    let coveredUntil = 0;
    for (const segment of segments) {
      votes += segment.votes;
      anchorsInside += upperBound(sortedQueryTimes, segment.queryEndFrame - 1) - lowerBound(sortedQueryTimes, segment.queryStartFrame);
      const from = Math.max(segment.queryStartFrame, coveredUntil);
      if (segment.queryEndFrame > from) covered += segment.queryEndFrame - from;
      coveredUntil = Math.max(coveredUntil, segment.queryEndFrame);
    }
    matches.push({
      itemId,
      similarity: Math.min(1, covered / Math.max(1, queryFrames)),
      agreement: Math.min(1, votes / Math.max(1, anchorsInside)),
      votes,
      significance,
      segments,
    });
  }
  matches.sort((a, b) => b.similarity - a.similarity || b.significance - a.significance);
  return matches.slice(0, o.maxMatches);
}

/**
 * Joins consecutive `segments` (sorted by query start) of one item that share an offset and are
 * apart by at most `maxFrames`, unless a segment of another item in `found` overlaps the gap.
 */
function bridgeSegments(segments: FrameSegment[], found: ReadonlyArray<{ itemId: number; segments: FrameSegment[] }>, itemId: number, maxFrames: number): void {
  const othersInside = (from: number, to: number): boolean =>
    found.some((other) => other.itemId !== itemId && other.segments.some((g) => g.queryStartFrame < to && g.queryEndFrame > from));
  for (let i = 0; i + 1 < segments.length; ) {
    const a = segments[i];
    const b = segments[i + 1];
    const gap = b.queryStartFrame - a.queryEndFrame;
    const sameOffset = b.itemStartFrame - b.queryStartFrame === a.itemStartFrame - a.queryStartFrame;
    if (sameOffset && gap > 0 && gap <= maxFrames && !othersInside(a.queryEndFrame, b.queryStartFrame)) {
      a.queryEndFrame = b.queryEndFrame;
      a.itemEndFrame = b.itemEndFrame;
      a.votes += b.votes;
      segments.splice(i + 1, 1);
    } else {
      i++;
    }
  }
}

/**
 * Largest delta-frames among the landmarks of the anchor group starting at `first` that are found
 * in `itemId` at `offset` (± tolerance); 0 when none is.
 */
function targetReach(query: Landmarks, first: number, itemId: number, offset: number, tolerance: number, postings: PostingsStore, scratch: MatchScratch): number {
  const time = query.times[first];
  let reach = 0;
  for (let i = first; i < query.length && query.times[i] === time; i++) {
    const list = postings.lookup(query.hashes[i], scratch.list);
    scratch.list = list;
    for (let p = 0; p < list.length; p++) {
      if (list.itemIds[p] === itemId && Math.abs(list.times[p] - time - offset) <= tolerance) {
        reach = Math.max(reach, (query.hashes[i] >>> DELTA_FRAMES_SHIFT) & DELTA_FRAMES_MASK);
        break;
      }
    }
  }
  return reach;
}

/** Distinct values of the non-decreasing `times[0..length)`. */
function distinctSorted(times: Uint32Array, length: number): Uint32Array {
  const out = new Uint32Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) if (count === 0 || out[count - 1] !== times[i]) out[count++] = times[i];
  return out.subarray(0, count);
}
