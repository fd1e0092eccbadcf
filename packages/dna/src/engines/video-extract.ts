/**
 * Decoding side of the Video engine: a video file → its fingerprint. Probes the input, picks the
 * ffmpeg backend (system binary or `@ffmpeg/core` WASM), decodes sampled gray frames and the
 * soundtrack through `@mediadna/media` and feeds them to the pure `VideoFingerprinter` of
 * `@mediadna/video`; owns the limits, the wall-clock budget, cancellation and error codes.
 */
import { checkBooleanOption, checkNumberOption, DnaErrorCode, invalidParameter, isDnaError, isPlainObject } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import { decodeAudioMonoTo, decodeVideoAudio, decodeVideoFrames, probeVideo, selectFfmpegBackend } from '@mediadna/media';
import type { FfmpegBackend, VideoInfo } from '@mediadna/media';
import { SOUNDTRACK_SAMPLE_RATE, VideoFingerprinter } from '@mediadna/video';
import type { VideoFingerprint } from '@mediadna/video';

/** How frames are sampled and decoded (`hashVideo`). Sampling options change the hashes. */
export interface VideoHashOptions {
  /** Frames per second on a fixed time grid, 0.1–10. Default 2. */
  readonly sampleRate?: number;
  /** Extra frames at scene changes (ffmpeg scene score above this, 0–1; 0 = off). Default 0.3. */
  readonly sceneThreshold?: number;
  /** Hash keyframes only (fast mode; times follow the encoder's keyframes). Default false. */
  readonly keyframesOnly?: boolean;
  /** Short side of the frames ffmpeg hands over, in pixels, 32–720. Default 128 (see the video README for accuracy vs speed). */
  readonly shortSide?: number;
  /** Fingerprint the soundtrack too (AudioDNA). Default true. */
  readonly audio?: boolean;
  /** `auto` (system ffmpeg, else WASM), `system` or `wasm`. Default `auto`. */
  readonly backend?: 'auto' | 'system' | 'wasm';
  /** Longest video accepted, seconds. Default 6 hours. */
  readonly maxDurationSeconds?: number;
  /** Largest frame accepted, pixels. Default 100 000 000. */
  readonly maxPixels?: number;
  /** Wall-clock limit for decoding, ms. Default: 2 minutes plus twice the duration. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** The defaults of {@link VideoHashOptions}. */
export const defaultVideoHashOptions: Readonly<Required<Omit<VideoHashOptions, 'signal' | 'timeoutMs'>>> = Object.freeze({
  sampleRate: 2,
  sceneThreshold: 0.3,
  keyframesOnly: false,
  shortSide: 128,
  audio: true,
  backend: 'auto',
  maxDurationSeconds: 6 * 3600,
  maxPixels: 100_000_000,
});

const WHERE = 'video';


/** Validate hashing options (throws `DnaError` `InvalidParameter`). */
export function checkVideoHashOptions(options: unknown): asserts options is VideoHashOptions {
  if (!isPlainObject(options)) throw invalidParameter(WHERE, 'options', 'an object', options);
  checkNumberOption(WHERE, options, 'sampleRate', 0.1, 10, false);
  checkNumberOption(WHERE, options, 'sceneThreshold', 0, 1, false);
  checkNumberOption(WHERE, options, 'shortSide', 32, 720, true);
  checkNumberOption(WHERE, options, 'maxDurationSeconds', 1, 1e7, false);
  checkNumberOption(WHERE, options, 'maxPixels', 1, 1e10, false);
  checkNumberOption(WHERE, options, 'timeoutMs', 1, 1e9, false);
  checkBooleanOption(WHERE, options, 'keyframesOnly');
  checkBooleanOption(WHERE, options, 'audio');
  const backend = options.backend;
  if (backend !== undefined && backend !== 'auto' && backend !== 'system' && backend !== 'wasm') {
    throw invalidParameter(WHERE, 'backend', "'auto', 'system' or 'wasm'", backend);
  }
}

/** What {@link hashVideo} returns besides the fingerprint. */
export interface HashVideoResult {
  readonly fingerprint: VideoFingerprint;
  readonly info: VideoInfo;
  /** Which decoder ran: `system` or `wasm`. */
  readonly backend: FfmpegBackend['name'];
  /** Frames whose black borders were cropped. */
  readonly croppedFrames: number;
}

/** AAC object types with an LC core (LC, HE-AAC, HE-AAC v2), which the built-in decoder reads. */
const LC_CORE_CODECS: ReadonlySet<string> = new Set(['mp4a.40.2', 'mp4a.40.5', 'mp4a.40.29']);

/**
 * Decode the soundtrack into the fingerprinter; a broken soundtrack is dropped, not fatal. With
 * the WASM ffmpeg, an MP4/MOV's AAC soundtrack goes through `@mediadna/media`'s own low-band AAC
 * decoder instead (5–8 times faster, and no GPL code); the system ffmpeg decodes it in a second
 * process alongside the frames.
 */
async function decodeSoundtrack(source: MediaSource, info: VideoInfo, backend: FfmpegBackend, fingerprinter: VideoFingerprinter, signal: AbortSignal, timeoutMs: number): Promise<void> {
  const push = (samples: Float32Array): void => fingerprinter.pushSoundtrack(samples);
  try {
    if (backend.name === 'wasm' && (info.container === 'mp4' || info.container === 'mov') && LC_CORE_CODECS.has(info.audio?.codec ?? '')) {
      await decodeAudioMonoTo(source, push, { sampleRate: SOUNDTRACK_SAMPLE_RATE, signal, backend: 'wasm' });
    } else {
      await decodeVideoAudio(source, backend, { sampleRate: SOUNDTRACK_SAMPLE_RATE, signal, timeoutMs }, push);
    }
  } catch (error) {
    // A broken soundtrack must not hide a good picture: report video only, unless cancelled.
    if (isDnaError(error) && (error.code === DnaErrorCode.JobCancelled || error.code === DnaErrorCode.InputTimeout)) throw error;
    fingerprinter.dropSoundtrack();
  }
}

/**
 * Fingerprint a video (any container ffmpeg reads; MP4/MOV indexed with mp4box).
 * Cost: one decoding pass (720p30 H.264 High: ≈23x realtime per core with the system ffmpeg,
 * ≈10x with the WASM core) plus ≈ 2 ms of hashing per sampled frame.
 * @throws DnaError with a media code for bad input (`InvalidMedia.*`), `Decoder.Unavailable`, `Job.Cancelled`.
 * @example const { fingerprint } = await hashVideo(await openInput('clip.mp4'));
 */
export async function hashVideo(source: MediaSource, options: VideoHashOptions = {}): Promise<HashVideoResult> {
  checkVideoHashOptions(options);
  const settings = { ...defaultVideoHashOptions, ...options };
  const backend = await selectFfmpegBackend(settings.backend);
  const info = await probeVideo(source, backend, { maxPixels: settings.maxPixels, maxDurationSeconds: settings.maxDurationSeconds }, options.signal);
  // Default wall-clock budget: 2 minutes plus twice the duration (the WASM backend runs 720p at ≈7x realtime).
  const timeoutMs = options.timeoutMs ?? 120_000 + Math.ceil(info.durationSeconds) * 2000;
  // One signal for both ffmpeg runs: the caller's, or a failure of either run stops the other.
  const stop = new AbortController();
  const forward = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', forward, { once: true });
  const withSoundtrack = info.audio !== null && settings.audio;
  const fingerprinter = new VideoFingerprinter({ sampleRate: settings.sampleRate, keyframesOnly: settings.keyframesOnly, soundtrack: withSoundtrack });
  const frames = decodeVideoFrames(
    source,
    info,
    backend,
    {
      sampleRate: settings.sampleRate,
      sceneThreshold: settings.sceneThreshold,
      keyframesOnly: settings.keyframesOnly,
      shortSide: settings.shortSide,
      maxSeconds: settings.maxDurationSeconds,
      signal: stop.signal,
      timeoutMs,
    },
    (frame) => fingerprinter.push(frame, frame.timeSeconds),
  );
  // The system backend decodes the soundtrack in a second process at the same time.
  const soundtrack = withSoundtrack ? decodeSoundtrack(source, info, backend, fingerprinter, stop.signal, timeoutMs) : Promise.resolve();
  try {
    await Promise.all([frames.catch((error: unknown) => { stop.abort(); throw error; }), soundtrack]);
  } catch (error) {
    await soundtrack.catch(() => null);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  const fingerprint = fingerprinter.finish(info);
  return { fingerprint, info, backend: backend.name, croppedFrames: fingerprinter.croppedFrames };
}
