/** Decoded audio as it flows from a decoder to the resampler. */

/** One block of decoded PCM: one Float32Array per channel, equal lengths, samples in [-1, 1]. */
export interface PcmBlock {
  readonly channelData: readonly Float32Array[];
  /** Sample rate in Hz. */
  readonly sampleRate: number;
}

/** Options for the audio decoders. */
export interface AudioDecodeOptions {
  /** Longest accepted audio in seconds; longer input fails `InvalidMedia.TooLong`. Default 6 hours. */
  readonly maxDurationSeconds?: number;
  /** Checked between chunks; an aborted signal stops decoding with `Job.Cancelled`. */
  readonly signal?: AbortSignal;
  /**
   * The rate the caller will resample to, when it only needs the band below half of it in mono
   * (as fingerprinting does). Decoders that can then do less: MP3 (Layer III) and Ogg Vorbis are
   * decoded by the low-band decoders into mono at a quarter or half of the file's rate, FLAC into
   * mono at its rate, Opus at its nearest native rate at or above this one. Unset: every decoder
   * returns the full band, all channels.
   */
  readonly analysisRate?: number;
}

/** Default longest audio: 6 hours. */
export const DEFAULT_MAX_AUDIO_SECONDS: number = 6 * 3600;
