/**
 * AAC-LC `raw_data_block`s (ISO/IEC 14496-3 4.4.2.1) to mono PCM of the low band: each single
 * or pair element's spectra are read whole (nothing in the bitstream says where a channel ends),
 * then stereo tools, noise substitution and TNS run on the lines below the cut only where that is
 * exact, the channels are summed to mono in the frequency domain, and one reduced filterbank
 * turns the sum into 1024 / D samples. LFE channels are read and left out of the mix, and so
 * are coupling channels (CCE, which no common encoder writes): their contribution to the channels
 * they couple into is not added.
 */
import { FlacBitReader as BitReader } from '../flac/bit-reader.js';
import type { BandTables } from './band-tables.js';
import { AacStreamError, ChannelStream, EIGHT_SHORT, INTENSITY_HCB, INTENSITY_HCB2, NOISE_HCB, readScalefactorCodeword, ZERO_HCB, type WindowInfo } from './channel-stream.js';
import { ReducedFilterbank } from './filterbank.js';
import { applyTns } from './tns.js';

const ID_SCE = 0;
const ID_CPE = 1;
const ID_CCE = 2;
const ID_LFE = 3;
const ID_DSE = 4;
const ID_PCE = 5;
const ID_FIL = 6;
const ID_END = 7;

/**
 * Single and pair elements of channel configurations 0–7 (ISO/IEC 14496-3 table 1.19); after the
 * last of them a block holds only an LFE, fill or end element, none of which the mix needs.
 */
const MIXED_ELEMENTS = [0, 1, 1, 2, 3, 3, 3, 4];

/** Most channel elements mixed (7.1 has 5 SCE/CPE). */
const MAX_ELEMENTS = 16;

/** Decodes the raw data blocks of one stream, block after block (the filterbank overlaps them). */
export class RawDataBlockDecoder {
  private readonly bands: BandTables;
  private readonly reader = new BitReader();
  private readonly left: ChannelStream;
  private readonly right: ChannelStream;
  /** A coupling channel's stream, read whole and dropped. */
  private readonly coupling: ChannelStream = new ChannelStream();
  private readonly msUsed = new Uint8Array(8 * 64);
  /** Sums of the channels that share a window (sequence, previous shape, shape): one transform each. */
  private readonly mixes: Float64Array[] = [];
  private readonly mixWindow = new Int32Array(8);
  private mixCount = 0;
  /** Window shape of each channel (by order in the block) in the previous block. */
  private readonly previousShape = new Uint8Array(MAX_ELEMENTS * 2);
  private channel = 0;
  private readonly filterbank: ReducedFilterbank;
  /** Lines per long and per short window summed to mono: those below the cut (a few more for the transition). */
  private readonly keptLong: number;
  private readonly keptShort: number;
  /** Lines of a short window the filterbank reads (a long window's: 8 times as many). */
  private readonly shortRead: number;
  private noiseSeed = 0x1f2e3d4c;
  private mixed = 0;
  /** SCE and CPE elements per block by the channel configuration (0: unknown, read every element). */
  private readonly mixedElements: number;
  /** Whether reading may stop inside the block's last mixed element (one block per frame). */
  private stopEarly = false;
  private elementsMixed = 0;

  /**
   * @param bands the stream's band tables
   * @param decimation D (1, 2 or 4): the output rate is the stream's / D
   * @param cutRatio the kept band's top over the stream's Nyquist frequency (≤ 1 / D)
   */
  constructor(bands: BandTables, decimation: number, cutRatio: number, options: { readonly simd?: boolean; readonly channelConfiguration?: number } = {}) {
    this.bands = bands;
    this.mixedElements = MIXED_ELEMENTS[options.channelConfiguration ?? 0] ?? 0;
    this.filterbank = new ReducedFilterbank(decimation, options);
    this.keptLong = Math.min(1024 / decimation, Math.ceil(1024 * cutRatio) + 4);
    this.keptShort = Math.min(128 / decimation, Math.ceil(128 * cutRatio) + 1);
    this.shortRead = 128 / decimation;
    this.left = new ChannelStream(this.keptLong, this.keptShort);
    this.right = new ChannelStream(this.keptLong, this.keptShort);
  }

  /** Samples each block gives. */
  get frameLength(): number {
    return this.filterbank.frameLength;
  }

  /**
   * Decodes the block in `bytes[start, end)` (the array readable 4 bytes past `end`) into
   * `out[at, at + frameLength)`; returns the byte offset after the block (blocks end byte-aligned).
   * With `alone` (the frame holds this block only), reading stops inside the last element the
   * mix needs (its bands above the cut, and what follows, are not read), and the offset returned
   * is the frame's end.
   * @throws AacStreamError when the block is not one this decoder reads
   */
  decode(bytes: Uint8Array, start: number, end: number, out: Float32Array, at: number, alone = false): number {
    const reader = this.reader;
    reader.reset(bytes, start, end);
    this.stopEarly = alone && this.mixedElements > 0;
    this.elementsMixed = 0;
    this.mixCount = 0;
    this.mixed = 0;
    this.channel = 0;
    let elements = 0;
    for (;;) {
      if (++elements > MAX_ELEMENTS * 4) throw new AacStreamError('too many elements in a block');
      if (this.stopEarly && this.elementsMixed === this.mixedElements) break;
      const id = reader.read(3);
      if (id === ID_END) break;
      switch (id) {
        case ID_SCE:
        case ID_LFE:
          reader.read(4);
          this.left.read(reader, this.bands, false, id === ID_SCE && this.isLastMixed());
          if (id === ID_SCE) this.mixSingle();
          else this.channel++; // LFE: read, not mixed
          break;
        case ID_CPE:
          this.readPair();
          break;
        case ID_CCE:
          this.skipCoupling();
          break;
        case ID_DSE: {
          reader.read(4);
          const aligned = reader.read(1);
          let count = reader.read(8);
          if (count === 255) count += reader.read(8);
          if (aligned) reader.alignToByte();
          reader.position += count * 8;
          break;
        }
        case ID_PCE:
          skipProgramConfig(reader);
          break;
        case ID_FIL: {
          let count = reader.read(4);
          if (count === 15) count += reader.read(8) - 1;
          reader.position += count * 8; // SBR and other extensions: the core band is all we need
          break;
        }
      }
      if (reader.position > reader.limit) throw new AacStreamError('the block runs past its frame');
    }
    if (this.stopEarly && this.elementsMixed === this.mixedElements) reader.position = end * 8;
    const filterbank = this.filterbank;
    filterbank.begin();
    for (let m = 0; m < this.mixCount; m++) {
      const window = this.mixWindow[m];
      filterbank.add(this.mixes[m], window >> 2, (window >> 1) & 1, window & 1);
    }
    // A block of only LFE or fill elements still moves the overlap on.
    filterbank.finish(out, at, 1 / Math.max(1, this.mixed));
    return (reader.position + 7) >>> 3;
  }

  private readPair(): void {
    const reader = this.reader;
    const left = this.left;
    const right = this.right;
    reader.read(4);
    const common = reader.read(1) === 1;
    let msMask = 0;
    if (common) {
      left.info.read(reader, this.bands);
      right.info.copyFrom(left.info);
      msMask = reader.read(2);
      if (msMask === 1) {
        for (let g = 0; g < left.info.groups; g++) {
          for (let band = 0; band < left.info.maxSfb; band++) this.msUsed[g * 64 + band] = reader.read(1);
        }
      } else if (msMask === 3) {
        throw new AacStreamError('reserved ms_mask_present value');
      }
    }
    left.read(reader, this.bands, common);
    right.read(reader, this.bands, common, this.isLastMixed());
    this.noise(left);
    this.noise(right);
    if (common && !left.tns.present && !right.tns.present) {
      // Nearly every pair: both channels share a window, so their sum goes to the mix directly.
      const leftIndex = this.channel++;
      const rightIndex = this.channel++;
      const mix = this.sharedSlot(left.info, leftIndex, rightIndex, msMask);
      if (mix) this.addPairSum(msMask, mix);
      return;
    }
    // TNS in one channel may filter down from above the cut, through lines stereo mixes from both.
    if (left.whole !== right.whole) (left.whole ? right : left).widen(reader, this.bands);
    this.stereo(msMask);
    applyTns(left, this.bands);
    applyTns(right, this.bands);
    this.addToMix(left);
    this.addToMix(right);
  }

  /** Reads a `coupling_channel_element` (4.4.2.1.3) through to its end, and drops it. */
  private skipCoupling(): void {
    const reader = this.reader;
    reader.read(4); // element_instance_tag
    const independentlySwitched = reader.read(1) === 1;
    const coupled = reader.read(3) + 1;
    let gainLists = 0;
    for (let c = 0; c < coupled; c++) {
      gainLists++;
      const pair = reader.read(1) === 1;
      reader.read(4); // target tag
      if (pair) {
        const left = reader.read(1);
        const right = reader.read(1);
        if (left && right) gainLists++;
      }
    }
    if (gainLists > MAX_GAIN_LISTS) throw new AacStreamError('too many coupling gain lists');
    reader.read(1 + 1 + 2); // cc_domain, gain_element_sign, gain_element_scale
    const stream = this.coupling;
    stream.read(reader, this.bands, false);
    const info = stream.info;
    for (let c = 1; c < gainLists; c++) {
      const common = independentlySwitched || reader.read(1) === 1;
      if (common) {
        readScalefactorCodeword(reader);
        continue;
      }
      for (let g = 0; g < info.groups; g++) {
        for (let band = 0; band < info.maxSfb; band++) {
          if (stream.bandCodebook[g * 64 + band] !== ZERO_HCB) readScalefactorCodeword(reader);
        }
      }
      if (reader.position > reader.limit) throw new AacStreamError('coupling gains run past the frame');
    }
  }

  /** Counts a single or pair element; true when it is the last the mix needs and reading may stop inside it. */
  private isLastMixed(): boolean {
    this.elementsMixed++;
    return this.stopEarly && this.elementsMixed === this.mixedElements;
  }

  private mixSingle(): void {
    this.noise(this.left);
    applyTns(this.left, this.bands);
    this.addToMix(this.left);
  }

  /** M/S and intensity stereo (4.6.8), on the lines of the bands that use them. */
  private stereo(msMask: number): void {
    const left = this.left;
    const right = this.right;
    const info = right.info;
    const short = info.sequence === EIGHT_SHORT;
    const edges = short ? this.bands.short : this.bands.long;
    const l = left.spectrum;
    const r = right.spectrum;
    const held = Math.min(left.heldBands(this.bands), right.heldBands(this.bands));
    let window = 0;
    for (let g = 0; g < info.groups; g++) {
      for (let band = 0; band < held; band++) {
        const at = g * 64 + band;
        if (isIntensity(right.bandCodebook[at])) {
          const scale = this.intensityScale(at, msMask);
          for (let w = window; w < window + info.groupLength[g]; w++) {
            for (let line = w * 128 + edges[band]; line < w * 128 + edges[band + 1]; line++) r[line] = l[line] * scale;
          }
        } else if (this.midSide(at, msMask)) {
          for (let w = window; w < window + info.groupLength[g]; w++) {
            for (let line = w * 128 + edges[band]; line < w * 128 + edges[band + 1]; line++) {
              const m = l[line];
              const s = r[line];
              l[line] = m + s;
              r[line] = m - s;
            }
          }
        }
      }
      window += info.groupLength[g];
    }
  }

  /** Perceptual noise substitution (4.6.13): random lines with the band's energy. */
  private noise(channel: ChannelStream): void {
    const info = channel.info;
    const short = info.sequence === EIGHT_SHORT;
    const edges = short ? this.bands.short : this.bands.long;
    const spectrum = channel.spectrum;
    const held = channel.heldBands(this.bands);
    let window = 0;
    for (let g = 0; g < info.groups; g++) {
      for (let band = 0; band < held; band++) {
        const at = g * 64 + band;
        if (channel.bandCodebook[at] !== NOISE_HCB) continue;
        const gain = Math.pow(2, 0.25 * (channel.bandScale[at] - 100)); // the band's total energy, in the lines' scale
        for (let w = window; w < window + info.groupLength[g]; w++) {
          const start = w * 128 + edges[band];
          const end = w * 128 + edges[band + 1];
          let energy = 0;
          for (let line = start; line < end; line++) {
            this.noiseSeed = (Math.imul(this.noiseSeed, 1664525) + 1013904223) | 0;
            spectrum[line] = this.noiseSeed;
            energy += this.noiseSeed * this.noiseSeed;
          }
          const scale = energy > 0 ? gain / Math.sqrt(energy) : 0;
          for (let line = start; line < end; line++) spectrum[line] *= scale;
        }
      }
      window += info.groupLength[g];
    }
  }

  /** Adds the channel's kept lines to the mix of its window. */
  private addToMix(channel: ChannelStream): void {
    const info = channel.info;
    const mix = this.slotFor(info, this.channel++);
    if (!mix) return;
    const spectrum = channel.spectrum;
    if (info.sequence === EIGHT_SHORT) {
      for (let w = 0; w < 8; w++) {
        for (let k = w * 128; k < w * 128 + this.keptShort; k++) mix[k] += spectrum[k];
      }
    } else {
      for (let k = 0; k < this.keptLong; k++) mix[k] += spectrum[k];
    }
    this.mixed++;
  }

  /** The mix of channel `index`'s window this block (null: left out), recording its shape for the next block. */
  private slotFor(info: WindowInfo, index: number): Float64Array | null {
    if (index >= this.previousShape.length) return null; // beyond any real layout
    const window = (info.sequence << 2) | (this.previousShape[index] << 1) | info.shape;
    this.previousShape[index] = info.shape;
    let m = 0;
    while (m < this.mixCount && this.mixWindow[m] !== window) m++;
    if (m === this.mixCount) {
      if (m === this.mixWindow.length) return null;
      if (m === this.mixes.length) this.mixes.push(new Float64Array(1024));
      // Zero what the filterbank reads (the mixes add below the cut only, inside it).
      const mix = this.mixes[m];
      if (info.sequence === EIGHT_SHORT) for (let w = 0; w < 8; w++) mix.fill(0, w * 128, w * 128 + this.shortRead);
      else mix.fill(0, 0, this.shortRead * 8);
      this.mixWindow[m] = window;
      this.mixCount++;
    }
    return this.mixes[m];
  }

  /** The mix of a common-window pair, or null when their previous shapes differ (then each is added alone). */
  private sharedSlot(info: WindowInfo, leftIndex: number, rightIndex: number, msMask: number): Float64Array | null {
    if (rightIndex < this.previousShape.length && this.previousShape[leftIndex] === this.previousShape[rightIndex]) {
      this.previousShape[rightIndex] = info.shape;
      return this.slotFor(info, leftIndex);
    }
    this.channel -= 2;
    this.stereo(msMask);
    this.addToMix(this.left);
    this.addToMix(this.right);
    return null;
  }

  /** R / L in intensity band `at` of the pair (4.6.8.2): ± 2^(−position/4), the sign flipped by an M/S flag. */
  private intensityScale(at: number, msMask: number): number {
    const inverted = (this.right.bandCodebook[at] === INTENSITY_HCB2) !== (msMask === 1 && this.msUsed[at] === 1);
    return (inverted ? -1 : 1) * Math.pow(0.5, 0.25 * this.right.bandScale[at]);
  }

  /** Whether band `at` of the pair is M/S coded (noise bands never are). */
  private midSide(at: number, msMask: number): boolean {
    const ms = msMask === 2 || (msMask === 1 && this.msUsed[at] === 1);
    return ms && this.left.bandCodebook[at] !== NOISE_HCB && this.right.bandCodebook[at] !== NOISE_HCB;
  }

  /**
   * L + R of a common-window pair without TNS, straight from the coded spectra: 2M in M/S bands
   * (L = M + S, R = M − S), L·(1 ± 2^(−is/4)) in intensity bands, L + R elsewhere.
   */
  private addPairSum(msMask: number, mix: Float64Array): void {
    const left = this.left;
    const right = this.right;
    const info = left.info;
    const short = info.sequence === EIGHT_SHORT;
    const edges = short ? this.bands.short : this.bands.long;
    const kept = short ? this.keptShort : this.keptLong;
    const l = left.spectrum;
    const r = right.spectrum;
    const held = Math.min(left.heldBands(this.bands), right.heldBands(this.bands));
    let window = 0;
    for (let g = 0; g < info.groups; g++) {
      for (let w = window; w < window + info.groupLength[g]; w++) {
        const base = w * 128;
        let band = 0;
        for (; band < held && edges[band] < kept; band++) {
          const at = g * 64 + band;
          const end = base + Math.min(edges[band + 1], kept);
          if (isIntensity(right.bandCodebook[at])) {
            const factor = 1 + this.intensityScale(at, msMask);
            for (let k = base + edges[band]; k < end; k++) mix[k] += l[k] * factor;
          } else if (this.midSide(at, msMask)) {
            for (let k = base + edges[band]; k < end; k++) mix[k] += 2 * l[k];
          } else {
            for (let k = base + edges[band]; k < end; k++) mix[k] += l[k] + r[k];
          }
        }
        // Past max_sfb (or the held bands) both spectra are zero, up to `kept`.
      }
      window += info.groupLength[g];
    }
    this.mixed += 2;
  }
}

/** Whether a section codebook codes intensity stereo (in phase, or out of phase). */
function isIntensity(codebook: number): boolean {
  return codebook === INTENSITY_HCB || codebook === INTENSITY_HCB2;
}

/** Most gain element lists of a coupling channel: 8 coupled elements, each a pair with both sides. */
const MAX_GAIN_LISTS = 17;

/** Skips a `program_config_element` (4.4.1.1). */
function skipProgramConfig(reader: BitReader): void {
  reader.read(4 + 2 + 4); // tag, object type, sampling frequency index
  const front = reader.read(4);
  const side = reader.read(4);
  const back = reader.read(4);
  const lfe = reader.read(2);
  const data = reader.read(3);
  const coupling = reader.read(4);
  if (reader.read(1)) reader.read(4); // mono mixdown
  if (reader.read(1)) reader.read(4); // stereo mixdown
  if (reader.read(1)) reader.read(3); // matrix mixdown
  reader.position += (front + side + back) * 5 + lfe * 4 + data * 4 + coupling * 5;
  reader.alignToByte();
  const comment = reader.read(8);
  reader.position += comment * 8;
}
