/**
 * The Video engine: decode with ffmpeg (`video-extract.ts` over `@mediadna/media`: the system
 * binary, else `@ffmpeg/core` WASM), hash sampled frames and the soundtrack with the pure
 * `VideoFingerprinter` (`@mediadna/video`), search by temporal alignment. Results carry `VideoDNA` and `AudioDNA` (the soundtrack), each `Detail` a copied
 * segment with `Input` and `Duplication` times in seconds.
 *
 * Config fields (job Config JSON; defaults in brackets):
 * - `SampleRate` [2]: frames hashed per second (0.1..10), on a fixed time grid.
 * - `SceneThreshold` [0.3]: also hash frames where ffmpeg's scene score exceeds this (0..1, 0 = off).
 * - `KeyframesOnly` [false]: fast mode, hash only the encoder's keyframes.
 * - `FrameSize` [128]: short side in pixels of the frames hashed (32..720).
 * - `Audio` [true]: fingerprint the soundtrack and search it (AudioDNA).
 * - `MaxDistance` [76]: largest PDQ distance (bits of 256) for an aligned frame to count as matched.
 * - `SeedRadius` [24]: PDQ distance of the index lookups that propose alignments (smaller = faster).
 * - `MinSegmentSeconds` [2]: shortest segment reported.
 * - `Flip` [true]: also search the mirrored picture.
 * - `MaxMatches` [20]: most library videos returned (1..1000).
 * - `Backend` ["auto"]: `auto`, `system` (ffmpeg on PATH) or `wasm` (@ffmpeg/core).
 * Sampling fields change the hashes: keep them equal for a library and its queries.
 */
import { DnaErrorCode, dnaError, formatSeconds, formatSimilarity } from '@mediadna/core';
import type { DNAResult, MediaSource, MediaType, TimedMatch } from '@mediadna/core';
import {
  VIDEO_ALGORITHM,
  VIDEO_ALGORITHM_VERSION,
  VideoLibrary,
  deserializeVideoFingerprint,
  serializeVideoFingerprint,
  withoutMirroredHashes,
} from '@mediadna/video';
import type { VideoMatchOptions } from '@mediadna/video';
import { hashVideo } from './video-extract.js';
import type { VideoHashOptions } from './video-extract.js';
import type { EngineConfig, EngineIndex, ExtractOptions, ExtractedFingerprint, MediaEngine } from '../engine.js';
import { checkConfigBoolean, checkConfigChoice, checkConfigNumber } from './config-fields.js';

function checkConfig(config: EngineConfig): void {
  checkConfigNumber(config, 'SampleRate', 0.1, 10, false);
  checkConfigNumber(config, 'SceneThreshold', 0, 1, false);
  checkConfigNumber(config, 'FrameSize', 32, 720, true);
  checkConfigNumber(config, 'MaxDistance', 0, 128, true);
  checkConfigNumber(config, 'SeedRadius', 0, 128, true);
  checkConfigNumber(config, 'MinSegmentSeconds', 0, 86400, false);
  checkConfigNumber(config, 'MaxMatches', 1, 1000, true);
  for (const name of ['KeyframesOnly', 'Audio', 'Flip']) checkConfigBoolean(config, name);
  checkConfigChoice(config, 'Backend', ['auto', 'system', 'wasm']);
}

function hashOptions(options: ExtractOptions): VideoHashOptions {
  const config = options.config;
  return {
    sampleRate: config.SampleRate as number | undefined,
    sceneThreshold: config.SceneThreshold as number | undefined,
    keyframesOnly: config.KeyframesOnly as boolean | undefined,
    shortSide: config.FrameSize as number | undefined,
    audio: config.Audio as boolean | undefined,
    backend: config.Backend as VideoHashOptions['backend'],
    maxDurationSeconds: options.limits.maxDurationSeconds,
    maxPixels: options.limits.maxPixels,
    signal: options.signal,
  };
}

function matchOptions(config: EngineConfig): VideoMatchOptions {
  return {
    frameRadius: config.MaxDistance as number | undefined,
    seedRadius: config.SeedRadius as number | undefined,
    minSegmentSeconds: config.MinSegmentSeconds as number | undefined,
    flip: config.Flip as boolean | undefined,
    maxMatches: config.MaxMatches as number | undefined,
  };
}

async function extract(source: MediaSource, options: ExtractOptions): Promise<ExtractedFingerprint> {
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size > options.limits.maxInputBytes) {
    throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [video] The input is ${size} bytes, over the limit of ${options.limits.maxInputBytes} bytes`);
  }
  const options_ = hashOptions(options);
  const result = await hashVideo(source, Object.fromEntries(Object.entries(options_).filter(([, value]) => value !== undefined)));
  const { fingerprint, info } = result;
  const blob = serializeVideoFingerprint(fingerprint);
  return {
    blob,
    meta: {
      durationSeconds: Math.round(fingerprint.durationSeconds * 100) / 100,
      width: info.width,
      height: info.height,
      container: info.container,
      videoCodec: info.videoCodec,
      audioCodec: info.audio?.codec ?? null,
      frames: fingerprint.frameCount,
      croppedFrames: result.croppedFrames,
      soundtrack: fingerprint.audio !== null,
      decoder: result.backend,
    },
  };
}

/** One Video library in memory: a `VideoLibrary` (frame index + soundtrack index). */
class VideoIndex implements EngineIndex {
  private readonly library: VideoLibrary = new VideoLibrary();

  get size(): number {
    return this.library.size;
  }

  add(primaryKey: string, blob: Uint8Array): void {
    this.library.remove(primaryKey);
    this.library.add(primaryKey, deserializeVideoFingerprint(blob));
  }

  remove(primaryKey: string): void {
    this.library.remove(primaryKey);
  }

  search(query: Uint8Array, options: { readonly mediaType: MediaType; readonly config: EngineConfig }): DNAResult {
    const fingerprint = deserializeVideoFingerprint(query);
    const settings = Object.fromEntries(Object.entries(matchOptions(options.config)).filter(([, value]) => value !== undefined));
    const { video, audio } = this.library.search(fingerprint, settings);
    const VideoDNA: TimedMatch[] = video.map((match) => ({
      PrimaryKey: match.key,
      Similarity: formatSimilarity(match.similarity),
      Detail: match.segments.map((segment) => ({
        Input: { Start: formatSeconds(segment.inputStart), Duration: formatSeconds(segment.inputDuration) },
        Duplication: { Start: formatSeconds(segment.duplicationStart), Duration: formatSeconds(segment.duplicationDuration) },
      })),
    }));
    const AudioDNA: TimedMatch[] = options.config.Audio === false ? [] : audio.map((match) => ({
      PrimaryKey: match.key,
      Similarity: formatSimilarity(match.similarity),
      Detail: match.segments.map((segment) => ({
        Input: { Start: formatSeconds(segment.inputStart), Duration: formatSeconds(segment.inputDuration) },
        Duplication: { Start: formatSeconds(segment.duplicationStart), Duration: formatSeconds(segment.duplicationDuration) },
      })),
    }));
    return { VideoDNA, AudioDNA };
  }
}

/** The Video engine (see the module comment for its Config fields). */
export const videoEngine: MediaEngine = {
  model: 'Video',
  mediaTypes: ['video'],
  algorithm: VIDEO_ALGORITHM,
  version: VIDEO_ALGORITHM_VERSION,
  validateConfig: checkConfig,
  storedBlob: (blob: Uint8Array) => serializeVideoFingerprint(withoutMirroredHashes(deserializeVideoFingerprint(blob))),
  extract,
  createIndex: () => new VideoIndex(),
};
