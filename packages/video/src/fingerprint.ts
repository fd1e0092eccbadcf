/**
 * `hashVideo`: a video file → its fingerprint. ffmpeg samples and downscales frames (system
 * binary or WASM), each frame is border-cropped and PDQ-hashed with its mirror image, and the
 * soundtrack, if any, is fingerprinted with the audio package. Memory: the hashes (101 bytes
 * per sampled frame) plus the audio peaks; never the frames or the file.
 */
import { DnaErrorCode, dnaError, isDnaError } from '@mediadna/core';
import type { MediaSource } from '@mediadna/core';
import { AudioFingerprinter, defaultAudioConfig } from '@mediadna/audio';
import type { AudioFingerprint } from '@mediadna/audio';
import { decodeVideoAudio, decodeVideoFrames, probeVideo, selectFfmpegBackend } from '@mediadna/media';
import type { FfmpegBackend, VideoInfo } from '@mediadna/media';
import { PDQ_WORDS } from '@mediadna/image';
import { checkVideoHashOptions, defaultVideoHashOptions } from './config.js';
import type { VideoHashOptions } from './config.js';
import { FrameHasher, FrameHashList } from './frame-hash.js';

/** Name of the algorithm stored with every video fingerprint. */
export const VIDEO_ALGORITHM = 'video/pdq256-sampled-frames+flip+center';
/** Bumped when stored video fingerprints stop being comparable. */
export const VIDEO_ALGORITHM_VERSION = 1;

/** The fingerprint of one video. Frame `i` has `times[i]`, `quality[i]` and 8 words of `pdq` / `pdqFlip` at `i * 8`. */
export interface VideoFingerprint {
  /** Duration in seconds. */
  readonly durationSeconds: number;
  /** Source frame size (displayed). */
  readonly width: number;
  readonly height: number;
  /** Sampling rate in frames per second (0 in keyframe mode). */
  readonly sampleRate: number;
  readonly keyframesOnly: boolean;
  /** Number of hashed frames. */
  readonly frameCount: number;
  /** Frame times in seconds, increasing. */
  readonly times: Float32Array;
  /** PDQ quality 0..100 per frame (low = nearly flat: black, fades). */
  readonly quality: Uint8Array;
  /** 256-bit PDQ hashes, frameCount x 8 words (word 0 most significant). */
  readonly pdq: Uint32Array;
  /** PDQ hashes of the mirrored frames, same layout; empty in stored library fingerprints. */
  readonly pdqFlip: Uint32Array;
  /** PDQ hashes of the frames' central 80% (what cropped copies match), same layout. */
  readonly pdqCenter: Uint32Array;
  /** The soundtrack's fingerprint, or `null` (no audio, or audio off). */
  readonly audio: AudioFingerprint | null;
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

async function hashSoundtrack(source: MediaSource, backend: FfmpegBackend, info: VideoInfo, options: VideoHashOptions, timeoutMs: number): Promise<AudioFingerprint | null> {
  if (!info.audio || options.audio === false) return null;
  const fingerprinter = new AudioFingerprinter(defaultAudioConfig);
  try {
    await decodeVideoAudio(source, backend, { sampleRate: defaultAudioConfig.sampleRate, signal: options.signal, timeoutMs }, (samples) => {
      fingerprinter.push(samples, false);
    });
  } catch (error) {
    // A broken soundtrack must not hide a good picture: report video only, unless cancelled.
    if (isDnaError(error) && (error.code === DnaErrorCode.JobCancelled || error.code === DnaErrorCode.InputTimeout)) throw error;
    return null;
  }
  return fingerprinter.push(new Float32Array(0), true);
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
  const list = new FrameHashList();
  const hasher = new FrameHasher();
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
    (frame) => hasher.push(frame, list),
  );
  // The system backend decodes the soundtrack in a second process at the same time.
  const soundtrack = hashSoundtrack(source, backend, info, { ...settings, signal: stop.signal }, timeoutMs);
  let audio: AudioFingerprint | null;
  try {
    [, audio] = await Promise.all([frames.catch((error: unknown) => { stop.abort(); throw error; }), soundtrack]);
  } catch (error) {
    await soundtrack.catch(() => null);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
  if (list.count === 0) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [video] No frame could be decoded');
  const lastTime = list.times[list.count - 1];
  const fingerprint: VideoFingerprint = {
    durationSeconds: Math.max(info.durationSeconds, lastTime),
    width: info.width,
    height: info.height,
    sampleRate: settings.keyframesOnly ? 0 : settings.sampleRate,
    keyframesOnly: settings.keyframesOnly,
    frameCount: list.count,
    times: list.times.slice(0, list.count),
    quality: list.quality.slice(0, list.count),
    pdq: list.pdq.slice(0, list.count * PDQ_WORDS),
    pdqFlip: list.pdqFlip.slice(0, list.count * PDQ_WORDS),
    pdqCenter: list.pdqCenter.slice(0, list.count * PDQ_WORDS),
    audio,
  };
  return { fingerprint, info, backend: backend.name, croppedFrames: hasher.cropped };
}
