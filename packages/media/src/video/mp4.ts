/**
 * MP4/MOV metadata with mp4box: tracks, codecs, frame size, keyframe times and subtitle tracks.
 * Only `ftyp` and `moov` are read (the top-level scan finds them), never `mdat`, so a multi-GB
 * file costs one read of its index, capped by `maxIndexBytes`.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import { createFile, MP4BoxBuffer } from 'mp4box';
import type { Movie, Track } from 'mp4box';
import { readMovieDuration, scanTopLevelBoxes } from './boxes.js';
import type { RangeRead } from './boxes.js';
import { DEFAULT_MAX_DURATION_SECONDS, DEFAULT_MAX_INDEX_BYTES } from './types.js';
import type { VideoInfo, VideoLimits } from './types.js';

/** Most samples for which keyframe times are listed (larger tables skip them to bound memory). */
const MAX_SAMPLES_FOR_KEYFRAMES = 500_000;

function fail(code: (typeof DnaErrorCode)[keyof typeof DnaErrorCode], name: string, reason: string): Error {
  return dnaError(code, `[mediadna] [video] ${name}: ${reason}`);
}

function parseMoov(bytes: Uint8Array): { movie: Movie; file: ReturnType<typeof createFile> } {
  const file = createFile();
  let movie: Movie | null = null;
  let error: string | null = null;
  file.onReady = (info: Movie) => {
    movie = info;
  };
  file.onError = (module: string, message: string) => {
    error = `${module}: ${message}`;
  };
  const buffer = MP4BoxBuffer.fromArrayBuffer(bytes.slice().buffer, 0);
  try {
    file.appendBuffer(buffer, true);
    file.flush();
  } catch (thrown) {
    error = (thrown as Error).message;
  }
  if (!movie) throw new Error(error ?? 'mp4box found no movie');
  return { movie, file };
}

function keyframeTimes(file: ReturnType<typeof createFile>, track: Track): Float64Array | null {
  if (track.nb_samples > MAX_SAMPLES_FOR_KEYFRAMES) return null;
  const samples = file.getTrackSamplesInfo(track.id);
  if (!samples || samples.length === 0) return null;
  // Times start at the first presented frame (what decoders report after the edit list).
  let count = 0;
  let first = Infinity;
  for (let i = 0; i < samples.length; i++) {
    if (samples[i].is_sync) count++;
    if (samples[i].cts < first) first = samples[i].cts;
  }
  const times = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i];
    if (sample.is_sync) times[k++] = (sample.cts - first) / sample.timescale;
  }
  return times.sort();
}

/**
 * Read MP4/MOV metadata. `read` reads a byte range, `fileSize` is the file's size.
 * @throws DnaError `InvalidMedia.Corrupt` (no moov), `InvalidMedia.Truncated`, `InvalidMedia.TooLong`,
 *   `InvalidMedia.TooLarge` (index over the cap), `InvalidMedia.NoContent` (no video track).
 */
export async function readMp4Info(read: RangeRead, fileSize: number, name: string, limits: VideoLimits = {}): Promise<VideoInfo> {
  const scan = await scanTopLevelBoxes(read, fileSize);
  const moov = scan.boxes.find((box) => box.type === 'moov');
  const ftyp = scan.boxes.find((box) => box.type === 'ftyp');
  if (!moov || (scan.truncated && moov === scan.boxes[scan.boxes.length - 1])) {
    if (scan.truncated) throw fail(DnaErrorCode.MediaTruncated, name, 'the MP4 ends early and its moov box (the index) is missing or cut off; the file is incomplete');
    throw fail(DnaErrorCode.MediaCorrupt, name, 'the MP4 has no moov box (the index); it was not finalised or is damaged');
  }
  if (scan.truncated) throw fail(DnaErrorCode.MediaTruncated, name, `the MP4 ends early: box "${scan.boxes[scan.boxes.length - 1].type}" runs past the end of the ${fileSize}-byte file`);
  const maxDuration = limits.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
  const declared = await readMovieDuration(read, moov);
  if (declared !== null && declared > maxDuration) {
    throw fail(DnaErrorCode.MediaTooLong, name, `the video lasts ${declared.toFixed(0)} s, over the limit of ${maxDuration} s`);
  }
  const maxIndex = limits.maxIndexBytes ?? DEFAULT_MAX_INDEX_BYTES;
  if (moov.size > maxIndex) throw fail(DnaErrorCode.MediaTooLarge, name, `the MP4 index (moov) is ${moov.size} bytes, over the limit of ${maxIndex}`);
  const ftypBytes = ftyp && ftyp.size <= 4096 ? await read(ftyp.offset, ftyp.size) : new Uint8Array(0);
  const moovBytes = await read(moov.offset, moov.size);
  const joined = new Uint8Array(ftypBytes.length + moovBytes.length);
  joined.set(ftypBytes, 0);
  joined.set(moovBytes, ftypBytes.length);
  let parsed;
  try {
    parsed = parseMoov(joined);
  } catch (error) {
    throw fail(DnaErrorCode.MediaCorrupt, name, `the MP4 index (moov) cannot be parsed (${(error as Error).message})`);
  }
  const { movie, file } = parsed;
  const video = movie.videoTracks[0];
  if (!video) throw fail(DnaErrorCode.MediaNoContent, name, 'the file has no video track');
  const audio = movie.audioTracks[0];
  const duration = movie.timescale > 0 && movie.duration > 0 ? movie.duration / movie.timescale : video.duration / (video.timescale || 1);
  // The larger of the track header and the sample entry sizes: either can be forged.
  const entry = (file.getTrackById(video.id) as unknown as { mdia?: { minf?: { stbl?: { stsd?: { entries?: { width?: number; height?: number }[] } } } } })
    ?.mdia?.minf?.stbl?.stsd?.entries?.[0];
  const width = Math.max(video.video?.width ?? 0, video.track_width ?? 0, entry?.width ?? 0);
  const height = Math.max(video.video?.height ?? 0, video.track_height ?? 0, entry?.height ?? 0);
  // A 90° rotation matrix (a = 0) swaps the displayed width and height.
  const matrix = video.matrix as unknown as ArrayLike<number> | undefined;
  const rotated = !!matrix && matrix[0] === 0 && matrix[1] !== 0;
  const trackSeconds = video.duration / (video.timescale || 1);
  return {
    container: (ftyp && (await read(ftyp.offset + 8, 4)).every((byte, i) => byte === 'qt  '.charCodeAt(i))) ? 'mov' : 'mp4',
    durationSeconds: duration,
    width: rotated ? height : width,
    height: rotated ? width : height,
    frameRate: trackSeconds > 0 ? video.nb_samples / trackSeconds : 0,
    videoCodec: video.codec,
    audio: audio ? { codec: audio.codec, sampleRate: audio.audio?.sample_rate ?? 0, channels: audio.audio?.channel_count ?? 0 } : null,
    keyframeTimes: keyframeTimes(file, video),
    subtitleTracks: movie.subtitleTracks.map((track) => ({ id: track.id, codec: track.codec, language: track.language })),
    demuxer: 'mp4box',
  };
}
