/**
 * An MPEG audio Layer III decoder for fingerprinting: it returns mono PCM holding only the low band
 * an analysis needs (below `analysisRate / 2`), at a quarter or half of the file's rate.
 *
 * A fingerprint at 8 kHz looks at 0–4 kHz: 6 of the 32 subbands of a 44.1 kHz MP3. So, unlike a
 * full decoder, this one Huffman-decodes a granule's spectrum only up to the lines it needs and
 * jumps to the next granule with part2_3_length; mixes the channels to mono in the frequency
 * domain (mid only for M/S frames, whose side channel is then never read); runs the IMDCT for the
 * kept subbands only; and evaluates the polyphase synthesis only at every 2nd or 4th output sample,
 * which is enough because the zeroed upper subbands leave nothing to alias. Layer I/II and free
 * format are left to the full decoder (`mpg123-decoder`).
 */
import { ByteQueue } from '../byte-queue.js';
import { MonoOutput, type MonoPcm } from '../mono-output.js';
import { leafOf, wordAt } from '../huffman-lookup.js';
import { id3v2Length } from '../id3.js';
import { parseFrameHeader, sameStream, type FrameHeader } from './frame-header.js';
import { pairTables32, PRIMARY_BITS, quadTableA, type HuffmanLookup, type PairTable } from './huffman-tables.js';
import { ALIAS_CA, ALIAS_CS, LONG_BANDS, LSF_BAND_COUNTS, PRETAB, SHORT_BANDS, SLEN } from './layer3-tables.js';
import { addShortBlocks, JsSynthesis, type Synthesis } from './synthesis.js';
import { simdSynthesis } from './synthesis-simd.js';

/** What one call returns: mono samples at `sampleRate`, and one error per resynchronisation. */
export type LowBandPcm = MonoPcm;

/** Side information of one granule of one channel. */
interface GranuleInfo {
  part23: number;
  bigValues: number;
  globalGain: number;
  scalefacCompress: number;
  windowSwitching: boolean;
  blockType: number;
  mixed: boolean;
  tableSelect: Int32Array;
  subblockGain: Int32Array;
  region0Count: number;
  region1Count: number;
  preflag: boolean;
  scalefacScale: number;
  count1Table: number;
}

function newGranule(): GranuleInfo {
  return {
    part23: 0, bigValues: 0, globalGain: 0, scalefacCompress: 0, windowSwitching: false, blockType: 0, mixed: false,
    tableSelect: new Int32Array(3), subblockGain: new Int32Array(3), region0Count: 0, region1Count: 0, preflag: false,
    scalefacScale: 0, count1Table: 0,
  };
}

/** Largest quantised magnitude Layer III can code (15 + 2^13 - 1). */
const MAX_QUANTIZED = 8206;
/** sign(q) |q|^(4/3) at q + MAX_QUANTIZED: one lookup, no branch on zero or sign. */
const SIGNED_POW43 = Float64Array.from({ length: 2 * MAX_QUANTIZED + 1 }, (_, i) => Math.sign(i - MAX_QUANTIZED) * Math.pow(Math.abs(i - MAX_QUANTIZED), 4 / 3));

/** Zero padding after the reservoir, so bit peeks never read past the array. */
const READ_SLACK = 8;
/** MPEG-1 reaches at most 511 bytes back; the reservoir is compacted past this size. */
const RESERVOIR_BYTES = 8192;
/** MPEG-1 long-block scale-factor groups (scfsi bands). */
const LONG_GROUPS = Int8Array.from([0, 6, 11, 16, 21]);
/** Decoder delay of the hybrid filterbank in samples at the file's rate (528 + 1). */
const FILTERBANK_DELAY = 529;

/** 2^(e / 4) for the integer exponents dequantisation uses, e from -GAIN_OFFSET. */
const GAIN_OFFSET = 512;
const GAINS = Float64Array.from({ length: GAIN_OFFSET + 64 }, (_, e) => Math.pow(2, (e - GAIN_OFFSET) / 4));


/**
 * Whether `head` (the first bytes of a file, after any ID3v2 tag) starts a stream this decoder
 * takes: Layer III with a bit rate in the header.
 */
export function isLowBandMp3(head: Uint8Array): boolean {
  const at = id3v2Length(head);
  const limit = Math.min(head.length - 4, at + 4096);
  for (let i = at; i < limit; i++) {
    if (head[i] === 0xff && (head[i + 1] & 0xe0) === 0xe0) return parseFrameHeader(head, i) !== null;
  }
  return false;
}

/**
 * Streaming low-band MP3 decoder. Feed the file in chunks with {@link decode}, then call
 * {@link flush}; each call returns the mono samples it completed.
 * @example
 * const decoder = new LowBandMp3Decoder(8000);
 * const { channelData, sampleRate } = decoder.decode(bytes); // sampleRate 11025 for a 44.1 kHz file
 */
export class LowBandMp3Decoder {
  /** The rate the caller analyses at; content up to half of it is kept. */
  readonly analysisRate: number;
  private readonly simd: boolean;

  // Input not yet decoded.
  private readonly queue = new ByteQueue();
  private skipBytes = 0; // left of an ID3v2 tag being skipped
  private stream: FrameHeader | null = null;
  private framesSeen = 0;

  // Set from the first frame.
  private decimation = 4;
  private keep = 6;
  private outputsPerSlot = 8;
  /** Samples to drop at the start, at the file's rate: filterbank delay plus any encoder delay. */
  private delay = FILTERBANK_DELAY;
  private skipSamples = -1; // -1: synthesis tables not built yet

  // Bit reservoir (main data of recent frames) and the bit position while decoding.
  private reservoir = new Uint8Array(RESERVOIR_BYTES * 2 + READ_SLACK);
  private reservoirLength = 0;
  private bit = 0;

  private readonly granules: GranuleInfo[] = [newGranule(), newGranule(), newGranule(), newGranule()];
  private readonly scfsi = new Int32Array(8);
  private readonly longScalefactors = [new Int32Array(22), new Int32Array(22)];
  private readonly shortScalefactors = [new Int32Array(39), new Int32Array(39)];
  private readonly quantized = new Int32Array(576 + 4);
  private readonly spectra = [new Float64Array(576), new Float64Array(576)];
  private readonly mono = new Float64Array(576);
  private readonly shortWindows = new Float64Array(3 * 192);
  private synthesis: Synthesis | null = null;

  private readonly output = new MonoOutput();

  /**
   * @param analysisRate the rate the PCM will be resampled to (content below half of it is kept)
   * @param options `simd: false` keeps the JavaScript back end (the reference) where WebAssembly SIMD would run
   */
  constructor(analysisRate = 8000, options: { readonly simd?: boolean } = {}) {
    if (!(analysisRate >= 1000)) throw new RangeError('analysisRate must be at least 1000 Hz');
    this.analysisRate = analysisRate;
    this.simd = options.simd ?? true;
  }

  /** The output rate (known after the first frame; 0 before). */
  get sampleRate(): number {
    return this.stream ? this.stream.sampleRate / this.decimation : 0;
  }

  /** Decode a chunk of the file; returns the samples completed so far. */
  decode(chunk: Uint8Array): LowBandPcm {
    this.queue.append(chunk);
    this.decodeFrames(false);
    return this.take();
  }

  /** Decode what is left (the last frame needs no successor to be trusted). */
  flush(): LowBandPcm {
    this.decodeFrames(true);
    return this.take();
  }

  /** Nothing to free (no WASM memory); kept for the decoders' common shape. */
  free(): void {
    this.queue.clear();
  }

  private take(): LowBandPcm {
    return this.output.take(this.sampleRate || this.analysisRate);
  }

  /** Frames are decoded while whole ones are buffered (and, until `final`, the next header confirms them). */
  private decodeFrames(final: boolean): void {
    const bytes = this.queue.bytes;
    // ID3v2 tags before the first frame (files can carry several), skipped across chunks.
    for (;;) {
      if (this.skipBytes > 0) {
        const skipped = Math.min(this.skipBytes, this.queue.end - this.queue.start);
        this.queue.start += skipped;
        this.skipBytes -= skipped;
        if (this.skipBytes > 0) return;
      }
      const at = this.queue.start;
      if (this.stream !== null || this.queue.end - at < 3 || bytes[at] !== 0x49 || bytes[at + 1] !== 0x44 || bytes[at + 2] !== 0x33) break;
      if (this.queue.end - at < 10) {
        if (!final) return;
        break;
      }
      this.skipBytes = id3v2Length(bytes.subarray(0, this.queue.end), at);
    }
    let lostSync = false;
    while (this.queue.end - this.queue.start >= 4) {
      const at = this.queue.start;
      const header = parseFrameHeader(bytes, at);
      const fits = header !== null && at + header.length <= this.queue.end;
      if (header && !fits && !final) return; // wait for the rest of the frame
      let trusted = header !== null && fits && (this.stream === null || sameStream(this.stream, header));
      if (trusted && this.stream === null && !final) {
        // Before the stream is known, a chance sync must be followed by a frame of the same stream.
        if (at + header!.length + 4 > this.queue.end) return;
        const next = parseFrameHeader(bytes, at + header!.length);
        trusted = next !== null && sameStream(header!, next);
      }
      if (!trusted && bytes[at] === 0x54 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x47) {
        // An ID3v1 tag (128 bytes), not damage.
        if (at + 128 > this.queue.end && !final) return;
        this.queue.start = Math.min(this.queue.end, at + 128);
        continue;
      }
      if (!trusted) {
        if (!lostSync) this.output.errors.push(`no MPEG audio frame at byte offset ${at}`);
        lostSync = true;
        this.queue.start++;
        continue;
      }
      lostSync = false;
      if (this.stream === null) this.start(header!);
      this.decodeFrame(header!, at);
      this.queue.start = at + header!.length;
    }
    if (final) this.queue.start = this.queue.end;
  }

  /** Fix the output rate and the subbands kept from the stream's first frame. */
  private start(header: FrameHeader): void {
    this.stream = header;
    const rate = header.sampleRate;
    this.decimation = rate / 4 >= this.analysisRate ? 4 : rate / 2 >= this.analysisRate ? 2 : 1;
    const bandHz = rate / 64; // width of one of the 32 subbands
    this.keep = Math.min(32 / this.decimation, Math.ceil(this.analysisRate / 2 / bandHz));
    this.outputsPerSlot = 32 / this.decimation;
  }

  /**
   * The back end, once the delay is known: the outputs kept are the full-rate samples
   * `delay + decimation * m`, so the phase within each slot follows the delay.
   */
  private buildSynthesis(): void {
    const layout = { keep: this.keep, outputs: this.outputsPerSlot, phase: this.delay % this.decimation };
    this.synthesis = (this.simd ? simdSynthesis(layout) : null) ?? new JsSynthesis(layout);
    this.skipSamples = Math.floor(this.delay / this.decimation);
  }

  /** Xing/Info frames carry no audio; their LAME tag gives the encoder delay to drop. */
  private isInfoFrame(header: FrameHeader, at: number): boolean {
    const bytes = this.queue.bytes;
    const tag = at + 4 + (header.hasCrc ? 2 : 0) + header.sideInfoBytes;
    if (tag + 8 > at + header.length) return false;
    const name = String.fromCharCode(bytes[tag], bytes[tag + 1], bytes[tag + 2], bytes[tag + 3]);
    if (name !== 'Xing' && name !== 'Info') return false;
    const flags = bytes[tag + 7];
    const lame = tag + 8 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    if (lame + 24 <= at + header.length) {
      this.delay = ((bytes[lame + 21] << 4) | (bytes[lame + 22] >> 4)) + FILTERBANK_DELAY;
    }
    return true;
  }

  private decodeFrame(header: FrameHeader, at: number): void {
    this.framesSeen++;
    const info = this.framesSeen === 1 && this.isInfoFrame(header, at);
    if (this.skipSamples < 0) this.buildSynthesis();
    if (info) return;
    const mpeg1 = header.version === 0;
    const channels = header.channels;
    const sideStart = at + 4 + (header.hasCrc ? 2 : 0);
    const mainStart = sideStart + header.sideInfoBytes;
    const mainDataBegin = this.readSideInfo(header, sideStart);
    // Main data: this frame's bytes, after what the reservoir still holds of earlier frames.
    if (this.reservoirLength + header.length > RESERVOIR_BYTES) {
      const keepBytes = Math.min(this.reservoirLength, 1024);
      this.reservoir.copyWithin(0, this.reservoirLength - keepBytes, this.reservoirLength);
      this.reservoirLength = keepBytes;
    }
    const available = this.reservoirLength;
    const mainBytes = Math.max(0, at + header.length - mainStart);
    this.reservoir.set(this.queue.bytes.subarray(mainStart, mainStart + mainBytes), this.reservoirLength);
    this.reservoirLength += mainBytes;
    this.reservoir.fill(0, this.reservoirLength, this.reservoirLength + READ_SLACK);
    const granuleCount = mpeg1 ? 2 : 1;
    if (mainDataBegin > available) {
      // The frames this one borrows from are missing (a cut file): keep time with silence.
      for (let g = 0; g < granuleCount; g++) this.emitSilence();
      return;
    }
    const dataEnd = this.reservoirLength * 8;
    let position = (available - mainDataBegin) * 8;
    for (let gr = 0; gr < granuleCount; gr++) {
      const first = this.granules[gr * 2];
      const second = channels === 2 ? this.granules[gr * 2 + 1] : null;
      const ms = header.mode === 1 && (header.modeExtension & 2) !== 0;
      const intensity = header.mode === 1 && (header.modeExtension & 1) !== 0;
      const sameLayout = second !== null && sameBlocks(first, second);
      const firstEnd = position + first.part23;
      const secondEnd = second ? firstEnd + second.part23 : firstEnd;
      if (secondEnd > dataEnd) {
        this.emitSilence(); // damaged frame: part2_3_length runs past the data
        position = secondEnd;
        continue;
      }
      this.synthesis!.begin();
      // Both channels decoded: one limit for both, so neither keeps stale lines below the other's.
      const limit = second && !(ms && !intensity && sameLayout) ? Math.max(this.lineLimit(header, first), this.lineLimit(header, second)) : this.lineLimit(header, first);
      const lines0 = this.decodeChannel(header, gr, 0, position, limit, this.spectra[0]);
      if (second === null) {
        this.addChannel(this.spectra[0], first, 1, lines0);
      } else if (ms && !intensity && sameLayout) {
        // Mono is (L + R) / 2 = M / √2: the side channel is never decoded.
        this.addChannel(this.spectra[0], first, Math.SQRT1_2, lines0);
      } else if (sameLayout) {
        const lines1 = this.decodeChannel(header, gr, 1, firstEnd, intensity ? 576 : limit, this.spectra[1]);
        const a = this.spectra[0];
        const b = this.spectra[1];
        const mono = this.mono;
        mono.fill(0);
        const lines = Math.max(lines0, Math.min(lines1, limit));
        if (intensity) {
          // Above the right channel's last coded line both channels come from the left one, and
          // (MPEG-1) L + R equals the left value there; below it, M/S or L/R as signalled.
          const boundary = lastNonZero(this.quantized, lines1) + 1;
          for (let i = 0; i < lines; i++) mono[i] = i >= boundary ? a[i] * 0.5 : ms ? a[i] * Math.SQRT1_2 : (a[i] + b[i]) * 0.5;
        } else {
          for (let i = 0; i < lines; i++) mono[i] = (a[i] + b[i]) * 0.5;
        }
        this.addChannel(mono, first, 1, lines);
      } else if (ms) {
        // Different block types under M/S: back to L = (M + S) / √2 and R = (M - S) / √2, each
        // through its own window (rare: encoders mostly switch both channels together).
        const lines1 = this.decodeChannel(header, gr, 1, firstEnd, limit, this.spectra[1]);
        const mid = this.spectra[0];
        const side = this.spectra[1];
        const lines = Math.max(lines0, lines1);
        for (let i = 0; i < lines; i++) {
          const m = mid[i];
          mid[i] = (m + side[i]) * Math.SQRT1_2;
          side[i] = (m - side[i]) * Math.SQRT1_2;
        }
        this.addChannel(mid, first, 0.5, lines);
        this.addChannel(side, second, 0.5, lines);
      } else {
        // Different block types: each channel through its own IMDCT, summed after.
        const lines1 = this.decodeChannel(header, gr, 1, firstEnd, limit, this.spectra[1]);
        this.addChannel(this.spectra[0], first, 0.5, lines0);
        this.addChannel(this.spectra[1], second, 0.5, lines1);
      }
      this.finishGranule();
      position = secondEnd;
    }
  }

  /** Parses the side information into `this.granules`; returns main_data_begin. */
  private readSideInfo(header: FrameHeader, at: number): number {
    const bytes = this.queue.bytes;
    this.sideBit = at * 8;
    const read = (n: number): number => this.readSideBits(bytes, n);
    const mpeg1 = header.version === 0;
    const channels = header.channels;
    const mainDataBegin = read(mpeg1 ? 9 : 8);
    read(mpeg1 ? (channels === 1 ? 5 : 3) : channels === 1 ? 1 : 2); // private bits
    if (mpeg1) for (let ch = 0; ch < channels; ch++) for (let band = 0; band < 4; band++) this.scfsi[ch * 4 + band] = read(1);
    for (let gr = 0; gr < (mpeg1 ? 2 : 1); gr++) {
      for (let ch = 0; ch < channels; ch++) {
        const g = this.granules[gr * 2 + ch];
        g.part23 = read(12);
        g.bigValues = Math.min(read(9), 288);
        g.globalGain = read(8);
        g.scalefacCompress = read(mpeg1 ? 4 : 9);
        g.windowSwitching = read(1) === 1;
        if (g.windowSwitching) {
          g.blockType = read(2);
          g.mixed = read(1) === 1;
          g.tableSelect[0] = read(5);
          g.tableSelect[1] = read(5);
          g.tableSelect[2] = 0;
          for (let w = 0; w < 3; w++) g.subblockGain[w] = read(3);
          g.region0Count = g.blockType === 2 && !g.mixed ? 8 : 7;
          g.region1Count = 20;
        } else {
          g.blockType = 0;
          g.mixed = false;
          for (let r = 0; r < 3; r++) g.tableSelect[r] = read(5);
          g.subblockGain.fill(0);
          g.region0Count = read(4);
          g.region1Count = read(3);
        }
        g.preflag = mpeg1 ? read(1) === 1 : false;
        g.scalefacScale = read(1);
        g.count1Table = read(1);
      }
    }
    return mainDataBegin;
  }

  private sideBit = 0;

  private readSideBits(bytes: Uint8Array, n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++, this.sideBit++) value = (value << 1) | ((bytes[this.sideBit >>> 3] >> (7 - (this.sideBit & 7))) & 1);
    return value;
  }

  /** Huffman-order lines this granule needs: the kept subbands (+1 for the alias butterflies). */
  private lineLimit(header: FrameHeader, g: GranuleInfo): number {
    if (this.keep >= 32) return 576;
    if (g.windowSwitching && g.blockType === 2) {
      const bands = SHORT_BANDS[header.rateIndex];
      const needed = this.keep * 6; // lines per window below the cut
      let band = 0;
      while (band < 13 && bands[band] < needed) band++;
      return Math.max(g.mixed ? 36 : 0, 3 * bands[band]);
    }
    return Math.min(576, (this.keep + 1) * 18);
  }

  /**
   * Reads channel `ch`'s scale factors and up to `limit` spectral lines of granule `gr` from bit
   * `start`, dequantised into `spectrum` (Huffman order). Returns how many lines were decoded.
   */
  private decodeChannel(header: FrameHeader, gr: number, ch: number, start: number, limit: number, spectrum: Float64Array): number {
    const g = this.granules[gr * 2 + ch];
    this.bit = start;
    const longSf = this.longScalefactors[ch];
    const shortSf = this.shortScalefactors[ch];
    const intensityChannel = ch === 1 && header.mode === 1 && (header.modeExtension & 1) !== 0;
    let preflag = g.preflag;
    if (header.version === 0) this.readScalefactorsMpeg1(g, gr, ch, longSf, shortSf);
    else preflag = this.readScalefactorsMpeg2(g, intensityChannel, longSf, shortSf);
    const lines = this.decodeHuffman(header, g, start + g.part23, limit);
    this.dequantize(header, g, ch, preflag, lines, limit, spectrum);
    return lines;
  }

  private readBits(n: number): number {
    if (n === 0) return 0;
    const value = readAt(this.reservoir, this.bit, n);
    this.bit += n;
    return value;
  }

  private readScalefactorsMpeg1(g: GranuleInfo, gr: number, ch: number, longSf: Int32Array, shortSf: Int32Array): void {
    const slen1 = SLEN[g.scalefacCompress][0];
    const slen2 = SLEN[g.scalefacCompress][1];
    if (g.windowSwitching && g.blockType === 2) {
      let band = 0;
      if (g.mixed) {
        for (; band < 8; band++) longSf[band] = this.readBits(slen1);
        band = 3;
      }
      for (; band < 12; band++) {
        const bits = band < 6 ? slen1 : slen2;
        for (let w = 0; w < 3; w++) shortSf[band * 3 + w] = this.readBits(bits);
      }
      shortSf[36] = shortSf[37] = shortSf[38] = 0;
      return;
    }
    const groups = LONG_GROUPS;
    for (let group = 0; group < 4; group++) {
      if (gr === 1 && this.scfsi[ch * 4 + group] === 1) continue; // shared with granule 0
      const bits = group < 2 ? slen1 : slen2;
      for (let band = groups[group]; band < groups[group + 1]; band++) longSf[band] = this.readBits(bits);
    }
    longSf[21] = 0;
  }

  /** MPEG-2/2.5 scale factors (ISO 13818-3 2.4.3.2); returns preflag. */
  private readScalefactorsMpeg2(g: GranuleInfo, intensityChannel: boolean, longSf: Int32Array, shortSf: Int32Array): boolean {
    let sfc = g.scalefacCompress;
    let slen: number[];
    let table: number;
    let preflag = false;
    if (!intensityChannel) {
      if (sfc < 400) {
        slen = [Math.floor((sfc >> 4) / 5), (sfc >> 4) % 5, (sfc & 15) >> 2, sfc & 3];
        table = 0;
      } else if (sfc < 500) {
        sfc -= 400;
        slen = [Math.floor((sfc >> 2) / 5), (sfc >> 2) % 5, sfc & 3, 0];
        table = 1;
      } else {
        sfc -= 500;
        slen = [Math.floor(sfc / 3), sfc % 3, 0, 0];
        table = 2;
        preflag = true;
      }
    } else {
      sfc >>= 1;
      if (sfc < 180) {
        slen = [Math.floor(sfc / 36), Math.floor((sfc % 36) / 6), (sfc % 36) % 6, 0];
        table = 3;
      } else if (sfc < 244) {
        sfc -= 180;
        slen = [(sfc & 63) >> 4, (sfc & 15) >> 2, sfc & 3, 0];
        table = 4;
      } else {
        sfc -= 244;
        slen = [Math.floor(sfc / 3), sfc % 3, 0, 0];
        table = 5;
      }
    }
    const kind = g.windowSwitching && g.blockType === 2 ? (g.mixed ? 2 : 1) : 0;
    const counts = LSF_BAND_COUNTS[table][kind];
    longSf.fill(0);
    shortSf.fill(0);
    let index = 0; // long bands first (mixed: 6 of them), then short (band, window) pairs
    const longCount = kind === 0 ? 22 : kind === 2 ? 6 : 0;
    for (let group = 0; group < 4; group++) {
      for (let k = 0; k < counts[group]; k++, index++) {
        const value = this.readBits(slen[group]);
        if (index < longCount) longSf[index] = value;
        else {
          const shortIndex = index - longCount + (kind === 2 ? 9 : 0); // mixed: short bands from 3
          if (shortIndex < 39) shortSf[shortIndex] = value;
        }
      }
    }
    return preflag;
  }

  /** Huffman-decodes big_values and count1 lines up to `limit` into `this.quantized`; returns the count. */
  private decodeHuffman(header: FrameHeader, g: GranuleInfo, end: number, limit: number): number {
    const q = this.quantized;
    const tables = pairTables32();
    const longBands = LONG_BANDS[header.rateIndex];
    const bigEnd = g.bigValues * 2;
    let region1: number;
    let region2: number;
    if (g.windowSwitching) {
      region1 = g.blockType === 2 && !g.mixed ? 3 * SHORT_BANDS[header.rateIndex][3] : longBands[8];
      region2 = 576;
    } else {
      region1 = longBands[Math.min(g.region0Count + 1, 22)];
      region2 = longBands[Math.min(g.region0Count + g.region1Count + 2, 22)];
    }
    region1 = Math.min(region1, bigEnd);
    region2 = Math.min(region2, bigEnd);
    let line = 0;
    for (let region = 0; region < 3 && line < limit; region++) {
      const regionEnd = Math.min(region === 0 ? region1 : region === 1 ? region2 : bigEnd, limit);
      const table = tables[g.tableSelect[region]];
      line = this.decodePairs(table, q, line, regionEnd);
    }
    if (line < limit && line >= bigEnd) line = this.decodeQuads(g.count1Table, q, line, end, limit);
    return Math.min(line, 576);
  }

  private decodePairs(table: PairTable, q: Int32Array, line: number, end: number): number {
    const lookup = table.lookup;
    if (lookup === null) {
      for (; line < end; line += 2) q[line] = q[line + 1] = 0;
      return line;
    }
    const linbits = table.linbits;
    const data = this.reservoir;
    let bit = this.bit;
    for (; line < end; line += 2) {
      // Codes are at most 19 bits: one load holds them (second-level leaves hold the whole length).
      const entry = leafOf(lookup, wordAt(data, bit), PRIMARY_BITS);
      bit += entry >> 8;
      let x = (entry >> 4) & 15;
      let y = entry & 15;
      if (linbits > 0 && (x === 15 || y === 15)) {
        if (x === 15) {
          x += readAt(data, bit, linbits);
          bit += linbits;
        }
        if (x !== 0) {
          if ((data[bit >>> 3] >> (7 - (bit & 7))) & 1) x = -x;
          bit++;
        }
        if (y === 15) {
          y += readAt(data, bit, linbits);
          bit += linbits;
        }
        if (y !== 0) {
          if ((data[bit >>> 3] >> (7 - (bit & 7))) & 1) y = -y;
          bit++;
        }
        q[line] = x;
        q[line + 1] = y;
      } else {
        // Sign bits without branches (their values are unpredictable): a non-zero x takes the
        // next bit, a non-zero y the one after x's.
        const byte = bit >>> 3;
        const two = (((data[byte] << 8) | data[byte + 1]) >>> (14 - (bit & 7))) & 3;
        const nonZeroX = (x + 15) >> 4;
        const nonZeroY = (y + 15) >> 4;
        const signX = (two >> 1) & nonZeroX;
        const signY = (two >> (1 - nonZeroX)) & nonZeroY;
        q[line] = (x ^ -signX) + signX;
        q[line + 1] = (y ^ -signY) + signY;
        bit += nonZeroX + nonZeroY;
      }
    }
    this.bit = bit;
    return line;
  }

  private decodeQuads(tableB: number, q: Int32Array, line: number, end: number, limit: number): number {
    const data = this.reservoir;
    const lookup: HuffmanLookup = quadTableA();
    let bit = this.bit;
    while (line < limit && line + 4 <= 576 && bit < end) {
      let value: number;
      if (tableB) {
        value = 15 - readAt(data, bit, 4);
        bit += 4;
      } else {
        const entry = lookup[readAt(data, bit, PRIMARY_BITS)]; // codes of table A are at most 6 bits
        value = entry & 15;
        bit += entry >> 8;
      }
      for (let k = 0; k < 4; k++) {
        let v = (value >> (3 - k)) & 1;
        if (v) {
          if ((data[bit >>> 3] >> (7 - (bit & 7))) & 1) v = -1;
          bit++;
        }
        q[line + k] = v;
      }
      if (bit > end) break; // a quadruple overrunning the granule is padding: the standard drops it
      line += 4;
    }
    this.bit = bit;
    return line;
  }

  /** Scales the first `lines` quantised values into `spectrum` (Huffman order), zeroing it up to `limit`. */
  private dequantize(header: FrameHeader, g: GranuleInfo, ch: number, preflag: boolean, lines: number, limit: number, spectrum: Float64Array): void {
    const q = this.quantized;
    // Exponents in quarter powers of two: global_gain - 210, minus 2 or 4 per scale-factor step.
    const step = g.scalefacScale ? 4 : 2;
    const globalExponent = g.globalGain - 210 + GAIN_OFFSET;
    const longSf = this.longScalefactors[ch];
    const shortSf = this.shortScalefactors[ch];
    const shortBlocks = g.windowSwitching && g.blockType === 2;
    const longEnd = shortBlocks ? (g.mixed ? 36 : 0) : 576;
    const longBands = LONG_BANDS[header.rateIndex];
    let line = 0;
    const longLines = Math.min(lines, longEnd);
    for (let band = 0; band < 22 && line < longLines; band++) {
      const bandEnd = Math.min(longBands[band + 1], longLines);
      const gain = GAINS[globalExponent - step * (longSf[band] + (preflag ? PRETAB[band] : 0))];
      for (; line < bandEnd; line++) {
        spectrum[line] = SIGNED_POW43[q[line] + MAX_QUANTIZED] * gain;
      }
    }
    if (shortBlocks) {
      const shortBands = SHORT_BANDS[header.rateIndex];
      for (let band = g.mixed ? 3 : 0; band < 13 && line < lines; band++) {
        const width = shortBands[band + 1] - shortBands[band];
        for (let w = 0; w < 3 && line < lines; w++) {
          const gain = GAINS[globalExponent - 8 * g.subblockGain[w] - step * shortSf[band * 3 + w]];
          const bandEnd = Math.min(line + width, lines);
          for (; line < bandEnd; line++) {
            spectrum[line] = SIGNED_POW43[q[line] + MAX_QUANTIZED] * gain;
          }
        }
      }
    }
    if (limit > lines) spectrum.fill(0, lines, limit);
  }

  /**
   * Adds one channel's kept subbands (Huffman order, `lines` decoded) to the granule, scaled by
   * `weight`: alias reduction, then the IMDCT of long subbands and of short ones.
   */
  private addChannel(spectrum: Float64Array, g: GranuleInfo, weight: number, lines: number): void {
    const keep = this.keep;
    const synthesis = this.synthesis!;
    const shortBlocks = g.windowSwitching && g.blockType === 2;
    const longSubbands = shortBlocks ? (g.mixed ? 2 : 0) : keep;
    // Alias reduction between neighbouring long subbands (mixed blocks: between 0 and 1 only).
    const lastPair = shortBlocks ? (g.mixed ? 1 : 0) : Math.min(keep, 31);
    for (let sb = 1; sb <= lastPair; sb++) {
      const base = sb * 18;
      if (base - 8 >= lines) break;
      for (let i = 0; i < 8; i++) {
        const a = spectrum[base - 1 - i];
        const b = spectrum[base + i];
        spectrum[base - 1 - i] = a * ALIAS_CS[i] - b * ALIAS_CA[i];
        spectrum[base + i] = b * ALIAS_CS[i] + a * ALIAS_CA[i];
      }
    }
    // Subbands holding decoded lines, plus the next one when the butterfly at its edge spilled into it.
    let longCount = Math.ceil(lines / 18);
    if (longCount * 18 - 8 < lines) longCount++;
    longCount = Math.min(longSubbands, longCount);
    if (longCount > 0) {
      synthesis.spectrum.set(spectrum.subarray(0, longCount * 18));
      synthesis.imdctLong(shortBlocks ? 0 : g.blockType, longCount, weight);
    }
    if (shortBlocks && keep > longSubbands) {
      // Reorder the short part from (band, window, line) to one spectrum per window.
      const windows = this.shortWindows;
      windows.fill(0);
      const shortBands = SHORT_BANDS[this.stream!.rateIndex];
      let line = g.mixed ? 36 : 0;
      for (let band = g.mixed ? 3 : 0; band < 13 && line < lines; band++) {
        const from = shortBands[band];
        const width = shortBands[band + 1] - from;
        for (let w = 0; w < 3; w++) {
          for (let f = 0; f < width && line < lines; f++, line++) windows[w * 192 + from + f] = spectrum[line];
        }
      }
      addShortBlocks(synthesis, windows, longSubbands, keep, weight);
    }
  }

  /** Synthesises the granule and appends its samples, dropping the leading delay. */
  private finishGranule(): void {
    const samples = this.synthesis!.finish();
    const count = 18 * this.outputsPerSlot;
    const skip = Math.min(this.skipSamples, count);
    this.skipSamples -= skip;
    const output = this.output;
    output.reserve(count - skip).set(skip > 0 ? samples.subarray(skip, count) : samples.subarray(0, count), output.length);
    output.length += count - skip;
  }

  /** A granule of silence (keeps time over frames that cannot be decoded). */
  private emitSilence(): void {
    this.synthesis!.silence();
    this.synthesis!.begin();
    this.finishGranule();
  }
}

/** Whether two channels' granules use the same block layout (so their spectra can be summed). */
function sameBlocks(a: GranuleInfo, b: GranuleInfo): boolean {
  const shortA = a.windowSwitching && a.blockType === 2;
  const shortB = b.windowSwitching && b.blockType === 2;
  return a.blockType === b.blockType && shortA === shortB && a.mixed === b.mixed;
}

/** Index of the last non-zero value among the first `count`, or -1. */
function lastNonZero(values: Int32Array, count: number): number {
  for (let i = count - 1; i >= 0; i--) if (values[i] !== 0) return i;
  return -1;
}

/** `n` (1..24) bits at bit offset `bit`. */
function readAt(data: Uint8Array, bit: number, n: number): number {
  return wordAt(data, bit) >>> (32 - n);
}
