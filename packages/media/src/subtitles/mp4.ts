/**
 * Subtitle tracks inside MP4/MOV files: 3GPP timed text (`tx3g`, what ffmpeg's `mov_text`
 * writes) and ISO WebVTT (`wvtt`). The index (moov) is parsed with mp4box; then only the subtitle
 * samples are read, by byte range, so a large video costs its index plus a few kilobytes.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { createFile, MP4BoxBuffer } from 'mp4box';
import type { Movie } from 'mp4box';
import { scanTopLevelBoxes } from '../video/boxes.js';
import type { RangeRead } from '../video/boxes.js';

/** One timed cue of a subtitle track. Times in seconds. */
export interface SubtitleCue {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The cues of one subtitle track. */
export interface SubtitleTrack {
  readonly id: number;
  readonly codec: string;
  readonly language: string;
  readonly cues: SubtitleCue[];
}

/** Largest moov read for subtitles (bytes). */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** Largest single subtitle sample (bytes); larger ones are skipped as implausible. */
const MAX_SAMPLE_BYTES = 64 * 1024;
const utf8 = /*#__PURE__*/ new TextDecoder('utf-8');

function fail(name: string, reason: string): Error {
  return dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [subtitles] ${name}: ${reason}`);
}

/** Text of a `tx3g` sample: a 16-bit big-endian length, then UTF-8 (or UTF-16 with BOM) text, then style boxes. */
export function decodeTx3gSample(sample: Uint8Array): string {
  if (sample.length < 2) return '';
  const length = Math.min((sample[0] << 8) | sample[1], sample.length - 2);
  const body = sample.subarray(2, 2 + length);
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return new TextDecoder('utf-16be').decode(body.subarray(2));
  return utf8.decode(body);
}

/** Text of a `wvtt` sample: the `payl` boxes inside its `vttc` boxes (a `vtte` box is an empty cue). */
export function decodeWvttSample(sample: Uint8Array): string {
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  const texts: string[] = [];
  const walk = (from: number, to: number, inside: boolean): void => {
    let offset = from;
    while (offset + 8 <= to) {
      const size = view.getUint32(offset);
      const type = String.fromCharCode(sample[offset + 4], sample[offset + 5], sample[offset + 6], sample[offset + 7]);
      if (size < 8 || offset + size > to) return;
      if (type === 'vttc') walk(offset + 8, offset + size, true);
      else if (type === 'payl' && inside) texts.push(utf8.decode(sample.subarray(offset + 8, offset + size)));
      offset += size;
    }
  };
  walk(0, sample.length, false);
  return texts.join('\n');
}

/**
 * Read every `tx3g`/`wvtt` subtitle track of an MP4/MOV file.
 * @param read reads a byte range of the file
 * @returns the tracks (empty when the file has none)
 * @throws DnaError `InvalidMedia.Corrupt` when the file has no readable index
 */
export async function readMp4Subtitles(read: RangeRead, fileSize: number, name: string): Promise<SubtitleTrack[]> {
  const scan = await scanTopLevelBoxes(read, fileSize);
  const moov = scan.boxes.find((box) => box.type === 'moov');
  if (!moov) throw fail(name, 'the MP4 has no moov box (index)');
  if (moov.size > MAX_INDEX_BYTES) throw fail(name, `the MP4 index is ${moov.size} bytes, over ${MAX_INDEX_BYTES}`);
  // mp4box wants the ftyp before the moov; sample offsets in the index stay absolute
  const ftyp = scan.boxes.find((box) => box.type === 'ftyp');
  const ftypBytes = ftyp && ftyp.size <= 4096 ? await read(ftyp.offset, ftyp.size) : new Uint8Array(0);
  const moovOnly = await read(moov.offset, moov.size);
  const moovBytes = new Uint8Array(ftypBytes.length + moovOnly.length);
  moovBytes.set(ftypBytes, 0);
  moovBytes.set(moovOnly, ftypBytes.length);
  const file = createFile();
  let movie: Movie | null = null;
  file.onReady = (info: Movie) => {
    movie = info;
  };
  try {
    file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(moovBytes.slice().buffer, 0), true);
    file.flush();
  } catch (error) {
    throw fail(name, `the MP4 index cannot be parsed (${(error as Error).message})`);
  }
  if (!movie) throw fail(name, 'the MP4 index cannot be parsed');
  const tracks: SubtitleTrack[] = [];
  for (const track of (movie as Movie).subtitleTracks) {
    if (track.codec !== 'tx3g' && track.codec !== 'wvtt') continue;
    const samples = file.getTrackSamplesInfo(track.id) ?? [];
    const cues: SubtitleCue[] = [];
    for (const sample of samples) {
      if (sample.size <= 2 || sample.size > MAX_SAMPLE_BYTES || sample.offset + sample.size > fileSize) continue;
      const bytes = await read(sample.offset, sample.size);
      const text = (track.codec === 'tx3g' ? decodeTx3gSample(bytes) : decodeWvttSample(bytes)).trim();
      if (text.length === 0) continue;
      const start = sample.cts / sample.timescale;
      cues.push({ start, end: start + sample.duration / sample.timescale, text });
    }
    tracks.push({ id: track.id, codec: track.codec, language: track.language, cues });
  }
  return tracks;
}
