/**
 * The ffmpeg backends behind video decoding, one interface for both: a system `ffmpeg` process
 * (native speed, every codec) and `@ffmpeg/core` (ffmpeg compiled to WASM, GPL, an optional peer
 * dependency). {@link selectFfmpegBackend} picks one automatically and says which.
 */
import type { MediaSource } from '@mediadna/core';

/** Which ffmpeg runs. */
export type FfmpegBackendName = 'system' | 'wasm';

/** Options of one ffmpeg run. */
export interface FfmpegRunOptions {
  /**
   * Receives ffmpeg's output bytes in order (a pipe for `system`, a device for `wasm`). The chunk
   * is only valid during the call: copy what you keep. Throwing stops ffmpeg and rejects the run.
   */
  readonly onData: (chunk: Uint8Array) => void;
  /** Receives stderr text (log lines) as it comes. */
  readonly onLog?: (text: string) => void;
  /** Stops ffmpeg when aborted (the run rejects with `Job.Cancelled`). */
  readonly signal?: AbortSignal;
  /** Wall-clock limit in milliseconds; default no limit. Over it the run rejects with `Input.Timeout`. */
  readonly timeoutMs?: number;
}

/** How an ffmpeg run ended. */
export interface FfmpegRunResult {
  /** Exit status (0 = success). */
  readonly exitCode: number;
  /** The last part of stderr (bounded). */
  readonly log: string;
}

/** Builds ffmpeg's arguments once the backend knows how it names the input and the output. */
export type FfmpegArgsBuilder = (input: string, output: string) => string[];

/** One ffmpeg backend. */
export interface FfmpegBackend {
  readonly name: FfmpegBackendName;
  /** Version text, e.g. `ffmpeg version 5.1.9` or `@ffmpeg/core 0.12.10 (WASM)`. */
  readonly version: string;
  /** Run ffmpeg over one input, streaming its output to `options.onData`. */
  run(source: MediaSource, buildArgs: FfmpegArgsBuilder, options: FfmpegRunOptions): Promise<FfmpegRunResult>;
  /** `ffprobe -show_format -show_streams` as parsed JSON (`null` when ffprobe could not read the input). */
  probe(source: MediaSource, options?: { readonly signal?: AbortSignal; readonly timeoutMs?: number }): Promise<FfprobeJson | null>;
}

/** The parts of ffprobe's JSON that mediadna reads. */
export interface FfprobeJson {
  readonly format?: { readonly format_name?: string; readonly duration?: string; readonly size?: string; readonly bit_rate?: string };
  readonly streams?: readonly FfprobeStream[];
}

/** One stream in ffprobe's JSON. */
export interface FfprobeStream {
  readonly index?: number;
  readonly codec_type?: string;
  readonly codec_name?: string;
  readonly profile?: string;
  readonly width?: number;
  readonly height?: number;
  readonly avg_frame_rate?: string;
  readonly r_frame_rate?: string;
  readonly duration?: string;
  readonly sample_rate?: string;
  readonly channels?: number;
  readonly nb_frames?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly side_data_list?: readonly { readonly rotation?: number }[];
}

/** Which backend to use: `auto` prefers the system ffmpeg, then WASM. */
export type FfmpegBackendPreference = 'auto' | FfmpegBackendName;
