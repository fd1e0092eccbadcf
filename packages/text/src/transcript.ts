/**
 * Timed transcripts for `asr`: SRT, WebVTT or the cloud's JSON array `[{"start","end","text"}]`
 * (times in seconds, as numbers or strings; `hh:mm:ss.mmm` strings are accepted too). The cues'
 * texts are joined with line breaks into one text; a character offset maps back to a time by
 * linear interpolation inside its cue.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { decodeHtmlEntities } from './html.js';

/** One cue. Times in seconds. */
export interface Cue {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A transcript as one text with the cue layout. */
export interface Transcript {
  /** Cue texts joined by `\n`. */
  readonly text: string;
  /** Character offset of each cue in {@link Transcript.text}. */
  readonly cueOffsets: Uint32Array;
  /** Character length of each cue's text. */
  readonly cueLengths: Uint32Array;
  /** Start of each cue in seconds. */
  readonly cueStarts: Float64Array;
  /** End of each cue in seconds. */
  readonly cueEnds: Float64Array;
}

/** The transcript formats. */
export type TranscriptFormat = 'srt' | 'vtt' | 'json';

const TIMING = /((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)/;

function invalid(message: string): Error {
  return dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [asr] ${message}`);
}

/** Seconds of a `hh:mm:ss,mmm`, `mm:ss.mmm` or plain-seconds string; NaN when malformed. */
export function parseTimestamp(value: string): number {
  const text = value.trim().replace(',', '.');
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p))) return NaN;
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + Number(part);
  return seconds;
}

function cleanCueText(text: string): string {
  return decodeHtmlEntities(text.replace(/<[^>\n]*>/g, '').replace(/\{\\[^}]*\}/g, '')).trim();
}

function parseBlocks(text: string, vtt: boolean): Cue[] {
  const cues: Cue[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const lines = block.split('\n');
    const timingLine = lines.findIndex((line) => line.includes('-->'));
    if (timingLine < 0) continue; // header, NOTE, STYLE, REGION, stray text
    if (vtt && /^(NOTE|STYLE|REGION)\b/.test(lines[0])) continue;
    const timing = TIMING.exec(lines[timingLine]);
    if (!timing) throw invalid(`Malformed cue timing ${JSON.stringify(lines[timingLine].slice(0, 60))}`);
    const start = parseTimestamp(timing[1]);
    const end = parseTimestamp(timing[2]);
    const body = cleanCueText(lines.slice(timingLine + 1).join('\n'));
    if (body.length > 0) cues.push({ start, end: Math.max(start, end), text: body });
  }
  return cues;
}

function parseJson(text: string): Cue[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('The transcript is not valid JSON; expected [{"start","end","text"}]');
  }
  if (!Array.isArray(value)) throw invalid('Expected a JSON array of {"start","end","text"}');
  const cues: Cue[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) throw invalid('Expected objects with "start", "end" and "text"');
    const record = item as Record<string, unknown>;
    const start = typeof record.start === 'number' ? record.start : parseTimestamp(String(record.start ?? ''));
    const end = typeof record.end === 'number' ? record.end : parseTimestamp(String(record.end ?? ''));
    if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0) throw invalid(`Bad cue times start=${String(record.start)} end=${String(record.end)}`);
    if (typeof record.text !== 'string') throw invalid('Each cue needs a "text" string');
    const body = record.text.trim();
    if (body.length > 0) cues.push({ start, end: Math.max(start, end), text: body });
  }
  return cues;
}

/** The format of a transcript text, or null when it is none of them. */
export function detectTranscriptFormat(text: string): TranscriptFormat | null {
  const head = text.replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (head.startsWith('[')) return 'json';
  if (TIMING.test(head.slice(0, 4096))) return 'srt';
  return null;
}

/** Join cues into a {@link Transcript} (cues sorted by start time). */
export function transcriptFromCues(cues: readonly Cue[]): Transcript {
  const sorted = [...cues].sort((a, b) => a.start - b.start);
  const n = sorted.length;
  const cueOffsets = new Uint32Array(n);
  const cueLengths = new Uint32Array(n);
  const cueStarts = new Float64Array(n);
  const cueEnds = new Float64Array(n);
  const parts: string[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    cueOffsets[i] = offset;
    cueLengths[i] = sorted[i].text.length;
    cueStarts[i] = sorted[i].start;
    cueEnds[i] = sorted[i].end;
    parts.push(sorted[i].text);
    offset += sorted[i].text.length + 1;
  }
  return { text: parts.join('\n'), cueOffsets, cueLengths, cueStarts, cueEnds };
}

/**
 * Parse an SRT, WebVTT or JSON transcript.
 * @throws DnaError `InvalidMedia.UnsupportedFormat` when it is none of them, `InvalidMedia.Corrupt`
 * when malformed, `InvalidMedia.NoContent` when it has no text
 * @example parseTranscript('1\n00:00:01,000 --> 00:00:02,500\nHello\n').text // 'Hello'
 */
export function parseTranscript(text: string, format?: TranscriptFormat): Transcript {
  const kind = format ?? detectTranscriptFormat(text);
  if (kind === null) {
    throw dnaError(DnaErrorCode.MediaUnsupported, '[mediadna] [asr] The transcript is not SRT, WebVTT or a JSON array of {"start","end","text"}');
  }
  const body = text.replace(/^\ufeff/, '');
  const cues = kind === 'json' ? parseJson(body) : parseBlocks(body, kind === 'vtt');
  if (cues.length === 0) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [asr] The transcript has no cues with text');
  return transcriptFromCues(cues);
}

/** The time in seconds of character `offset` of a transcript's text (interpolated inside its cue). */
export function secondsAtOffset(transcript: Omit<Transcript, 'text'>, offset: number, isEnd = false): number {
  const offsets = transcript.cueOffsets;
  let lo = 0;
  let hi = offsets.length - 1;
  const probe = isEnd ? offset - 1 : offset;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid] <= probe) lo = mid;
    else hi = mid - 1;
  }
  const length = transcript.cueLengths[lo];
  const within = Math.min(Math.max(offset - offsets[lo], 0), length);
  const fraction = length === 0 ? 0 : within / length;
  return transcript.cueStarts[lo] + (transcript.cueEnds[lo] - transcript.cueStarts[lo]) * fraction;
}
