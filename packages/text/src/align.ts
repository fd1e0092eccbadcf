/**
 * Copied-passage localisation: shared winnowed fingerprints ("hits", pairs of a query and a
 * document fingerprint with the same hash) are chained into runs that advance together in both
 * texts, tolerating gaps (edits that broke fingerprints) and small drifts (words inserted or
 * deleted). Each run long enough is a passage: a range of shingles in each text.
 */
import { lowerBound } from '@mediadna/core';
import type { TextFingerprint } from './fingerprint.js';

/** Options of {@link alignPassages}. */
export interface AlignOptions {
  /** Largest step between consecutive hits of a run, in shingles (both texts). Default 32. */
  readonly maxGap: number;
  /** Largest difference between the steps in the two texts, in shingles. Default 12. */
  readonly maxDrift: number;
  /** Fewest hits in a run for it to count as a passage. Default 4. */
  readonly minHits: number;
  /** Fewest tokens a passage must span in the query. Default 12. */
  readonly minTokens: number;
  /**
   * Smallest passage density (hits / query fingerprints in its range). Default 0.5: a copied
   * passage scores near 1, a text with 20% of its words edited about 0.4–0.6; loose chains of
   * common phrases and numbers (tables shared by a text and its translation) mostly 0.3–0.5.
   * 0.3 finds every heavily edited copy of the evaluation at the cost of such partial matches.
   */
  readonly minDensity: number;
  /**
   * Fewest original characters of the query covered by the matched shingles of a passage (short
   * shared lines such as running headers are not passages, nor are chains of them). Default 40.
   */
  readonly minChars: number;
}

/** Default alignment options. */
export const DEFAULT_ALIGN_OPTIONS: AlignOptions = Object.freeze({ maxGap: 32, maxDrift: 12, minHits: 4, minTokens: 12, minDensity: 0.5, minChars: 40 });

/** One aligned passage. Token ranges are half-open; offsets are original UTF-16 offsets. */
export interface Passage {
  queryTokenStart: number;
  queryTokenEnd: number;
  docTokenStart: number;
  docTokenEnd: number;
  queryStart: number;
  queryEnd: number;
  docStart: number;
  docEnd: number;
  /** Hits in the run. */
  hits: number;
  /** Hits / query fingerprints inside the query range (1 = every fingerprint matched). */
  similarity: number;
}

const MAX_ACTIVE = 256;

function countInRange(positions: Uint32Array, hashes: Uint32Array, mask: number, from: number, to: number): number {
  // positions ascend (fingerprints are in text order)
  let count = 0;
  for (let i = lowerBound(positions, from); i < positions.length && positions[i] < to; i++) if ((hashes[i] & mask) === 0) count++;
  return count;
}

/**
 * Chain hits into passages.
 * @param queryHits query fingerprint index of each hit
 * @param docHits document fingerprint index of each hit (same length)
 * @returns passages, ordered by query position, not overlapping in the query
 */
export function alignPassages(
  query: TextFingerprint,
  doc: TextFingerprint,
  queryHits: Uint32Array,
  docHits: Uint32Array,
  count: number,
  options: Partial<AlignOptions> = {},
): Passage[] {
  const o = { ...DEFAULT_ALIGN_OPTIONS, ...options };
  const { maxDrift, minTokens, minDensity, minChars } = o;
  if (count === 0) return [];
  // A very long text keeps 1 in 2^bits fingerprints (the same ones in every text): hits are that
  // much sparser, so gaps widen and fewer hits make a passage; density counts only the query
  // fingerprints that could have matched.
  const bits = Math.max(query.sampleBits, doc.sampleBits);
  const mask = bits === 0 ? 0 : (1 << bits) - 1;
  const maxGap = Math.min(o.maxGap << bits, 1 << 20);
  const minHits = bits === 0 ? o.minHits : Math.max(2, Math.ceil(o.minHits / (1 << bits)));
  const qPos = query.positions;
  const dPos = doc.positions;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => qPos[queryHits[a]] - qPos[queryHits[b]] || dPos[docHits[a]] - dPos[docHits[b]]);

  // active runs: first and last hit (as hit numbers), hit count
  const firstHit: number[] = [];
  const lastHit: number[] = [];
  const hitCount: number[] = [];
  const covered: number[] = []; // query characters covered by the run's shingles
  const coveredEnd: number[] = [];
  const done: number[] = []; // quadruples first, last, count, covered
  const qStarts = query.starts;
  const qEnds = query.ends;
  for (let o = 0; o < count; o++) {
    const h = order[o];
    const q = qPos[queryHits[h]];
    const d = dPos[docHits[h]];
    let best = -1;
    let bestCost = Infinity;
    for (let r = firstHit.length - 1; r >= 0; r--) {
      const last = lastHit[r];
      const lq = qPos[queryHits[last]];
      const ld = dPos[docHits[last]];
      const stepQ = q - lq;
      if (stepQ > maxGap) {
        // too far behind: the run is finished
        done.push(firstHit[r], last, hitCount[r], covered[r]);
        firstHit.splice(r, 1);
        lastHit.splice(r, 1);
        hitCount.splice(r, 1);
        covered.splice(r, 1);
        coveredEnd.splice(r, 1);
        if (best > r) best--;
        continue;
      }
      const stepD = d - ld;
      if (stepQ <= 0 || stepD <= 0 || stepD > maxGap + maxDrift) continue;
      const drift = Math.abs(stepD - stepQ);
      if (drift > maxDrift) continue;
      const cost = drift * 4 + stepQ;
      if (cost < bestCost) {
        bestCost = cost;
        best = r;
      }
    }
    const start = qStarts[queryHits[h]];
    const end = qEnds[queryHits[h]];
    if (best >= 0) {
      lastHit[best] = h;
      hitCount[best]++;
      if (end > coveredEnd[best]) {
        covered[best] += end - Math.max(start, coveredEnd[best]);
        coveredEnd[best] = end;
      }
    } else if (firstHit.length < MAX_ACTIVE) {
      firstHit.push(h);
      lastHit.push(h);
      hitCount.push(1);
      covered.push(end - start);
      coveredEnd.push(end);
    }
  }
  for (let r = 0; r < firstHit.length; r++) done.push(firstHit[r], lastHit[r], hitCount[r], covered[r]);

  const k = query.params.shingleSize;
  const runs: Passage[] = [];
  for (let i = 0; i < done.length; i += 4) {
    const hits = done[i + 2];
    if (hits < minHits || done[i + 3] < minChars) continue;
    const first = done[i];
    const last = done[i + 1];
    const qf = queryHits[first];
    const ql = queryHits[last];
    const df = docHits[first];
    const dl = docHits[last];
    const queryTokenStart = qPos[qf];
    const queryTokenEnd = Math.min(query.tokenCount, qPos[ql] + k);
    if (queryTokenEnd - queryTokenStart < minTokens) continue;
    const inRange = countInRange(qPos, query.hashes, mask, queryTokenStart, qPos[ql] + 1);
    const density = inRange === 0 ? 0 : Math.min(1, hits / inRange);
    if (density < minDensity) continue;
    runs.push({
      queryTokenStart,
      queryTokenEnd,
      docTokenStart: dPos[df],
      docTokenEnd: Math.min(doc.tokenCount, dPos[dl] + k),
      queryStart: query.starts[qf],
      queryEnd: query.ends[ql],
      docStart: doc.starts[df],
      docEnd: doc.ends[dl],
      hits,
      similarity: density,
    });
  }
  // strongest first; drop runs overlapping a stronger one in the query by more than half
  runs.sort((a, b) => b.hits - a.hits);
  const kept: Passage[] = [];
  for (const run of runs) {
    let overlaps = false;
    for (const other of kept) {
      const overlap = Math.min(run.queryTokenEnd, other.queryTokenEnd) - Math.max(run.queryTokenStart, other.queryTokenStart);
      if (overlap > (run.queryTokenEnd - run.queryTokenStart) / 2) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) kept.push(run);
  }
  kept.sort((a, b) => a.queryTokenStart - b.queryTokenStart);
  return kept;
}
