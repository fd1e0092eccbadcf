/**
 * `probeVideo`: what a video file holds, checked against limits before any frame is decoded.
 * MP4/MOV go through mp4box (index only); other containers through ffprobe of the chosen backend.
 */
import { DnaErrorCode, SNIFF_BYTES, dnaError, kindOfFormat, readHead, sniffFormat } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import type { FfmpegBackend, FfprobeJson } from '../ffmpeg/backend.js';
import type { RangeRead } from './boxes.js';
import { readMp4Info } from './mp4.js';
import { DEFAULT_MAX_DURATION_SECONDS, DEFAULT_MAX_VIDEO_PIXELS } from './types.js';
import type { VideoInfo, VideoLimits } from './types.js';

/** A name for messages: the file name of a path, else the bytes' name. */
export function describeSource(source: MediaSource): string {
  if (source.type === 'bytes') return source.name;
  const parts = source.path.split(/[\\/]/);
  return parts[parts.length - 1] || source.path;
}

/** A range reader over a source (file reads for paths, subarrays for bytes). */
export async function openRangeReader(source: MediaSource): Promise<{ read: RangeRead; size: number; close: () => Promise<void> }> {
  if (source.type === 'bytes') {
    const bytes = source.bytes;
    return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)), close: async () => {} };
  }
  const fs = await import('node:fs/promises');
  const handle = await fs.open(source.path, 'r');
  const size = (await handle.stat()).size;
  return {
    size,
    read: async (offset, length) => {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split('/').map(Number);
  const value = den ? num / den : num;
  return Number.isFinite(value) && value > 0 && value < 1000 ? value : 0;
}

function fromFfprobe(json: FfprobeJson, container: string): VideoInfo | null {
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && (s.tags?.['DISPOSITION'] ?? '') !== 'attached_pic' && (s.width ?? 0) > 0);
  if (!video) return null;
  const audio = streams.find((s) => s.codec_type === 'audio');
  const rotation = Number(video.tags?.rotate ?? video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  const swap = Math.abs(rotation) % 180 === 90;
  const duration = Number(json.format?.duration ?? video.duration ?? NaN);
  return {
    container,
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    width: swap ? video.height ?? 0 : video.width ?? 0,
    height: swap ? video.width ?? 0 : video.height ?? 0,
    frameRate: parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate),
    videoCodec: video.codec_name ?? 'unknown',
    audio: audio ? { codec: audio.codec_name ?? 'unknown', sampleRate: Number(audio.sample_rate ?? 0), channels: audio.channels ?? 0 } : null,
    keyframeTimes: null,
    subtitleTracks: [],
    demuxer: 'ffprobe',
  };
}

/**
 * Probe a video and check it against `limits`.
 * @throws DnaError `InvalidMedia.Empty`, `.UnsupportedFormat` (not a video), `.TypeMismatch` (audio or image),
 *   `.Corrupt`, `.Truncated`, `.NoContent` (no video stream), `.TooManyPixels`, `.TooLong`.
 * @example const info = await probeVideo(source, backend); console.log(info.durationSeconds, info.width)
 */
export async function probeVideo(source: MediaSource, backend: FfmpegBackend, limits: VideoLimits = {}, signal?: AbortSignal): Promise<VideoInfo> {
  const name = describeSource(source);
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size === 0) throw dnaError(DnaErrorCode.MediaEmpty, `[mediadna] [video] ${name}: the file is empty`);
  const head = await readHead(source, SNIFF_BYTES);
  if (head.length === 0) throw dnaError(DnaErrorCode.MediaEmpty, `[mediadna] [video] ${name}: the file is empty`);
  const format = sniffFormat(head);
  const kind = kindOfFormat(format);
  if (kind === 'audio' && format !== 'm4a') {
    throw dnaError(DnaErrorCode.MediaTypeMismatch, `[mediadna] [video] ${name}: this is ${format} audio, not video (use an Audio library)`);
  }
  if (kind === 'image') throw dnaError(DnaErrorCode.MediaTypeMismatch, `[mediadna] [video] ${name}: this is a ${format} image, not video (use an Image library)`);
  let info: VideoInfo | null;
  if (format === 'mp4' || format === 'mov' || format === 'm4a') {
    const reader = await openRangeReader(source);
    try {
      info = await readMp4Info(reader.read, reader.size, name, limits);
    } finally {
      await reader.close();
    }
  } else {
    if (kind !== 'video') {
      throw dnaError(DnaErrorCode.MediaUnsupported, `[mediadna] [video] ${name}: not a recognised video container (the first bytes look like ${format})`);
    }
    const json = await backend.probe(source, { signal, timeoutMs: 60_000 });
    if (!json) throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] ${name}: ffprobe (${backend.name}) cannot read this ${format} file; it is damaged or truncated`);
    info = fromFfprobe(json, format);
    if (!info) throw dnaError(DnaErrorCode.MediaNoContent, `[mediadna] [video] ${name}: the file has no video stream`);
  }
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_VIDEO_PIXELS;
  if (info.width <= 0 || info.height <= 0) throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [video] ${name}: the video stream has no frame size`);
  if (info.width * info.height > maxPixels) {
    throw dnaError(DnaErrorCode.MediaTooManyPixels, `[mediadna] [video] ${name}: frames are ${info.width}x${info.height}, over the limit of ${maxPixels} pixels`);
  }
  const maxDuration = limits.maxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
  if (info.durationSeconds > maxDuration) {
    throw dnaError(DnaErrorCode.MediaTooLong, `[mediadna] [video] ${name}: the video lasts ${info.durationSeconds.toFixed(0)} s, over the limit of ${maxDuration} s`);
  }
  return info;
}
