/**
 * A text document as stored in a library: its fingerprint, its text (reduced from HTML or
 * Markdown when it was markup), the map from text offsets back to the source, and for timed
 * transcripts the cue layout. The text is kept up to `maxStoredChars` for excerpts.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { fingerprintText, type TextFingerprint } from './fingerprint.js';
import { htmlToText, looksLikeHtml } from './html.js';
import { markdownToText } from './markdown.js';
import type { FingerprintParams } from './params.js';
import type { ReducedText } from './source-map.js';
import { parseTranscript, transcriptFromCues, type Cue, type Transcript, type TranscriptFormat } from './transcript.js';

/** How the input text is written. `auto` recognises HTML by its start; Markdown must be declared or named `.md`. */
export type TextFormat = 'auto' | 'plain' | 'html' | 'markdown';

/** Cue layout of a timed transcript (see {@link Transcript}). */
export type CueLayout = Omit<Transcript, 'text'>;

/** A fingerprinted text with what is needed to report matches. */
export interface TextDocument {
  readonly fingerprint: TextFingerprint;
  /** The document's text (after markup reduction), at most `maxStoredChars` characters. */
  readonly text: string;
  /** True when {@link TextDocument.text} was cut at `maxStoredChars`. */
  readonly textTruncated: boolean;
  /** Reduced-text → source offset runs (empty for plain text). */
  readonly sourceRuns: Uint32Array;
  /** Cue layout for timed transcripts, else null. */
  readonly cues: CueLayout | null;
}

/** Options of {@link createTextDocument}. */
export interface TextDocumentOptions {
  /** Input format; default `auto`. */
  readonly format?: TextFormat;
  /** Name of the input (a `.md`/`.markdown` name selects Markdown under `auto`). */
  readonly name?: string;
  /** Characters of text kept for excerpts. Default 1 048 576. */
  readonly maxStoredChars?: number;
  /** Fingerprint parameters (defaults are the engine's). */
  readonly params?: Partial<FingerprintParams>;
}

/** Default number of characters kept for excerpts. */
export const DEFAULT_MAX_STORED_CHARS = 1_048_576;

function reduce(text: string, options: TextDocumentOptions): ReducedText {
  const format = options.format ?? 'auto';
  if (format === 'html' || (format === 'auto' && looksLikeHtml(text))) return htmlToText(text);
  if (format === 'markdown' || (format === 'auto' && /\.(md|markdown)$/i.test(options.name ?? ''))) return markdownToText(text);
  return { text, runs: new Uint32Array(0) };
}

function build(reduced: ReducedText, cues: CueLayout | null, options: TextDocumentOptions): TextDocument {
  const fingerprint = fingerprintText(reduced.text, options.params);
  if (fingerprint.tokenCount === 0) {
    throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [text] The text has no words or characters to fingerprint (only whitespace, punctuation or markup)');
  }
  const maxStoredChars = options.maxStoredChars ?? DEFAULT_MAX_STORED_CHARS;
  const truncated = reduced.text.length > maxStoredChars;
  return {
    fingerprint,
    text: truncated ? reduced.text.slice(0, maxStoredChars) : reduced.text,
    textTruncated: truncated,
    sourceRuns: reduced.runs,
    cues,
  };
}

/**
 * Fingerprint a decoded text (plain, HTML or Markdown).
 * @throws DnaError `InvalidMedia.NoContent` when nothing is left to fingerprint
 * @example const doc = createTextDocument('<p>Hello world</p>', { format: 'html' })
 */
export function createTextDocument(text: string, options: TextDocumentOptions = {}): TextDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return build(reduce(body, options), null, options);
}

/**
 * Fingerprint a timed transcript (SRT, WebVTT, JSON); matches in it are reported in seconds.
 * @throws DnaError from {@link parseTranscript}, or `InvalidMedia.NoContent`
 */
export function createTranscriptDocument(text: string, options: TextDocumentOptions & { transcriptFormat?: TranscriptFormat } = {}): TextDocument {
  const transcript = parseTranscript(text, options.transcriptFormat);
  const { text: joined, ...cues } = transcript;
  return build({ text: joined, runs: new Uint32Array(0) }, cues, options);
}

/**
 * Fingerprint timed cues (e.g. a subtitle track read from an MP4); matches are reported in seconds.
 * @throws DnaError `InvalidMedia.NoContent` when the cues hold no text
 */
export function createCuesDocument(cues: readonly Cue[], options: TextDocumentOptions = {}): TextDocument {
  if (cues.length === 0) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [asr] The subtitle track has no cues with text');
  const { text: joined, ...layout } = transcriptFromCues(cues);
  return build({ text: joined, runs: new Uint32Array(0) }, layout, options);
}
