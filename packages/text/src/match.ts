/**
 * Matching one query document against one library document: estimated Jaccard from the MinHash
 * signatures, passages from shared fingerprints ({@link alignPassages}), passage edges extended
 * character by character on normalised text (winnowing leaves up to `windowSize + shingleSize`
 * tokens unmarked at each edge), then offsets mapped to the source (characters) or to the
 * transcript (seconds), with trimmed excerpts.
 */
import { formatSeconds, formatSimilarity, hammingDistance64, type TextDetail } from '@mediadna/core';
import { alignPassages, type AlignOptions, type Passage } from './align.js';
import type { TextDocument } from './document.js';
import { estimateJaccard } from './minhash.js';
import { NormalizeBuffer, normalizeSlice } from './normalize.js';
import { sourceEnd, sourceStart } from './source-map.js';
import { secondsAtOffset } from './transcript.js';

/** Options of {@link matchTextDocuments}. */
export interface MatchOptions extends AlignOptions {
  /** Estimated Jaccard at or above which two documents are near-duplicates. Default 0.3. */
  readonly minSimilarity: number;
  /** Longest excerpt in `InputText`/`DuplicationText`, in characters (an ellipsis marks a cut). Default 200. */
  readonly maxExcerptChars: number;
  /** Most passages reported per match. Default 20. */
  readonly maxDetails: number;
  /**
   * Passages of density between `weakDensity` and `minDensity` count only when the documents'
   * estimated Jaccard is at least `weakSimilarity` (heavily edited copies: many loose passages and
   * some overall resemblance). Defaults 0.3 and 0.1.
   */
  readonly weakDensity: number;
  readonly weakSimilarity: number;
}

/** Default match options. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = Object.freeze({
  maxGap: 32,
  maxDrift: 12,
  minHits: 4,
  minTokens: 12,
  minDensity: 0.5,
  minChars: 40,
  minSimilarity: 0.3,
  maxExcerptChars: 200,
  maxDetails: 20,
  weakDensity: 0.3,
  weakSimilarity: 0.1,
});

/** Result of comparing two documents. */
export interface TextComparison {
  /** Estimated Jaccard similarity of the shingle sets (MinHash). */
  readonly similarity: number;
  /** Hamming distance of the two 64-bit SimHashes (0..64). */
  readonly simhashDistance: number;
  /** Copied passages, in query order. */
  readonly passages: Passage[];
  /** True when the documents are near-duplicates or share at least one passage. */
  readonly matched: boolean;
  /** `Detail` items of the API (offsets in characters, or seconds for transcripts). */
  readonly details: TextDetail[];
}

const EDGE_WINDOW = 256;
const scratchA = /*#__PURE__*/ new NormalizeBuffer(EDGE_WINDOW * 2);
const scratchB = /*#__PURE__*/ new NormalizeBuffer(EDGE_WINDOW * 2);

function normalizeWindow(text: string, from: number, to: number, out: NormalizeBuffer): void {
  out.length = 0;
  out.lastWasSpace = true;
  const start = Math.max(0, from);
  const end = Math.min(text.length, to);
  if (end > start) normalizeSlice(text, start, end, out);
}

/** Move `passage` edges outwards while the normalised texts agree. Needs both texts to cover the edges. */
function extendPassage(passage: Passage, query: string, doc: string): void {
  // left edge: compare backwards
  normalizeWindow(query, passage.queryStart - EDGE_WINDOW, passage.queryStart, scratchA);
  normalizeWindow(doc, passage.docStart - EDGE_WINDOW, passage.docStart, scratchB);
  let i = scratchA.length - 1;
  let j = scratchB.length - 1;
  while (i >= 0 && j >= 0 && scratchA.units[i] === scratchB.units[j]) {
    i--;
    j--;
  }
  i++;
  j++;
  while (i < scratchA.length && scratchA.units[i] === 0x20) {
    i++;
    j++;
  }
  if (i < scratchA.length) {
    passage.queryStart = scratchA.starts[i];
    passage.docStart = scratchB.starts[j];
  }
  // right edge: compare forwards
  normalizeWindow(query, passage.queryEnd, passage.queryEnd + EDGE_WINDOW, scratchA);
  normalizeWindow(doc, passage.docEnd, passage.docEnd + EDGE_WINDOW, scratchB);
  let n = 0;
  while (n < scratchA.length && n < scratchB.length && scratchA.units[n] === scratchB.units[n]) n++;
  while (n > 0 && scratchA.units[n - 1] === 0x20) n--;
  if (n > 0) {
    passage.queryEnd = scratchA.ends[n - 1];
    passage.docEnd = scratchB.ends[n - 1];
  }
}

/** Whitespace collapsed, cut to `max` characters with an ellipsis. */
export function excerpt(text: string, start: number, end: number, max: number): string {
  if (start >= text.length) return '';
  let s = text.slice(start, Math.min(end, start + max * 4, text.length)).replace(/\s+/g, ' ').trim();
  if (s.length > max) s = s.slice(0, max - 1).trimEnd() + '…';
  return s;
}

function range(doc: TextDocument, start: number, end: number): { Start: string; Duration: string } {
  if (doc.cues) {
    const from = secondsAtOffset(doc.cues, start);
    const to = secondsAtOffset(doc.cues, end, true);
    return { Start: formatSeconds(from), Duration: formatSeconds(Math.max(0, to - from)) };
  }
  const from = sourceStart(doc.sourceRuns, start);
  const to = sourceEnd(doc.sourceRuns, end);
  return { Start: String(from), Duration: String(Math.max(0, to - from)) };
}

/**
 * Compare a query with a library document, given the shared fingerprints (pairs of indexes into
 * each document's fingerprint arrays; found by an index, or by {@link compareTextDocuments}).
 */
export function matchTextDocuments(
  query: TextDocument,
  doc: TextDocument,
  queryHits: Uint32Array,
  docHits: Uint32Array,
  hitCount: number,
  options: Partial<MatchOptions> = {},
): TextComparison {
  const o: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const qf = query.fingerprint;
  const df = doc.fingerprint;
  const similarity = estimateJaccard(qf.minhash, df.minhash);
  const simhashDistance = hammingDistance64(qf.simhash, df.simhash);
  const weakAllowed = similarity >= o.weakSimilarity && o.weakDensity < o.minDensity;
  const passages = alignPassages(qf, df, queryHits, docHits, hitCount, weakAllowed ? { ...o, minDensity: o.weakDensity } : o);
  const details: TextDetail[] = [];
  for (const passage of passages.slice(0, o.maxDetails)) {
    const coversQuery = passage.queryEnd + EDGE_WINDOW <= query.text.length || !query.textTruncated;
    const coversDoc = passage.docEnd + EDGE_WINDOW <= doc.text.length || !doc.textTruncated;
    if (coversQuery && coversDoc) extendPassage(passage, query.text, doc.text);
    details.push({
      Similarity: formatSimilarity(passage.similarity),
      InputText: excerpt(query.text, passage.queryStart, passage.queryEnd, o.maxExcerptChars),
      DuplicationText: excerpt(doc.text, passage.docStart, passage.docEnd, o.maxExcerptChars),
      InputFragment: range(query, passage.queryStart, passage.queryEnd),
      DuplicationFragment: range(doc, passage.docStart, passage.docEnd),
    });
  }
  return { similarity, simhashDistance, passages, matched: similarity >= o.minSimilarity || passages.length > 0, details };
}

/**
 * Compare two documents directly (no index): shared fingerprints are found with a hash map.
 * @example compareTextDocuments(createTextDocument(a), createTextDocument(b)).similarity
 */
export function compareTextDocuments(query: TextDocument, doc: TextDocument, options: Partial<MatchOptions> = {}): TextComparison {
  const byHash = new Map<number, number[]>();
  const dh = doc.fingerprint.hashes;
  for (let i = 0; i < dh.length; i++) {
    const list = byHash.get(dh[i]);
    if (list) list.push(i);
    else byHash.set(dh[i], [i]);
  }
  const qh = query.fingerprint.hashes;
  const queryHits: number[] = [];
  const docHits: number[] = [];
  for (let i = 0; i < qh.length; i++) {
    const list = byHash.get(qh[i]);
    if (!list) continue;
    for (let k = 0; k < list.length && k < 16; k++) {
      queryHits.push(i);
      docHits.push(list[k]);
    }
  }
  return matchTextDocuments(query, doc, Uint32Array.from(queryHits), Uint32Array.from(docHits), queryHits.length, options);
}
