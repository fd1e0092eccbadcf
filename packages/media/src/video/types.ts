/** Shapes shared by the video decoding stages. */

/** Facts about one video file, from mp4box (MP4/MOV) or ffprobe (everything else). */
export interface VideoInfo {
  /** Container, e.g. `mp4`, `mov`, `matroska`, `webm`, `avi`, `mpegts`, `flv`. */
  readonly container: string;
  /** Duration in seconds. */
  readonly durationSeconds: number;
  /** Displayed frame width in pixels (after rotation). */
  readonly width: number;
  /** Displayed frame height in pixels (after rotation). */
  readonly height: number;
  /** Average frames per second (0 when unknown). */
  readonly frameRate: number;
  /** Video codec, e.g. `avc1.640028` (mp4box) or `h264` (ffprobe). */
  readonly videoCodec: string;
  /** The first audio stream, or `null` for silent video. */
  readonly audio: { readonly codec: string; readonly sampleRate: number; readonly channels: number } | null;
  /** Keyframe (sync sample) times in seconds, from the MP4 sample table; `null` when not known. */
  readonly keyframeTimes: Float64Array | null;
  /** Subtitle tracks (MP4/MOV), e.g. `{id: 3, codec: 'wvtt', language: 'eng'}`. */
  readonly subtitleTracks: readonly { readonly id: number; readonly codec: string; readonly language: string }[];
  /** Who read the metadata. */
  readonly demuxer: 'mp4box' | 'ffprobe';
}

/** Limits checked before decoding starts. */
export interface VideoLimits {
  /** Largest frame in pixels (width x height). Default 100 000 000. */
  readonly maxPixels?: number;
  /** Longest video in seconds. Default 6 hours. */
  readonly maxDurationSeconds?: number;
  /** Largest MP4 `moov` (index) box read into memory, in bytes. Default 64 MiB. */
  readonly maxIndexBytes?: number;
}

export const DEFAULT_MAX_VIDEO_PIXELS: number = 100_000_000;
export const DEFAULT_MAX_DURATION_SECONDS: number = 6 * 3600;
export const DEFAULT_MAX_INDEX_BYTES: number = 64 * 1024 * 1024;
