/**
 * `decodeVideoFrames`: sampled, downscaled frames of a video through an ffmpeg backend.
 *
 * ffmpeg does the heavy lifting in one pass: it decodes, keeps a frame every `1/sampleRate` s
 * (plus frames where the scene changes), scales it to a small size and writes raw `gray` or
 * `rgb24` pixels; `showinfo` reports each kept frame's time on stderr. Frames reach the
 * callback one at a time in a reused buffer, so memory does not grow with the video's length.
 */
import { DnaErrorCode, dnaError, inRange, invalidParameter, isInteger, isNumber } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import type { FfmpegBackend } from '../ffmpeg/backend.js';
import { ffmpegFailure } from '../ffmpeg/errors.js';
import { describeSource } from './probe.js';
import type { VideoInfo } from './types.js';

/** Raw pixel layout of decoded frames. */
export type FramePixelFormat = 'gray' | 'rgb24';

/** Options of {@link decodeVideoFrames}. */
export interface FrameSamplingOptions {
  /** Frames per second kept at a fixed rate, 0.05–30. Default 2. */
  readonly sampleRate?: number;
  /** Also keep a frame when ffmpeg's scene score exceeds this (0–1); 0 turns it off. Default 0.3. */
  readonly sceneThreshold?: number;
  /** Decode keyframes only (fast mode: no fixed rate, times follow the encoder's keyframes). Default false. */
  readonly keyframesOnly?: boolean;
  /** Short side of the output frames in pixels (long side by aspect ratio, at most 4x), 16–1080. Default 144. */
  readonly shortSide?: number;
  /** `gray` (1 byte per pixel) or `rgb24` (3). Default `gray`. */
  readonly pixelFormat?: FramePixelFormat;
  /** Skip decoding frames nothing references (most B-frames): faster, sampled times still exact. Default true. */
  readonly skipNonReference?: boolean;
  /** Decoder threads for the system backend (0 = ffmpeg's choice). Default 1: jobs run in parallel workers. */
  readonly threads?: number;
  /** Stop decoding after this many seconds of video. Default: the whole video. */
  readonly maxSeconds?: number;
  /** Cancels decoding. */
  readonly signal?: AbortSignal;
  /** Wall-clock limit in milliseconds. Default none. */
  readonly timeoutMs?: number;
}

/** One decoded frame. `pixels` is reused for the next frame: copy what you keep. */
export interface DecodedFrame {
  /** height x width x channels, row-major. */
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 1 for `gray`, 3 for `rgb24`. */
  readonly channels: number;
  /** Presentation time in seconds from the start of the video. */
  readonly timeSeconds: number;
  /** 0, 1, 2, … in output order. */
  readonly index: number;
}

/** Summary of one decoding run. */
export interface FrameDecodeSummary {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly backend: FfmpegBackend['name'];
}

const WHERE = 'video';

/** Output size for a video of `width` x `height` with the given short side (even numbers). */
export function scaledFrameSize(width: number, height: number, shortSide: number): { width: number; height: number } {
  const short = Math.min(width, height);
  const scale = Math.min(1, shortSide / short) || 1;
  let w = Math.max(2, Math.round((width * scale) / 2) * 2);
  let h = Math.max(2, Math.round((height * scale) / 2) * 2);
  const cap = shortSide * 4;
  if (w > cap) w = cap;
  if (h > cap) h = cap;
  return { width: w, height: h };
}

function checkOptions(options: FrameSamplingOptions): void {
  const { sampleRate, sceneThreshold, shortSide, pixelFormat, threads, maxSeconds } = options;
  if (sampleRate !== undefined && !(isNumber(sampleRate) && inRange(sampleRate, 0.05, 30))) throw invalidParameter(WHERE, 'sampleRate', 'a number from 0.05 to 30', sampleRate);
  if (sceneThreshold !== undefined && !(isNumber(sceneThreshold) && inRange(sceneThreshold, 0, 1))) throw invalidParameter(WHERE, 'sceneThreshold', 'a number from 0 to 1', sceneThreshold);
  if (shortSide !== undefined && !(isInteger(shortSide) && inRange(shortSide, 16, 1080))) throw invalidParameter(WHERE, 'shortSide', 'an integer from 16 to 1080', shortSide);
  if (pixelFormat !== undefined && pixelFormat !== 'gray' && pixelFormat !== 'rgb24') throw invalidParameter(WHERE, 'pixelFormat', "'gray' or 'rgb24'", pixelFormat);
  if (threads !== undefined && !(isInteger(threads) && inRange(threads, 0, 64))) throw invalidParameter(WHERE, 'threads', 'an integer from 0 to 64', threads);
  if (maxSeconds !== undefined && !(isNumber(maxSeconds) && maxSeconds > 0)) throw invalidParameter(WHERE, 'maxSeconds', 'a positive number', maxSeconds);
}

/** ffmpeg arguments for sampled raw frames (exported for the benchmark and tests). */
export function frameArgs(input: string, output: string, size: { width: number; height: number }, options: FrameSamplingOptions): string[] {
  const sampleRate = options.sampleRate ?? 2;
  const scene = options.sceneThreshold ?? 0.3;
  // showinfo logs at info level; the WASM core keeps the level of its previous run, so set it.
  const args: string[] = ['-v', 'info'];
  if (options.threads !== 0) args.push('-threads', String(options.threads ?? 1));
  if (options.keyframesOnly) args.push('-skip_frame', 'nokey');
  else if (options.skipNonReference ?? true) args.push('-skip_frame', 'noref');
  args.push('-i', input);
  if (options.maxSeconds !== undefined) args.push('-t', String(options.maxSeconds));
  args.push('-map', '0:v:0', '-an', '-sn', '-dn');
  const filters: string[] = [];
  if (!options.keyframesOnly) {
    // Keep the first frame of each 1/sampleRate s cell of a fixed grid (so 25 and 30 fps copies
    // are sampled near the same instants), plus frames where the scene changes.
    let select = `isnan(prev_selected_t)+gt(floor(t*${sampleRate})\\,floor(prev_selected_t*${sampleRate}))`;
    if (scene > 0) select += `+gt(scene\\,${scene})`;
    filters.push(`select='${select}'`);
  }
  filters.push(`scale=${size.width}:${size.height}:flags=area`, 'showinfo');
  args.push('-vf', filters.join(','), '-fps_mode', 'passthrough');
  args.push('-pix_fmt', options.pixelFormat ?? 'gray', '-f', 'rawvideo', '-y', output);
  return args;
}

const PTS_TIME = /\] n:\s*(\d+) pts:\s*-?\d+ pts_time:(-?[0-9.e+-]+)/;

/**
 * Decode sampled frames of a probed video, calling `onFrame` for each in time order.
 * @throws DnaError with a media code when ffmpeg cannot decode the file, `Job.Cancelled` on abort.
 * @example await decodeVideoFrames(source, info, backend, { sampleRate: 2 }, (frame) => hash(frame.pixels))
 */
export async function decodeVideoFrames(
  source: MediaSource,
  info: VideoInfo,
  backend: FfmpegBackend,
  options: FrameSamplingOptions,
  onFrame: (frame: DecodedFrame) => void,
): Promise<FrameDecodeSummary> {
  checkOptions(options);
  const size = scaledFrameSize(info.width, info.height, options.shortSide ?? 144);
  const channels = options.pixelFormat === 'rgb24' ? 3 : 1;
  const frameBytes = size.width * size.height * channels;
  let buffer: Uint8Array = new Uint8Array(frameBytes);
  let filled = 0;
  // Frames whose time has not been read from stderr yet wait here (pipes are read independently).
  const pendingFrames: Uint8Array[] = [];
  const times: number[] = [];
  let lineRest = '';
  let emitted = 0;
  const spare: Uint8Array[] = [];

  const emit = (pixels: Uint8Array, timeSeconds: number): void => {
    onFrame({ pixels, width: size.width, height: size.height, channels, timeSeconds, index: emitted });
    emitted++;
  };
  const drain = (): void => {
    while (pendingFrames.length > 0 && times.length > 0) {
      const pixels = pendingFrames.shift() as Uint8Array;
      emit(pixels, times.shift() as number);
      spare.push(pixels);
    }
  };
  const onData = (chunk: Uint8Array): void => {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(frameBytes - filled, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameBytes) {
        if (times.length > 0 && pendingFrames.length === 0) {
          emit(buffer, times.shift() as number);
        } else {
          if (pendingFrames.length > 256) throw dnaError(DnaErrorCode.InternalError, '[mediadna] [video] ffmpeg frame times fell behind its frames');
          pendingFrames.push(buffer);
          buffer = spare.pop() ?? new Uint8Array(frameBytes);
        }
        filled = 0;
      }
    }
  };
  const onLog = (text: string): void => {
    const lines = (lineRest + text).split('\n');
    lineRest = lines.pop() ?? '';
    for (const line of lines) {
      const match = PTS_TIME.exec(line);
      if (match) times.push(Math.max(0, Number(match[2])));
    }
    drain();
  };
  const result = await backend.run(source, (input, output) => frameArgs(input, output, size, options), {
    onData,
    onLog,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  onLog('\n');
  drain();
  const name = describeSource(source);
  if (result.exitCode !== 0 && emitted === 0) throw ffmpegFailure(result.log, result.exitCode, name, backend.name);
  if (emitted === 0) throw dnaError(DnaErrorCode.MediaNoContent, `[mediadna] [video] ${name}: no frame could be decoded`);
  return { frames: emitted, width: size.width, height: size.height, backend: backend.name };
}
