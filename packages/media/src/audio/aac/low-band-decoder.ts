/**
 * An AAC decoder for fingerprinting: mono PCM of the band below `analysisRate / 2`, at a quarter
 * or half of the stream's rate, from ADTS (`.aac`) or an MP4/M4A track. It reads the LC core of
 * LC, HE-AAC and HE-AAC v2 streams (their high band and parametric stereo lie above the kept
 * band); Main, LTP, SSR and error-resilient streams are refused by the probes, so the caller keeps
 * another decoder for them. Pure TypeScript (and the Vorbis decoder's WebAssembly IMDCT): unlike
 * the GPL decoders, it needs no optional dependency.
 */
import { ByteQueue } from '../byte-queue.js';
import { MonoOutput, type MonoPcm } from '../mono-output.js';
import type { ByteReader } from '../reader.js';
import { findAdtsFrame, readAdtsHeader } from './adts.js';
import { type AacCoreConfig } from './audio-specific-config.js';
import { AAC_SAMPLE_RATES, bandTables } from './band-tables.js';
import { readMp4AacTrack, type Mp4AacTrack } from './mp4-aac-track.js';
import { RawDataBlockDecoder } from './raw-data-block.js';

export type { Mp4AacTrack };

/** Where the decoder's frames come from. */
export type AacLayout = { readonly kind: 'adts'; readonly config: AacCoreConfig } | { readonly kind: 'mp4'; readonly track: Mp4AacTrack };

/** Bytes of an ADTS file read to find its first frames. */
const ADTS_PROBE_BYTES = 1 << 16;

/** Boxes an MP4, M4A or (older) QuickTime file starts with. */
const MP4_FIRST_BOXES: ReadonlySet<string> = new Set(['ftyp', 'moov', 'wide', 'mdat', 'free', 'skip']);

/** The layout of the AAC stream behind `reader` when the low-band decoder reads it, else null. Throws nothing. */
export async function probeLowBandAac(reader: ByteReader): Promise<AacLayout | null> {
  try {
    const head = (await reader.read(0, Math.min(ADTS_PROBE_BYTES, reader.size))).slice();
    if (head.length >= 8 && MP4_FIRST_BOXES.has(String.fromCharCode(head[4], head[5], head[6], head[7]))) {
      const track = await readMp4AacTrack(reader);
      return track ? { kind: 'mp4', track } : null;
    }
    const at = findAdtsFrame(head, 0, head.length);
    const header = at >= 0 ? readAdtsHeader(head, at) : null;
    if (!header || header.profile !== 1) return null; // LC (and HE-AAC, signalled as LC)
    const { samplingFrequencyIndex, channelConfiguration } = header;
    return { kind: 'adts', config: { samplingFrequencyIndex, sampleRate: AAC_SAMPLE_RATES[samplingFrequencyIndex], channelConfiguration } };
  } catch {
    return null;
  }
}

/** Room past a frame's end that bit reads may touch. */
const PAD = 8;

/**
 * Streaming low-band AAC decoder. Feed the whole file front to back in chunks with
 * {@link decode} (MP4 files too: it cuts the access units out by their offsets), then {@link flush}.
 */
export class LowBandAacDecoder {
  readonly analysisRate: number;
  /** The output rate: the core's / D. */
  readonly sampleRate: number;
  private readonly layout: AacLayout;
  private readonly blocks: RawDataBlockDecoder;
  private readonly queue = new ByteQueue();
  /** File offset of `queue.bytes[queue.start]`. */
  private position = 0;
  private sample = 0;
  private skip: number;
  private frame = new Uint8Array(1 << 13);
  private failed = 0;
  /** The ADTS stream's rate index (frames with another are skipped). */
  private readonly adtsIndex: number;
  private readonly output = new MonoOutput();

  constructor(analysisRate: number, layout: AacLayout, options: { readonly simd?: boolean } = {}) {
    if (!(analysisRate >= 1000)) throw new RangeError('analysisRate must be at least 1000 Hz');
    this.analysisRate = analysisRate;
    this.layout = layout;
    const config = layout.kind === 'adts' ? layout.config : layout.track.config;
    const rate = config.sampleRate;
    const decimation = rate / 4 >= analysisRate ? 4 : rate / 2 >= analysisRate ? 2 : 1;
    this.sampleRate = rate / decimation;
    this.blocks = new RawDataBlockDecoder(bandTables(config.samplingFrequencyIndex), decimation, Math.min(1, analysisRate / rate), { ...options, channelConfiguration: config.channelConfiguration });
    this.adtsIndex = config.samplingFrequencyIndex;
    this.skip = layout.kind === 'mp4' ? Math.round(layout.track.primingSamples / decimation) : 0;
  }

  decode(chunk: Uint8Array): MonoPcm {
    this.queue.append(chunk);
    if (this.layout.kind === 'mp4') this.cutSamples(this.layout.track);
    else this.cutAdtsFrames(false);
    return this.output.take(this.sampleRate);
  }

  flush(): MonoPcm {
    if (this.layout.kind === 'adts') this.cutAdtsFrames(true);
    return this.output.take(this.sampleRate);
  }

  free(): void {
    this.queue.clear();
  }

  /** Decodes every access unit wholly received, dropping the bytes before the next one. */
  private cutSamples(track: Mp4AacTrack): void {
    const queue = this.queue;
    const { offsets, sizes } = track;
    while (this.sample < offsets.length) {
      const start = offsets[this.sample] - this.position;
      const end = start + sizes[this.sample];
      if (end > queue.end - queue.start) break;
      this.block(queue.bytes, queue.start + start, queue.start + end);
      this.sample++;
    }
    // Keep from the next sample's start (or everything, when it starts beyond what arrived).
    const next = this.sample < offsets.length ? offsets[this.sample] - this.position : Infinity;
    const drop = Math.min(queue.end - queue.start, Math.max(0, next));
    queue.start += drop;
    this.position += drop;
  }

  /** Decodes the ADTS frames wholly received (at the end of the file, all of them). */
  private cutAdtsFrames(final: boolean): void {
    const queue = this.queue;
    const bytes = queue.bytes;
    let at = queue.start;
    while (queue.end - at >= 9) {
      const header = readAdtsHeader(bytes, at);
      if (!header || header.samplingFrequencyIndex !== this.adtsIndex) {
        const found = findAdtsFrame(bytes, at + 1, queue.end);
        if (found < 0) {
          at = Math.max(at, queue.end - 8); // keep a possible header's start
          break;
        }
        this.problem('bytes that were not ADTS frames were skipped');
        at = found;
        continue;
      }
      if (at + header.frameLength > queue.end) break;
      if (header.blocks === 1 || header.headerLength === 7) {
        // Several blocks without CRC simply follow each other; each ends byte-aligned.
        this.block(bytes, at + header.headerLength, at + header.frameLength, header.blocks);
      } else {
        this.problem('an ADTS frame with several protected blocks was skipped');
      }
      at += header.frameLength;
    }
    if (final) at = queue.end;
    queue.start = at;
  }

  /** Decodes `count` raw data blocks in `bytes[start, end)`. */
  private block(bytes: Uint8Array, start: number, end: number, count = 1): void {
    const length = end - start;
    if (this.frame.length < length + PAD) this.frame = new Uint8Array(length + PAD);
    const frame = this.frame;
    frame.set(bytes.subarray(start, end));
    frame.fill(0, length, length + PAD);
    const decoder = this.blocks;
    let from = 0;
    for (let b = 0; b < count; b++) {
      const samples = decoder.frameLength;
      const out = this.output.reserve(samples);
      const at = this.output.length;
      try {
        from = decoder.decode(frame, from, length, out, at, count === 1);
      } catch (error) {
        out.fill(0, at, at + samples); // keep the timing
        this.problem(`an AAC frame could not be decoded: ${(error as Error).message}`);
        b = count;
      }
      this.output.length = at + samples;
      if (this.skip > 0) {
        const dropped = Math.min(this.skip, samples);
        out.copyWithin(at, at + dropped, at + samples);
        this.output.length -= dropped;
        this.skip -= dropped;
      }
    }
  }

  private problem(message: string): void {
    this.failed++;
    if (this.failed <= 3) this.output.errors.push(message);
  }
}
