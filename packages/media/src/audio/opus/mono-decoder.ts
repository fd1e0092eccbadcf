/**
 * Ogg Opus to mono at the analysis rate, for fingerprinting. Opus decodes natively at 8, 12, 16,
 * 24 or 48 kHz, and libopus decodes a stereo stream with a mono decoder by summing the channels
 * before its synthesis: one synthesis instead of two, and output that equals the average of a
 * stereo decode. So the pages are demuxed here (`OggPacketReader`) and the packets fed to libopus
 * as a mono stream: its SIMD build from `@evan/opus` where it loads (Node), else `opus-decoder`
 * declared as one uncoupled stream. Mono and stereo streams (channel mapping family 0) only;
 * others stay with `ogg-opus-decoder`.
 */
import { MonoOutput, type MonoPcm } from '../mono-output.js';
import { OggPacketReader } from '../ogg-packets.js';
import { loadSimdLibopus, type PacketDecoder } from './libopus-simd.js';

/** Opus' native decoding rates (RFC 6716); lower ones cost less. */
const OPUS_RATES = [8000, 12000, 16000, 24000, 48000];

/** Opus' nearest native rate at or above `analysisRate` (48 kHz above that). */
export function opusRateFor(analysisRate: number): number {
  return OPUS_RATES.find((rate) => rate >= analysisRate) ?? 48000;
}
/** Packets decoded per call into the WASM decoder. */
const BATCH = 64;
/** Output held back until the next call, so the stream's end can be trimmed to its granule position (more than one packet). */
const HOLD_SECONDS = 0.2;

/** Thrown for a stream this decoder does not take (the caller keeps ogg-opus-decoder). */
export class OpusFormatError extends Error {}

/** The fields of an OpusHead packet this decoder needs. */
export interface OpusHead {
  readonly channels: number;
  /** Samples at 48 kHz to drop at the start. */
  readonly preSkip: number;
  readonly mappingFamily: number;
}

/** Parses an OpusHead packet; null when `packet` is not one. */
export function readOpusHead(packet: Uint8Array): OpusHead | null {
  if (packet.length < 19) return null;
  const magic = String.fromCharCode(...packet.subarray(0, 8));
  if (magic !== 'OpusHead' || (packet[8] & 0xf0) !== 0) return null;
  return { channels: packet[9], preSkip: packet[10] | (packet[11] << 8), mappingFamily: packet[18] };
}

/** The OpusHead of an Ogg Opus file's first page (`head`) when it is a stream this decoder takes, else null. */
export function probeOpusMono(head: Uint8Array): OpusHead | null {
  const first = new OggPacketReader().push(head)[0];
  const opus = first ? readOpusHead(first) : null;
  return opus !== null && opus.mappingFamily === 0 && (opus.channels === 1 || opus.channels === 2) ? opus : null;
}

interface OpusDecoderLike extends PacketDecoder {
  readonly ready: Promise<void>;
}

/** Streaming decoder: {@link decode} chunks, then {@link flush}. Create with {@link OpusMonoDecoder.create}. */
export class OpusMonoDecoder {
  readonly sampleRate: number;
  private readonly ogg = new OggPacketReader();
  private readonly output = new MonoOutput();
  private readonly decoder: PacketDecoder;
  private head: OpusHead | null = null;
  private packetsSeen = 0;
  private pending: Uint8Array[] = [];

  private constructor(decoder: PacketDecoder, sampleRate: number) {
    this.decoder = decoder;
    this.sampleRate = sampleRate;
  }

  /**
   * A decoder whose output rate is Opus' nearest native rate at or above `analysisRate`.
   * `preSkip` is the stream's (from its OpusHead), in 48 kHz samples.
   */
  static async create(analysisRate: number, preSkip: number, options: { readonly simd?: boolean } = {}): Promise<OpusMonoDecoder> {
    const sampleRate = opusRateFor(analysisRate);
    const skip = Math.round((preSkip * sampleRate) / 48000); // in output samples
    const simd = options.simd === false ? null : await loadSimdLibopus(sampleRate, skip);
    if (simd) return new OpusMonoDecoder(simd, sampleRate);
    const { OpusDecoder } = (await import('opus-decoder')) as unknown as { OpusDecoder: new (options: object) => OpusDecoderLike };
    // opus-decoder counts the pre-skip in output samples.
    const decoder = new OpusDecoder({
      channels: 1,
      streamCount: 1,
      coupledStreamCount: 0,
      channelMappingTable: [0],
      sampleRate,
      preSkip: skip,
    });
    await decoder.ready;
    return new OpusMonoDecoder(decoder, sampleRate);
  }

  decode(chunk: Uint8Array): MonoPcm {
    for (const packet of this.ogg.push(chunk)) this.packet(packet);
    this.run(false);
    return this.release(false);
  }

  flush(): MonoPcm {
    this.run(true);
    return this.release(true);
  }

  free(): void {
    this.decoder.free();
  }

  private packet(packet: Uint8Array): void {
    this.packetsSeen++;
    if (this.packetsSeen === 1) {
      this.head = readOpusHead(packet);
      if (!this.head || this.head.mappingFamily !== 0 || this.head.channels > 2) throw new OpusFormatError('not a mono or stereo Ogg Opus stream');
      return;
    }
    if (this.packetsSeen === 2) return; // OpusTags
    this.pending.push(packet.slice());
  }

  /** Decodes the pending packets (in batches, all of them at the end). */
  private run(final: boolean): void {
    while (this.pending.length >= BATCH || (final && this.pending.length > 0)) {
      const batch = this.pending.splice(0, BATCH);
      const result = this.decoder.decodeFrames(batch);
      if (result.errors?.length) this.output.errors.push(`${result.errors.length} Opus packet(s) could not be decoded`);
      const samples = result.channelData[0];
      const count = result.samplesDecoded;
      if (!samples || count === 0) continue;
      const output = this.output;
      output.reserve(count).set(samples.subarray(0, count), output.length);
      output.length += count;
    }
  }

  /**
   * Hands out what is decoded but the last HOLD_SECONDS; at the end, all of it up to the length
   * the last granule position gives (a cut file: the last complete page's).
   */
  private release(final: boolean): MonoPcm {
    const output = this.output;
    if (!final) return output.takeHolding(this.sampleRate, Math.round(this.sampleRate * HOLD_SECONDS));
    const granule = this.ogg.lastGranule;
    if (granule >= 0 && this.head) output.trimTo(Math.max(0, Math.round(((granule - this.head.preSkip) * this.sampleRate) / 48000)));
    return output.take(this.sampleRate);
  }
}
