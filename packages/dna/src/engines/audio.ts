/**
 * The Audio engine: decode and resample to 8 kHz mono as a stream (`@mediadna/media`; WASM
 * decoders, a system ffmpeg for formats they lack), extract
 * spectral-peak landmarks (`@mediadna/audio`), search landmark postings (`@mediadna/index`'s
 * `PostingsIndex`) by offset voting. Results are `AudioDNA`, each `Detail` a copied range with
 * `Input` and `Duplication` start and duration in seconds.
 *
 * The stored blob is the peak list (≈ 1.5 KB per minute); landmarks are re-derived when a library
 * is loaded into memory.
 *
 * Config fields (job Config JSON; defaults in brackets):
 * - `MinSignificance` [12]: smallest -log10 chance probability (Bonferroni-corrected) of a match;
 *   unrelated audio in the corpus peaked at 10.7. Lower finds shorter or noisier copies and risks
 *   false matches.
 * - `MinVotes` [8]: fewest agreeing anchor peaks at one time offset.
 * - `MaxGapSeconds` [4]: a matched range is split where agreeing landmarks are further apart.
 * - `MaxMatches` [20]: most library items returned (1..1000), best first.
 * - `Backend` ["wasm"]: decoders for compressed audio. `wasm`: the built-in decoders (the
 *   low-band MP3, Vorbis and AAC decoders, the FLAC and Opus mono decoders, the WASM ones), the
 *   same fingerprints on every machine (a system ffmpeg only for what they lack); `system`: a
 *   system ffmpeg decodes everything compressed, slower than the built-in decoders (it starts a
 *   process) (`Decoder.Unavailable` without ffmpeg); `auto`: the faster per format (built in for
 *   every format they read; ffmpeg, when on PATH, for other containers). The same names as the
 *   Video engine's.
 */
import { DnaErrorCode, dnaError, formatSeconds, formatSimilarity } from '@mediadna/core';
import type { DNAResult, MediaSource, MediaType, TimedMatch } from '@mediadna/core';
import {
  AUDIO_ALGORITHM,
  AUDIO_FINGERPRINT_VERSION,
  AudioFingerprinter,
  AudioLibrary,
  defaultAudioConfig,
  deserializeFingerprint,
  fingerprintLandmarks,
  fingerprintSeconds,
  serializeFingerprint,
} from '@mediadna/audio';
import type { MatchOptions } from '@mediadna/audio';
import { PostingsIndex } from '@mediadna/index';
import { decodeAudioMonoTo } from '@mediadna/media';
import type { EngineConfig, EngineIndex, ExtractOptions, ExtractedFingerprint, MediaEngine } from '../engine.js';
import { checkConfigChoice, checkConfigNumber } from './config-fields.js';

/** Fewer distinct landmarks than this means silence or a steady tone: nothing worth storing. */
export const AUDIO_MIN_DISTINCT_LANDMARKS = 16;
/** Default of Config `MaxMatches`. */
export const AUDIO_DEFAULT_MAX_MATCHES = 20;

function checkConfig(config: EngineConfig): void {
  checkConfigNumber(config, 'MinSignificance', 0, 1000, false);
  checkConfigNumber(config, 'MinVotes', 2, 100000, true);
  checkConfigNumber(config, 'MaxGapSeconds', 0.1, 3600, false);
  checkConfigNumber(config, 'MaxMatches', 1, 1000, true);
  checkConfigChoice(config, 'Backend', ['auto', 'system', 'wasm']);
}

/** Config `Backend` as the media package names its decoder choices. */
const DECODERS = { wasm: 'wasm', system: 'ffmpeg', auto: 'auto' } as const;

function matchOptions(config: EngineConfig): MatchOptions {
  const secondsPerFrame = defaultAudioConfig.hopSize / defaultAudioConfig.sampleRate;
  const options: { -readonly [K in keyof MatchOptions]: MatchOptions[K] } = { maxMatches: (config.MaxMatches as number | undefined) ?? AUDIO_DEFAULT_MAX_MATCHES };
  if (config.MinSignificance !== undefined) options.minSignificance = config.MinSignificance as number;
  if (config.MinVotes !== undefined) options.minVotes = config.MinVotes as number;
  if (config.MaxGapSeconds !== undefined) options.maxGapFrames = Math.round((config.MaxGapSeconds as number) / secondsPerFrame);
  return options;
}

async function extract(source: MediaSource, options: ExtractOptions): Promise<ExtractedFingerprint> {
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size > options.limits.maxInputBytes) {
    throw dnaError(DnaErrorCode.MediaTooLarge, `[mediadna] [audio] The input is ${size} bytes, over the limit of ${options.limits.maxInputBytes} bytes`);
  }
  const fingerprinter = new AudioFingerprinter(defaultAudioConfig);
  // WASM decoders unless Config `Backend` says otherwise (see the module comment).
  await decodeAudioMonoTo(source, (pcm) => fingerprinter.push(pcm, false), {
    sampleRate: defaultAudioConfig.sampleRate,
    maxDurationSeconds: options.limits.maxDurationSeconds,
    signal: options.signal,
    backend: DECODERS[(options.config.Backend as keyof typeof DECODERS | undefined) ?? 'wasm'],
  });
  if (options.signal.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [audio] The job was cancelled');
  const fingerprint = fingerprinter.push(new Float32Array(0), true);
  const landmarks = fingerprintLandmarks(fingerprint);
  const distinct = new Set(landmarks.hashes.subarray(0, landmarks.length)).size;
  const seconds = fingerprintSeconds(fingerprint);
  if (distinct < AUDIO_MIN_DISTINCT_LANDMARKS) {
    throw dnaError(
      DnaErrorCode.MediaNoContent,
      `[mediadna] [audio] The audio (${seconds.toFixed(1)} s) has no distinctive sound to fingerprint (silence, a steady tone or too short): ${distinct} distinct landmarks, ${AUDIO_MIN_DISTINCT_LANDMARKS} needed`,
    );
  }
  const blob = serializeFingerprint(fingerprint);
  return {
    blob,
    meta: {
      durationSeconds: Math.round(seconds * 100) / 100,
      peaks: fingerprint.peakFrames.length,
      landmarks: landmarks.length,
      bytes: blob.length,
    },
  };
}

/** One Audio library in memory: landmark postings in a `PostingsIndex`. */
class AudioIndex implements EngineIndex {
  private readonly library: AudioLibrary = new AudioLibrary({ postings: new PostingsIndex() });

  get size(): number {
    return this.library.size;
  }

  add(primaryKey: string, blob: Uint8Array): void {
    this.library.remove(primaryKey);
    this.library.add(primaryKey, deserializeFingerprint(blob));
  }

  remove(primaryKey: string): void {
    this.library.remove(primaryKey);
  }

  search(query: Uint8Array, options: { readonly mediaType: MediaType; readonly config: EngineConfig }): DNAResult {
    const matches = this.library.search(deserializeFingerprint(query), matchOptions(options.config));
    const AudioDNA: TimedMatch[] = matches.map((match) => ({
      PrimaryKey: match.key,
      Similarity: formatSimilarity(match.similarity),
      Detail: match.segments.map((segment) => ({
        Input: { Start: formatSeconds(segment.inputStart), Duration: formatSeconds(segment.inputDuration) },
        Duplication: { Start: formatSeconds(segment.duplicationStart), Duration: formatSeconds(segment.duplicationDuration) },
      })),
    }));
    return { AudioDNA };
  }
}

/** The Audio engine (see the module comment for its Config fields). */
export const audioEngine: MediaEngine = {
  model: 'Audio',
  mediaTypes: ['audio'],
  algorithm: AUDIO_ALGORITHM,
  version: AUDIO_FINGERPRINT_VERSION,
  validateConfig: checkConfig,
  extract,
  createIndex: () => new AudioIndex(),
};
