/**
 * Audio decoding entry points: sniff the format, pick the decoder, stream PCM blocks, and
 * optionally downmix and resample them to the analysis rate on the fly.
 */
import { DnaErrorCode, dnaError, kindOfFormat, readHead, sniffFormat, SNIFF_BYTES, type MediaSource, type SniffedFormat } from '@mediadna/core';
import { decodeCompressed, type CompressedAudioCodec } from './codecs.js';
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

/** Options of {@link decodeAudioMono}. */
export interface MonoDecodeOptions extends AudioDecodeOptions {
  /** Output rate in Hz. Default 8000 (the audio DNA analysis rate). */
  readonly sampleRate?: number;
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
export async function* decodeAudio(source: MediaSource, options: AudioDecodeOptions = {}): AsyncGenerator<PcmBlock> {
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
    if (codec === 'wav') yield* decodeWav(reader, options);
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
  for await (const block of decodeAudio(source, options)) {
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
