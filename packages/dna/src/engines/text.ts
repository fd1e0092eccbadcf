/**
 * The Text engine: MediaTypes `text` and `asr` in Text libraries.
 *
 * Extraction (worker): bytes → text (encoding detected or `Encoding`), HTML/Markdown reduced,
 * or for `asr` an SRT/WebVTT/JSON transcript or the first tx3g/wvtt subtitle track of an MP4/MOV
 * → {@link createTextDocument} → blob
 * ({@link serializeTextDocument}: MinHash, SimHash, winnowed fingerprints with positions, the
 * text up to `MaxStoredChars` for excerpts, the source map and cue times).
 *
 * Index (main thread): two {@link PostingsIndex}es — LSH band keys and SimHash blocks for
 * whole-document near-duplicates, winnowed fingerprints `(item, fingerprint number)` for passages.
 * A search gathers candidates from both, then compares each candidate with {@link matchTextDocuments}.
 *
 * Local Config fields (all optional):
 * - `Encoding` (string, a WHATWG label such as `gbk`, `big5`, `utf-16le`; default: detected)
 * - `Format` (`auto` | `plain` | `html` | `markdown`; default `auto`: HTML recognised by its start, Markdown by a `.md` name)
 * - `MinSimilarity` (0–1, estimated Jaccard for a whole-document match; default 0.3)
 * - `MaxResults` (1–1000, default 20)
 * - `MaxExcerptChars` (10–10 000, default 200)
 * - `MaxStoredChars` (0–16 777 216, text kept for excerpts; default 1 048 576)
 * - `MinPassageDensity` (0–1, share of a passage's fingerprints that must match; default 0.5; 0.3 finds more heavily edited copies)
 */
import {
  DnaErrorCode,
  dnaError,
  formatSimilarity,
  invalidParameter,
  isPlainObject,
  kindOfFormat,
  readAllBytes,
  readHead,
  sniffFormat,
  SNIFF_BYTES,
} from '@mediadna/core';
import type { DNAResult, MediaSource, MediaType, TextMatch } from '@mediadna/core';
import { PostingList, PostingsIndex } from '@mediadna/index';
import {
  createCuesDocument,
  createTextDocument,
  createTranscriptDocument,
  decodeText,
  deserializeTextDocument,
  isKnownEncoding,
  lshBandKeys,
  LSH_BANDS,
  matchTextDocuments,
  serializeTextDocument,
  simHashBlockKeys,
  StreamingTextDecoder,
  TEXT_ALGORITHM,
  TEXT_FORMAT_VERSION,
  DEFAULT_MATCH_OPTIONS,
  DEFAULT_MAX_STORED_CHARS,
} from '@mediadna/text';
import type { TextDocument, TextFormat } from '@mediadna/text';
import type { EngineConfig, EngineIndex, ExtractedFingerprint, ExtractOptions, MediaEngine } from '../engine.js';
import { readConfigNumber } from './config-fields.js';

const WHERE = 'text';
/** Largest text input in bytes (a 2 GB file fails `InvalidMedia.TooLarge` before any read). */
export const MAX_TEXT_BYTES: number = 256 * 1024 * 1024;
const READ_CHUNK = 1 << 20;
const FORMATS: readonly TextFormat[] = Object.freeze(['auto', 'plain', 'html', 'markdown']);
/**
 * A fingerprint found in more items than this (at least 5, else 0.5% of the library) is boilerplate
 * (running headers, licence lines, table headings): its hits count only for items that are
 * already near-duplicate candidates, so shared boilerplate alone never makes a passage match.
 */
function frequentKeyLimit(items: number): number {
  return Math.max(5, Math.ceil(items * 0.005));
}
/** Postings lists longer than this are not read at all (bounded work per query fingerprint). */
const MAX_POSTINGS_PER_KEY = 20_000;
/** Most library fingerprints one query fingerprint may pair with in one item (repetitive texts). */
const MAX_HITS_PER_KEY_AND_ITEM = 8;

interface TextConfig {
  readonly encoding?: string;
  readonly format: TextFormat;
  readonly minSimilarity: number;
  readonly maxResults: number;
  readonly maxExcerptChars: number;
  readonly maxStoredChars: number;
  readonly minPassageDensity: number;
}


function readConfig(config: EngineConfig): TextConfig {
  if (!isPlainObject(config)) throw invalidParameter(WHERE, 'Config', 'an object', config);
  const encoding = config.Encoding;
  if (encoding !== undefined && (typeof encoding !== 'string' || !isKnownEncoding(encoding))) {
    throw invalidParameter(WHERE, 'Config.Encoding', 'a text encoding label such as "utf-8", "gbk", "big5", "utf-16le"', encoding);
  }
  const format = config.Format ?? 'auto';
  if (typeof format !== 'string' || !FORMATS.includes(format as TextFormat)) {
    throw invalidParameter(WHERE, 'Config.Format', `one of ${FORMATS.join(', ')}`, format);
  }
  return {
    encoding: encoding as string | undefined,
    format: format as TextFormat,
    minSimilarity: readConfigNumber(config, 'MinSimilarity', 0, 1, false, DEFAULT_MATCH_OPTIONS.minSimilarity),
    maxResults: readConfigNumber(config, 'MaxResults', 1, 1000, true, 20),
    maxExcerptChars: readConfigNumber(config, 'MaxExcerptChars', 10, 10_000, true, DEFAULT_MATCH_OPTIONS.maxExcerptChars),
    maxStoredChars: readConfigNumber(config, 'MaxStoredChars', 0, 16 * 1024 * 1024, true, DEFAULT_MAX_STORED_CHARS),
    minPassageDensity: readConfigNumber(config, 'MinPassageDensity', 0, 1, false, DEFAULT_MATCH_OPTIONS.minDensity),
  };
}

function sourceName(source: MediaSource): string {
  return source.type === 'path' ? source.path : source.name;
}

/** Read and decode a text source in chunks (bounded extra memory); falls back to whole-file detection. */
async function readText(source: MediaSource, encoding: string | undefined, signal: AbortSignal): Promise<string> {
  if (source.type === 'bytes') return decodeText(source.bytes, encoding).text;
  const head = await readHead(source, 65536);
  const decoder = new StreamingTextDecoder(head, encoding);
  const fs = await import('node:fs/promises');
  const handle = await fs.open(source.path, 'r');
  const parts: string[] = [];
  try {
    const buffer = new Uint8Array(READ_CHUNK);
    let position = 0;
    for (;;) {
      if (signal.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [text] The job was cancelled');
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      position += bytesRead;
      const final = bytesRead === 0;
      parts.push(decoder.push(buffer.subarray(0, bytesRead), final));
      if (final) break;
    }
  } catch (error) {
    // detected from the head but invalid later (e.g. ASCII head, GB18030 body): detect on the whole file
    if (encoding === undefined && (error as { code?: string }).code === DnaErrorCode.MediaCorrupt) {
      return decodeText(await readAllBytes(source, MAX_TEXT_BYTES)).text;
    }
    throw error;
  } finally {
    await handle.close();
  }
  return parts.join('');
}

async function extract(source: MediaSource, options: ExtractOptions): Promise<ExtractedFingerprint> {
  const config = readConfig(options.config);
  const size = source.type === 'path' ? source.size : source.bytes.length;
  const tooLarge = (limit: number): Error =>
    dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [text] The input is ${size} bytes; ${options.mediaType} inputs are limited to ${limit} bytes`);
  if (size > options.limits.maxInputBytes) throw tooLarge(options.limits.maxInputBytes);
  if (size === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [text] The input is empty');
  const format = sniffFormat(await readHead(source, SNIFF_BYTES));
  const kind = kindOfFormat(format);
  const name = sourceName(source);
  const documentOptions = { format: config.format, name, maxStoredChars: config.maxStoredChars };
  if (options.mediaType === 'asr' && (format === 'mp4' || format === 'mov' || format === 'm4a')) {
    // only the index and the subtitle samples are read, so the video's size does not matter
    const doc = createCuesDocument(await readSubtitleCues(source, name), documentOptions);
    return { blob: serializeTextDocument(doc), meta: documentMeta(doc) };
  }
  if (size > MAX_TEXT_BYTES) throw tooLarge(MAX_TEXT_BYTES);
  if (kind === 'image' || kind === 'audio' || kind === 'video' || format === 'pdf') {
    throw dnaError(
      DnaErrorCode.MediaTypeMismatch,
      `[mediadna] [text] The input is ${format.toUpperCase()} data, not text${options.mediaType === 'asr' ? ' (for asr, submit an SRT/WebVTT/JSON transcript or an MP4/MOV with a tx3g/wvtt subtitle track)' : ''}`,
    );
  }
  const text = await readText(source, config.encoding, options.signal);
  const doc = options.mediaType === 'asr' ? createTranscriptDocument(text, documentOptions) : createTextDocument(text, documentOptions);
  return { blob: serializeTextDocument(doc), meta: documentMeta(doc) };
}

function documentMeta(doc: TextDocument): Record<string, unknown> {
  const fp = doc.fingerprint;
  return {
    characters: fp.charCount,
    tokens: fp.tokenCount,
    fingerprints: fp.hashes.length,
    ...(doc.cues ? { cues: doc.cues.cueOffsets.length, duration: doc.cues.cueEnds[doc.cues.cueEnds.length - 1] } : {}),
  };
}

/** Cues of the first tx3g/wvtt subtitle track with text of an MP4/MOV (mp4box via @mediadna/media, loaded on demand). */
async function readSubtitleCues(source: MediaSource, name: string): Promise<{ start: number; end: number; text: string }[]> {
  const media = await import('@mediadna/media');
  const reader = await media.openRangeReader(source);
  try {
    const tracks = await media.readMp4Subtitles(reader.read, reader.size, name);
    const track = tracks.find((t) => t.cues.length > 0);
    if (!track) {
      throw dnaError(DnaErrorCode.MediaNoContent, `[mediadna] [asr] ${name} has no tx3g/wvtt subtitle track with text; submit its transcript (SRT, WebVTT or JSON) instead`);
    }
    return track.cues;
  } finally {
    await reader.close();
  }
}

/** Distinct items in a posting list (postings of one item are mostly adjacent). */
function countItems(list: PostingList): number {
  const seen = new Set<number>();
  for (let p = 0; p < list.length; p++) seen.add(list.itemIds[p]);
  return seen.size;
}

/** Per-item hits gathered during one search. */
interface ItemHits {
  query: number[];
  doc: number[];
}

/** One Text library in memory. */
export class TextIndex implements EngineIndex {
  private readonly itemOfKey = new Map<string, number>();
  private readonly keys: (string | undefined)[] = [];
  private readonly docs: (TextDocument | undefined)[] = [];
  private readonly fingerprints = new PostingsIndex();
  private readonly bands = new PostingsIndex();
  private readonly list = new PostingList();
  private readonly bandKeys = new Uint32Array(LSH_BANDS + 4);
  private readonly bandTimes = new Uint32Array(LSH_BANDS + 4);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(primaryKey: string, blob: Uint8Array): void {
    if (this.itemOfKey.has(primaryKey)) this.remove(primaryKey);
    const doc = deserializeTextDocument(blob);
    const item = this.docs.length;
    this.docs.push(doc);
    this.keys.push(primaryKey);
    this.itemOfKey.set(primaryKey, item);
    this.count++;
    const fp = doc.fingerprint;
    const times = new Uint32Array(fp.hashes.length);
    for (let i = 0; i < times.length; i++) times[i] = i;
    this.fingerprints.add(item, fp.hashes, times);
    this.bands.add(item, this.documentKeys(doc), this.bandTimes);
  }

  remove(primaryKey: string): void {
    const item = this.itemOfKey.get(primaryKey);
    if (item === undefined) return;
    this.itemOfKey.delete(primaryKey);
    this.docs[item] = undefined;
    this.keys[item] = undefined;
    this.fingerprints.removeItem(item);
    this.bands.removeItem(item);
    this.count--;
  }

  /** LSH band keys and SimHash block keys of a document (into a reused array). */
  private documentKeys(doc: TextDocument): Uint32Array {
    lshBandKeys(doc.fingerprint.minhash, this.bandKeys);
    simHashBlockKeys(doc.fingerprint.simhash, this.bandKeys.subarray(LSH_BANDS));
    return this.bandKeys;
  }

  search(query: Uint8Array, options: { readonly mediaType: MediaType; readonly config: EngineConfig }): DNAResult {
    const config = readConfig(options.config);
    const q = deserializeTextDocument(query);
    const hits = new Map<number, ItemHits>();
    const candidates = new Set<number>();
    const list = this.list;
    const bandKeys = this.documentKeys(q);
    for (let b = 0; b < bandKeys.length; b++) {
      this.bands.lookup(bandKeys[b], list);
      for (let p = 0; p < list.length; p++) candidates.add(list.itemIds[p]);
    }
    const qh = q.fingerprint.hashes;
    const frequent = frequentKeyLimit(this.count);
    for (let i = 0; i < qh.length; i++) {
      this.fingerprints.lookup(qh[i], list);
      if (list.length > MAX_POSTINGS_PER_KEY) continue;
      const onlyCandidates = list.length > frequent && countItems(list) > frequent;
      let previousItem = -1;
      let perItem = 0;
      for (let p = 0; p < list.length; p++) {
        const item = list.itemIds[p];
        if (onlyCandidates && !candidates.has(item)) continue;
        perItem = item === previousItem ? perItem + 1 : 0;
        previousItem = item;
        if (perItem >= MAX_HITS_PER_KEY_AND_ITEM) continue;
        let entry = hits.get(item);
        if (entry === undefined) {
          entry = { query: [], doc: [] };
          hits.set(item, entry);
        }
        entry.query.push(i);
        entry.doc.push(list.times[p]);
      }
    }
    for (const [item, entry] of hits) {
      // sampled (very long) texts keep 1 in 2^bits fingerprints, so fewer hits can make a passage
      const bits = Math.max(q.fingerprint.sampleBits, this.docs[item]?.fingerprint.sampleBits ?? 0);
      if (entry.query.length >= Math.max(2, Math.ceil(DEFAULT_MATCH_OPTIONS.minHits / (1 << bits)))) candidates.add(item);
    }
    const matchOptions = { minSimilarity: config.minSimilarity, maxExcerptChars: config.maxExcerptChars, minDensity: config.minPassageDensity };
    const found: { match: TextMatch; similarity: number; passageChars: number }[] = [];
    for (const item of candidates) {
      const doc = this.docs[item];
      const key = this.keys[item];
      if (doc === undefined || key === undefined) continue;
      if (doc.fingerprint.params.shingleSize !== q.fingerprint.params.shingleSize || doc.fingerprint.params.windowSize !== q.fingerprint.params.windowSize) continue;
      const entry = hits.get(item);
      const queryHits = Uint32Array.from(entry?.query ?? []);
      const docHits = Uint32Array.from(entry?.doc ?? []);
      const comparison = matchTextDocuments(q, doc, queryHits, docHits, queryHits.length, matchOptions);
      if (!comparison.matched) continue;
      let passageChars = 0;
      for (const passage of comparison.passages) passageChars += passage.queryEnd - passage.queryStart;
      found.push({
        match: { PrimaryKey: key, Similarity: formatSimilarity(comparison.similarity), Detail: comparison.details },
        similarity: comparison.similarity,
        passageChars,
      });
    }
    found.sort((a, b) => b.similarity - a.similarity || b.passageChars - a.passageChars);
    return { TextDNA: found.slice(0, config.maxResults).map((f) => f.match) };
  }
}

/** The Text engine (MediaTypes `text` and `asr`). */
export const textEngine: MediaEngine = {
  model: 'Text',
  mediaTypes: Object.freeze(['text', 'asr'] as MediaType[]),
  algorithm: TEXT_ALGORITHM,
  version: TEXT_FORMAT_VERSION,
  validateConfig(config: EngineConfig): void {
    readConfig(config);
  },
  extract,
  createIndex(): EngineIndex {
    return new TextIndex();
  },
};

export default textEngine;
