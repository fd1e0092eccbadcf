/**
 * The video fingerprint and the stream that builds it: decoded gray frames are pushed with their
 * times (each border-cropped and PDQ-hashed with its mirror image and its centre), soundtrack PCM
 * is pushed into the audio package's fingerprinter, and `finish` returns the `VideoFingerprint`.
 * Pure: no decoding here (the dna engine decodes with `@mediadna/media` and feeds this). Memory:
 * the hashes (101 bytes per frame) plus the audio peaks; never the frames.
 */
import { DnaErrorCode, dnaError, invalidParameter } from '@mediadna/core';
import { AudioFingerprinter, defaultAudioConfig } from '@mediadna/audio';
import type { AudioFingerprint } from '@mediadna/audio';
import { PDQ_WORDS } from '@mediadna/image';
import { FrameHasher, FrameHashList } from './frame-hash.js';
import type { VideoFrame } from './frame-hash.js';

/** Name of the algorithm stored with every video fingerprint. */
export const VIDEO_ALGORITHM = 'video/pdq256-sampled-frames+flip+center';
/** Bumped when stored video fingerprints stop being comparable. */
export const VIDEO_ALGORITHM_VERSION = 1;
/** Sample rate (Hz, mono) of the soundtrack PCM that {@link VideoFingerprinter.pushSoundtrack} expects. */
export const SOUNDTRACK_SAMPLE_RATE: number = defaultAudioConfig.sampleRate;

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

/** How the pushed frames were sampled (recorded in the fingerprint) and whether a soundtrack follows. */
export interface VideoFingerprinterOptions {
  /** Frames per second of the sampling grid; recorded as 0 when `keyframesOnly`. */
  readonly sampleRate: number;
  /** The frames are the encoder's keyframes only. */
  readonly keyframesOnly: boolean;
  /** Soundtrack PCM will be pushed (the fingerprint then carries audio unless dropped). Default false. */
  readonly soundtrack?: boolean;
}

/** The source's own figures, known to the caller (from probing), for {@link VideoFingerprinter.finish}. */
export interface VideoSourceInfo {
  /** Duration in seconds (the last frame's time is used when later). */
  readonly durationSeconds: number;
  /** Displayed frame size. */
  readonly width: number;
  readonly height: number;
}

/**
 * Builds a {@link VideoFingerprint} from pushed frames and soundtrack PCM.
 * @example
 * const fingerprinter = new VideoFingerprinter({ sampleRate: 2, keyframesOnly: false });
 * for (const frame of frames) fingerprinter.push(frame, frame.timeSeconds);
 * const fingerprint = fingerprinter.finish({ durationSeconds: 60, width: 1280, height: 720 });
 */
export class VideoFingerprinter {
  private readonly list: FrameHashList = new FrameHashList();
  private readonly hasher: FrameHasher = new FrameHasher();
  private readonly sampleRate: number;
  private readonly keyframesOnly: boolean;
  private soundtrack: AudioFingerprinter | null;
  private finished = false;

  constructor(options: VideoFingerprinterOptions) {
    if (!(options.sampleRate > 0) || !Number.isFinite(options.sampleRate)) throw invalidParameter('video', 'sampleRate', 'a positive number', options.sampleRate);
    this.sampleRate = options.sampleRate;
    this.keyframesOnly = options.keyframesOnly;
    this.soundtrack = options.soundtrack === true ? new AudioFingerprinter(defaultAudioConfig) : null;
  }

  /** Frames hashed so far. */
  get frameCount(): number {
    return this.list.count;
  }

  /** Frames whose black borders were cropped. */
  get croppedFrames(): number {
    return this.hasher.cropped;
  }

  /**
   * Hash one gray frame shown at `timeSeconds` (times must increase). Cost: ≈ 0.1–2 ms per frame at 128 px.
   * @throws DnaError `InvalidParameter` for a frame that is not gray or whose pixels are too few.
   */
  push(frame: VideoFrame, timeSeconds: number): void {
    if (this.finished) throw dnaError(DnaErrorCode.InvalidParameter, '[mediadna] [video] push() after finish()');
    const { width, height } = frame;
    if ((frame.channels ?? 1) !== 1) throw invalidParameter('video', 'frame.channels', '1 (gray)', frame.channels);
    if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height)) || frame.pixels.length < width * height) {
      throw invalidParameter('video', 'frame', `a gray frame with width x height pixels`, `${width}x${height} with ${frame.pixels.length} bytes`);
    }
    if (!Number.isFinite(timeSeconds)) throw invalidParameter('video', 'timeSeconds', 'a finite number', timeSeconds);
    this.hasher.push(frame, timeSeconds, this.list);
  }

  /** Push mono soundtrack PCM at {@link SOUNDTRACK_SAMPLE_RATE} (ignored when no soundtrack was announced or it was dropped). */
  pushSoundtrack(samples: Float32Array): void {
    this.soundtrack?.push(samples, false);
  }

  /** Forget the soundtrack (it could not be decoded): the fingerprint is then video only. */
  dropSoundtrack(): void {
    this.soundtrack = null;
  }

  /**
   * The fingerprint of everything pushed.
   * @throws DnaError `InvalidMedia.NoContent` when no frame was pushed.
   */
  finish(source: VideoSourceInfo): VideoFingerprint {
    const list = this.list;
    if (list.count === 0) throw dnaError(DnaErrorCode.MediaNoContent, '[mediadna] [video] No frame could be decoded');
    this.finished = true;
    const lastTime = list.times[list.count - 1];
    return {
      durationSeconds: Math.max(source.durationSeconds, lastTime),
      width: source.width,
      height: source.height,
      sampleRate: this.keyframesOnly ? 0 : this.sampleRate,
      keyframesOnly: this.keyframesOnly,
      frameCount: list.count,
      times: list.times.slice(0, list.count),
      quality: list.quality.slice(0, list.count),
      pdq: list.pdq.slice(0, list.count * PDQ_WORDS),
      pdqFlip: list.pdqFlip.slice(0, list.count * PDQ_WORDS),
      pdqCenter: list.pdqCenter.slice(0, list.count * PDQ_WORDS),
      audio: this.soundtrack ? this.soundtrack.push(new Float32Array(0), true) : null,
    };
  }
}
