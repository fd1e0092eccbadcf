/**
 * Compressed audio through lazily loaded WASM decoders: MP3 (`mpg123-decoder`), Ogg Vorbis
 * (`@wasm-audio-decoders/ogg-vorbis`), Ogg Opus (`ogg-opus-decoder`), FLAC
 * (`@wasm-audio-decoders/flac`), and AAC/M4A/MP4 (`@audio/decode-aac`, GPL, optional). Each
 * file is fed in chunks, so memory holds one chunk of bytes and its PCM, never the whole file.
 * With `analysisRate` set (fingerprinting), Layer III MP3 and Ogg Vorbis go to the low-band
 * decoders of mp3/ and vorbis/ instead of mpg123 and libvorbis, FLAC to the mono decoder of flac/
 * instead of libFLAC, Ogg Opus to the mono decoder of opus/ (libopus at its nearest native
 * rate, downmixing inside; multichannel Opus keeps ogg-opus-decoder at that rate), and AAC-LC
 * cores (ADTS, MP4) to the low-band decoder of aac/, which needs no GPL package.
 */
import { DnaErrorCode, dnaError, isDnaError } from '@mediadna/core';
import { LowBandAacDecoder, probeLowBandAac } from './aac/low-band-decoder.js';
import { FlacMonoDecoder, readFlacStreamInfo } from './flac/mono-decoder.js';
import { id3v2Length } from './id3.js';
import { isLowBandMp3, LowBandMp3Decoder } from './mp3/low-band-decoder.js';
import { oggOpusSamples } from './ogg-opus-length.js';
import { OpusMonoDecoder, opusRateFor, probeOpusMono } from './opus/mono-decoder.js';
import { LowBandVorbisDecoder, probeLowBandVorbis } from './vorbis/low-band-decoder.js';
import { readChunks, type ByteReader } from './reader.js';
import { DEFAULT_MAX_AUDIO_SECONDS, type AudioDecodeOptions, type PcmBlock } from './pcm.js';

/** Codecs decoded here. */
export type CompressedAudioCodec = 'mp3' | 'vorbis' | 'opus' | 'flac' | 'aac';

interface DecodedAudio {
  channelData: Float32Array[];
  samplesDecoded?: number;
  sampleRate: number;
  errors?: unknown[];
}

/** The common shape of the WASM decoders once created. */
interface ChunkDecoder {
  decode(chunk: Uint8Array): DecodedAudio | Promise<DecodedAudio>;
  flush?(): DecodedAudio | Promise<DecodedAudio>;
  free(): void;
}

const PACKAGE_OF_CODEC: Readonly<Record<CompressedAudioCodec, string>> = Object.freeze({
  mp3: 'mpg123-decoder',
  vorbis: '@wasm-audio-decoders/ogg-vorbis',
  opus: 'ogg-opus-decoder',
  flac: '@wasm-audio-decoders/flac',
  aac: '@audio/decode-aac',
});

async function importDecoder(codec: CompressedAudioCodec): Promise<Record<string, unknown>> {
  try {
    switch (codec) {
      case 'mp3': return (await import('mpg123-decoder')) as unknown as Record<string, unknown>;
      case 'vorbis': return (await import('@wasm-audio-decoders/ogg-vorbis')) as unknown as Record<string, unknown>;
      case 'opus': return (await import('ogg-opus-decoder')) as unknown as Record<string, unknown>;
      case 'flac': return (await import('@wasm-audio-decoders/flac')) as unknown as Record<string, unknown>;
      case 'aac': {
        const name = PACKAGE_OF_CODEC.aac; // optional peer dependency: resolved at run time only
        return (await import(name)) as Record<string, unknown>;
      }
    }
  } catch (error) {
    const gpl = codec === 'aac' ? ' It is GPL and optional: install it (npm i @audio/decode-aac) to decode AAC/M4A.' : '';
    throw dnaError(DnaErrorCode.DecoderUnavailable, `[mediadna] [audio] The ${codec.toUpperCase()} decoder ${PACKAGE_OF_CODEC[codec]} could not be loaded: ${(error as Error).message}.${gpl}`);
  }
}

/** Bytes read to find the first MP3 frame after an ID3v2 tag. */
const MP3_PROBE_BYTES = 8192;

/** Whether the MP3 behind `reader` starts with a Layer III frame the low-band decoder takes. */
async function startsWithLayer3(reader: ByteReader): Promise<boolean> {
  const at = id3v2Length((await reader.read(0, 10)).slice());
  return isLowBandMp3((await reader.read(at, Math.min(MP3_PROBE_BYTES, Math.max(0, reader.size - at)))).slice());
}

/** Bytes read for a stream's headers: Vorbis' three (the setup header is usually a few KiB), FLAC's metadata. */
const HEADER_PROBE_BYTES = 1 << 18;

/** Whether the FLAC behind `reader` has metadata the mono decoder reads (a native FLAC stream). */
async function flacMonoApplies(reader: ByteReader): Promise<boolean> {
  try {
    return readFlacStreamInfo((await reader.read(0, Math.min(HEADER_PROBE_BYTES, reader.size))).slice()) !== null;
  } catch {
    return false;
  }
}

/** Bytes read for the OpusHead (the first page). */
const OPUS_PROBE_BYTES = 1 << 16;

/** Pieces fed to the TypeScript decoders. */
const SMALL_PIECE = 1 << 16;

async function createDecoder(codec: CompressedAudioCodec, options: AudioDecodeOptions, reader: ByteReader): Promise<ChunkDecoder> {
  const analysisRate = options.analysisRate;
  if (codec === 'mp3' && analysisRate && (await startsWithLayer3(reader))) return new LowBandMp3Decoder(analysisRate);
  if (codec === 'flac' && analysisRate && (await flacMonoApplies(reader))) return new FlacMonoDecoder();
  if (codec === 'opus' && analysisRate) {
    const opusHead = probeOpusMono((await reader.read(0, Math.min(OPUS_PROBE_BYTES, reader.size))).slice());
    if (opusHead) return OpusMonoDecoder.create(analysisRate, opusHead.preSkip);
  }
  if (codec === 'vorbis' && analysisRate) {
    const headers = probeLowBandVorbis((await reader.read(0, Math.min(HEADER_PROBE_BYTES, reader.size))).slice());
    if (headers) return new LowBandVorbisDecoder(analysisRate, headers);
  }
  if (codec === 'aac' && analysisRate) {
    const layout = await probeLowBandAac(reader);
    if (layout) return new LowBandAacDecoder(analysisRate, layout);
  }
  const module = await importDecoder(codec);
  if (codec === 'aac') {
    const factory = module.decoder as () => Promise<ChunkDecoder>;
    return factory();
  }
  const className = { mp3: 'MPEGDecoder', vorbis: 'OggVorbisDecoder', opus: 'OggOpusDecoder', flac: 'FLACDecoder' }[codec];
  const Decoder = module[className] as new (options?: object) => ChunkDecoder & { ready: Promise<void> };
  const opusRate = codec === 'opus' && analysisRate ? opusRateFor(analysisRate) : undefined; // multichannel Opus
  const decoder = opusRate ? new Decoder({ sampleRate: opusRate }) : new Decoder();
  await decoder.ready;
  return decoder;
}

function samplesOf(result: DecodedAudio): number {
  if (!result || !result.channelData || result.channelData.length === 0) return 0;
  return result.samplesDecoded ?? result.channelData[0].length;
}

/**
 * The `@wasm-audio-decoders` family (MP3, Vorbis, Opus, FLAC) returns fresh arrays on every call
 * (concatenated out of WASM memory), so their output is handed on as is; other decoders' output
 * is copied, in case they reuse their buffers.
 */
const FRESH_OUTPUT: ReadonlySet<CompressedAudioCodec> = new Set<CompressedAudioCodec>(['mp3', 'vorbis', 'opus', 'flac']); // the low-band MP3 decoder too

/** The decoded samples as a block the consumer owns (a copy unless the decoder's arrays are fresh). */
function ownBlock(result: DecodedAudio, count: number, fresh: boolean): PcmBlock {
  const channelData = fresh
    ? result.channelData.map((channel) => (channel.length === count ? channel : channel.subarray(0, count)))
    : result.channelData.map((channel) => channel.slice(0, count));
  return { channelData, sampleRate: result.sampleRate };
}

/**
 * Stream-decode a compressed audio file.
 * @throws DnaError `Decoder.Unavailable` (decoder missing), `InvalidMedia.Corrupt` (nothing decodable),
 * `InvalidMedia.TooLong`, `Job.Cancelled`
 */
export async function* decodeCompressed(reader: ByteReader, codec: CompressedAudioCodec, options: AudioDecodeOptions = {}): AsyncGenerator<PcmBlock> {
  const decoder = await createDecoder(codec, options, reader);
  const fresh = FRESH_OUTPUT.has(codec) || decoder instanceof LowBandAacDecoder;
  const maxSeconds = options.maxDurationSeconds ?? DEFAULT_MAX_AUDIO_SECONDS;
  let seconds = 0;
  let produced = 0;
  let errors = 0;
  let audible = false;
  const take = (result: DecodedAudio): PcmBlock | null => {
    errors += result?.errors?.length ?? 0;
    const count = samplesOf(result);
    if (count === 0) return null;
    if (!audible) {
      const first = result.channelData[0];
      for (let i = 0; i < count; i++) {
        if (first[i] !== 0) {
          audible = true;
          break;
        }
      }
    }
    seconds += count / result.sampleRate;
    produced += count;
    if (seconds > maxSeconds) throw dnaError(DnaErrorCode.MediaTooLong, `[mediadna] [audio] Audio lasts over ${maxSeconds} s, the limit`);
    return ownBlock(result, count, fresh);
  };
  try {
    for await (const chunk of readChunks(reader)) {
      if (options.signal?.aborted) throw dnaError(DnaErrorCode.JobCancelled, '[mediadna] [audio] Decoding was cancelled');
      // The TypeScript decoders run faster on smaller pieces (their buffers stay in cache).
      const piece = decoder instanceof LowBandMp3Decoder || decoder instanceof LowBandVorbisDecoder || decoder instanceof FlacMonoDecoder || decoder instanceof OpusMonoDecoder || decoder instanceof LowBandAacDecoder ? SMALL_PIECE : chunk.length;
      let failed = false;
      for (let at = 0; at < chunk.length && !failed; at += piece) {
        let result: DecodedAudio;
        try {
          result = await decoder.decode(chunk.subarray(at, at + piece));
        } catch (error) {
          if (produced > 0) {
            failed = true; // damaged tail: keep what decoded
            break;
          }
          throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [audio] The ${codec.toUpperCase()} stream could not be decoded: ${(error as Error).message}`);
        }
        const block = take(result);
        if (block) yield block;
      }
      if (failed) break;
    }
    // Opus' flush returns its buffered tail (up to a second on a whole file), but on a cut file
    // also seconds of loss concealment: keep only what the last page's granule position covers.
    // (The Opus mono decoder trims its own end.)
    const ownTrim = decoder instanceof OpusMonoDecoder;
    const opusLength = codec === 'opus' && !ownTrim ? await oggOpusSamples(reader) : null;
    if (decoder.flush && (codec !== 'opus' || ownTrim || opusLength !== null)) {
      try {
        let flushed = await decoder.flush();
        if (opusLength !== null && flushed?.channelData?.length) {
          // The granule positions count 48 kHz samples whatever rate the decoder outputs.
          const keep = Math.max(0, Math.min(samplesOf(flushed), Math.round((opusLength * flushed.sampleRate) / 48000) - produced));
          flushed = { ...flushed, channelData: flushed.channelData.map((channel) => channel.subarray(0, keep)), samplesDecoded: keep };
        }
        const block = take(flushed);
        if (block) yield block;
      } catch (error) {
        if (isDnaError(error)) throw error;
        // a failed flush only loses the last frames
      }
    }
  } finally {
    try {
      decoder.free();
    } catch {
      // already freed
    }
  }
  // Garbage can hold chance frame syncs: errors and under a second of output mean "not this codec".
  if (produced > 0 && errors > 0 && (!audible || seconds < 1)) {
    throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [audio] The ${codec.toUpperCase()} stream could not be decoded (${errors} decoder errors, no audio)`);
  }
  if (produced === 0) throw dnaError(DnaErrorCode.MediaCorrupt, `[mediadna] [audio] No audio could be decoded from this ${codec.toUpperCase()} file (corrupt, truncated or empty)`);
}
