/**
 * Audio decoding entry points: sniff the format, pick the decoder, stream PCM blocks, and
 * optionally downmix and resample them to the analysis rate on the fly.
 */
import { DnaErrorCode, dnaError, isDnaError, kindOfFormat, readHead, sniffFormat, SNIFF_BYTES, type MediaSource, type SniffedFormat } from '@mediadna/core';
import { decodeCompressed, type CompressedAudioCodec } from './codecs.js';
import { decodeAudioMonoWithFfmpeg, hasSystemFfmpeg } from './ffmpeg-pcm.js';
import type { AudioDecodeOptions, PcmBlock } from './pcm.js';
import { openByteReader } from './reader.js';
import { AudioResampler } from './resample.js';
import { decodeWav } from './wav.js';

/** Formats {@link decodeAudio} reads, and their codec. */
const CODEC_OF_FORMAT: Readonly<Partial<Record<SniffedFormat, CompressedAudioCodec | 'wav'>>> = Object.freeze({
  wav: 'wav',
  mp3: 'mp3',
  flac: 'flac',
  'ogg-vorbis': 'vorbis',
  'ogg-opus': 'opus',
  aac: 'aac',
  m4a: 'aac',
  mp4: 'aac',
  mov: 'aac',
});

/**
 * Which decoders {@link decodeAudioMonoTo} uses for compressed audio (WAV is always parsed here):
 * `wasm` — the built-in decoders (the low-band MP3, Vorbis and AAC decoders, the WASM ones), with
 * a system ffmpeg as fallback for what they lack; `ffmpeg` — a system ffmpeg for everything
 * compressed (`Decoder.Unavailable` without one); `auto` — the faster of the two per format: built
 * in for every format read here (MP3, Ogg Vorbis, FLAC, Ogg Opus, AAC: the built-in decoders beat
 * starting ffmpeg), ffmpeg for other containers (Matroska, AVI…) when on PATH.
 */
export type AudioDecoderBackend = 'wasm' | 'ffmpeg' | 'auto';

/** Containers the WASM path does not read but a system ffmpeg may (their audio track is decoded). */
const FFMPEG_CONTAINERS: ReadonlySet<SniffedFormat> = new Set<SniffedFormat>(['matroska', 'webm', 'avi', 'mpegts', 'flv', 'ogg']);

/** Options of {@link decodeAudioMono} and {@link decodeAudioMonoTo}. */
export interface MonoDecodeOptions extends AudioDecodeOptions {
  /** Output rate in Hz. Default 8000 (the audio DNA analysis rate). */
  readonly sampleRate?: number;
  /** Decoders for compressed audio ({@link decodeAudioMonoTo} only). Default `wasm`. */
  readonly backend?: AudioDecoderBackend;
}

/** The decoder {@link decodeAudio} would use for these leading bytes, or null when none. */
export function audioCodecOf(head: Uint8Array): CompressedAudioCodec | 'wav' | null {
  return CODEC_OF_FORMAT[sniffFormat(head)] ?? null;
}

/**
 * Decode any supported audio file (WAV, MP3, Ogg Vorbis, Ogg Opus, FLAC, AAC/M4A; the AAC track
 * of an MP4/MOV) into a stream of PCM blocks at the file's own rate and channel count.
 * @throws DnaError `InvalidMedia.Empty`, `InvalidMedia.UnsupportedFormat`, `InvalidMedia.TypeMismatch`,
 * `InvalidMedia.Corrupt`, `InvalidMedia.Truncated`, `InvalidMedia.TooLong`, `Decoder.Unavailable`
 * @example for await (const block of decodeAudio(await openInput('song.mp3'))) console.log(block.sampleRate)
 */
export function decodeAudio(source: MediaSource, options: AudioDecodeOptions = {}): AsyncGenerator<PcmBlock> {
  return decodeAudioBlocks(source, options, false);
}

/** {@link decodeAudio}; with `downmixWav`, WAV blocks come downmixed to mono in a reused array. */
async function* decodeAudioBlocks(source: MediaSource, options: AudioDecodeOptions, downmixWav: boolean): AsyncGenerator<PcmBlock> {
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [audio] The input is empty (0 bytes)');
  const head = await readHead(source, SNIFF_BYTES);
  const format = sniffFormat(head);
  const codec = CODEC_OF_FORMAT[format];
  if (!codec) {
    const kind = kindOfFormat(format);
    if (kind === 'image' || kind === 'text') {
      throw dnaError(DnaErrorCode.MediaTypeMismatch, `[mediadna] [audio] Expected audio but the input is ${format === 'text' ? 'text' : `a ${format.toUpperCase()} image`}`);
    }
    const what = format === 'unknown' ? 'an unrecognised format' : format === 'ogg' ? 'an Ogg stream with a codec other than Vorbis or Opus' : format.toUpperCase();
    throw dnaError(DnaErrorCode.MediaUnsupported, `[mediadna] [audio] Unsupported audio input: ${what} (supported: WAV, MP3, Ogg Vorbis, Ogg Opus, FLAC, AAC/M4A)`);
  }
  const reader = await openByteReader(source);
  try {
    if (codec === 'wav') yield* decodeWav(reader, options, downmixWav);
    else yield* decodeCompressed(reader, codec, options);
  } finally {
    await reader.close();
  }
}

/**
 * Decode, downmix to mono and resample to `sampleRate` (default 8000 Hz) as a stream of blocks;
 * memory stays bounded by one block whatever the duration. Each yielded array is a fresh copy.
 * @example
 * for await (const pcm of decodeAudioMono(source)) fingerprinter.push(pcm, false);
 */
export async function* decodeAudioMono(source: MediaSource, options: MonoDecodeOptions = {}): AsyncGenerator<Float32Array> {
  const outputRate = options.sampleRate ?? 8000;
  let resampler: AudioResampler | null = null;
  // Only the band below half the output rate is needed, in mono: decoders may do less.
  for await (const block of decodeAudioBlocks(source, { ...options, analysisRate: options.analysisRate ?? outputRate }, true)) {
    if (resampler && resampler.inputRate !== block.sampleRate) {
      const tail = resampler.push([], true);
      if (tail.length > 0) yield tail.slice();
      resampler = null;
    }
    resampler ??= new AudioResampler(block.sampleRate, outputRate);
    const out = resampler.push(block.channelData, false);
    if (out.length > 0) yield out.slice();
  }
  if (resampler) {
    const tail = resampler.push([], true);
    if (tail.length > 0) yield tail.slice();
  }
}

/**
 * Push-style decoding to mono PCM at `sampleRate` (default 8000 Hz): `onPcm` gets each block (a
 * view valid during the call) as it is decoded. Adds the system-ffmpeg paths of
 * {@link AudioDecoderBackend} to {@link decodeAudioMono}: native-speed decoding, and formats the
 * built-in decoders lack (AAC profiles other than LC without `@audio/decode-aac`, audio in
 * Matroska/WebM/AVI/MPEG-TS).
 * @returns seconds decoded
 * @throws DnaError as {@link decodeAudio}
 * @example await decodeAudioMonoTo(source, (pcm) => fingerprinter.push(pcm, false), { backend: 'auto' })
 */
export async function decodeAudioMonoTo(source: MediaSource, onPcm: (pcm: Float32Array) => void, options: MonoDecodeOptions = {}): Promise<number> {
  const size = source.type === 'bytes' ? source.bytes.length : source.size;
  if (size === 0) throw dnaError(DnaErrorCode.MediaEmpty, '[mediadna] [audio] The input is empty (0 bytes)');
  const sampleRate = options.sampleRate ?? 8000;
  const backend = options.backend ?? 'wasm';
  const format = sniffFormat(await readHead(source, SNIFF_BYTES));
  const kind = kindOfFormat(format);
  const codec = CODEC_OF_FORMAT[format];
  const builtInFaster = codec !== undefined; // other containers (Matroska, AVI…) go straight to ffmpeg
  const useFfmpeg = codec !== 'wav' && kind !== 'image' && kind !== 'text' && (backend === 'ffmpeg' || (backend === 'auto' && !builtInFaster && (await hasSystemFfmpeg())));
  if (useFfmpeg) return decodeAudioMonoWithFfmpeg(source, onPcm, { ...options, sampleRate });
  let samples = 0;
  try {
    for await (const pcm of decodeAudioMono(source, options)) {
      samples += pcm.length;
      onPcm(pcm);
    }
  } catch (error) {
    // Fallback for what the WASM path lacks, when nothing was decoded yet.
    const lacking = isDnaError(error) && samples === 0 && (error.code === DnaErrorCode.DecoderUnavailable || (error.code === DnaErrorCode.MediaUnsupported && FFMPEG_CONTAINERS.has(format)));
    if (lacking && (await hasSystemFfmpeg())) return decodeAudioMonoWithFfmpeg(source, onPcm, { ...options, sampleRate });
    throw error;
  }
  return samples / sampleRate;
}
