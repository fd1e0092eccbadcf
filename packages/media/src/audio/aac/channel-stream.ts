/**
 * One AAC-LC `individual_channel_stream` (ISO/IEC 14496-3 subpart 4, 4.4.2.7): window info,
 * sections, scalefactors, pulse and TNS data, and the spectrum, inverse quantized and scaled
 * (x = sign(q)·|q|^(4/3)·2^((sf − 100)/4)). Short windows' lines are stored window after window,
 * 128 each. Noise (PNS) and intensity bands are left at zero here; the element fills them.
 */
import { FlacBitReader as BitReader } from '../flac/bit-reader.js';
import { leafOf as leafOfLookup, wordAt } from '../huffman-lookup.js';
import type { BandTables } from './band-tables.js';
import { AAC_PRIMARY_BITS, AAC_SKIP_BITS, scalefactorCodebook, spectralCodebooks, type SpectralCodebook } from './huffman-tables.js';

/** Window sequences of `ics_info`. */
export const ONLY_LONG = 0;
export const LONG_START = 1;
export const EIGHT_SHORT = 2;
export const LONG_STOP = 3;

/** Section codebooks with no spectral data. */
export const ZERO_HCB = 0;
export const NOISE_HCB = 13;
export const INTENSITY_HCB2 = 14;
export const INTENSITY_HCB = 15;

/** Most bands per window (96 kHz long windows have 41; 8 kHz 40; 32 kHz 51). */
const MAX_BANDS = 64;

/** Thrown for a channel stream this decoder cannot or will not read. */
export class AacStreamError extends Error {}

/** sign(q)·|q|^(4/3) at q + 8191, for |q| < 8192 (the escape codebook's range): no branch on the sign. */
const SIGNED_POW43 = Float64Array.from({ length: 16383 }, (_, i) => Math.sign(i - 8191) * Math.pow(Math.abs(i - 8191), 4 / 3));

/** 2^((sf − 100)/4) for sf in 0..255. */
const GAIN = Float64Array.from({ length: 256 }, (_, sf) => Math.pow(2, (sf - 100) / 4));

/** A channel's window layout, shared with its pair when the window is common. */
export class WindowInfo {
  sequence: number = ONLY_LONG;
  shape = 0;
  maxSfb = 0;
  groups = 1;
  readonly groupLength: Uint8Array = new Uint8Array(8);
  /** Windows in the frame: 1 or 8. */
  windows = 1;

  read(reader: BitReader, bands: BandTables): void {
    if (reader.read(1) !== 0) throw new AacStreamError('reserved bit set in ics_info');
    this.sequence = reader.read(2);
    this.shape = reader.read(1);
    if (this.sequence === EIGHT_SHORT) {
      this.maxSfb = reader.read(4);
      const grouping = reader.read(7);
      this.windows = 8;
      this.groups = 1;
      this.groupLength.fill(0);
      this.groupLength[0] = 1;
      for (let bit = 6; bit >= 0; bit--) {
        if ((grouping >> bit) & 1) this.groupLength[this.groups - 1]++;
        else this.groupLength[this.groups++] = 1;
      }
      if (this.maxSfb > bands.short.length - 1) throw new AacStreamError('max_sfb beyond the short bands');
    } else {
      this.maxSfb = reader.read(6);
      this.windows = 1;
      this.groups = 1;
      this.groupLength[0] = 1;
      if (reader.read(1) !== 0) throw new AacStreamError('prediction data (Main or LTP profile) is not supported');
      if (this.maxSfb > bands.long.length - 1) throw new AacStreamError('max_sfb beyond the long bands');
    }
  }

  copyFrom(other: WindowInfo): void {
    this.sequence = other.sequence;
    this.shape = other.shape;
    this.maxSfb = other.maxSfb;
    this.groups = other.groups;
    this.groupLength.set(other.groupLength);
    this.windows = other.windows;
  }
}

/** Temporal noise shaping filters of one channel, up to 4 per window (1 per short window). */
export class TnsData {
  present = false;
  readonly filters: Uint8Array = new Uint8Array(8);
  readonly length: Uint8Array = new Uint8Array(32);
  readonly order: Uint8Array = new Uint8Array(32);
  readonly direction: Uint8Array = new Uint8Array(32);
  /** Reflection coefficients, 32 per filter (the order field's range; LC uses at most 12 in long windows, 7 in short ones). */
  readonly coefficients: Float64Array = new Float64Array(32 * 32);

  read(reader: BitReader, short: boolean): void {
    this.present = true;
    const windows = short ? 8 : 1;
    for (let w = 0; w < windows; w++) {
      const filters = (this.filters[w] = reader.read(short ? 1 : 2));
      if (filters === 0) continue;
      const resolution = reader.read(1) + 3;
      for (let f = 0; f < filters; f++) {
        const at = w * 4 + f;
        this.length[at] = reader.read(short ? 4 : 6);
        const order = (this.order[at] = reader.read(short ? 3 : 5));
        if (order === 0) continue;
        this.direction[at] = reader.read(1);
        const bits = resolution - reader.read(1);
        // Inverse quantization of the reflection coefficients (4.6.9.3).
        const up = ((1 << (resolution - 1)) - 0.5) / (Math.PI / 2);
        const down = ((1 << (resolution - 1)) + 0.5) / (Math.PI / 2);
        for (let i = 0; i < order; i++) {
          const raw = reader.read(bits);
          const value = raw >= 1 << (bits - 1) ? raw - (1 << bits) : raw;
          this.coefficients[at * 32 + i] = Math.sin(value / (value >= 0 ? up : down));
        }
      }
    }
  }
}

/** One channel's stream, reused frame after frame. */
export class ChannelStream {
  readonly info: WindowInfo = new WindowInfo();
  /** Codebook of each (group, band): `g * 64 + band`. */
  readonly bandCodebook: Uint8Array = new Uint8Array(8 * MAX_BANDS);
  /** Scalefactor, intensity position or noise energy of each (group, band). */
  readonly bandScale: Int32Array = new Int32Array(8 * MAX_BANDS);
  readonly tns: TnsData = new TnsData();
  /** Inverse-quantized lines; short windows' at `window * 128 + line`. */
  readonly spectrum: Float64Array = new Float64Array(1024);
  /**
   * Lines per window held in {@link spectrum} (the bands starting below the cut, or all with TNS,
   * whose filter may run down from above the cut); lines beyond are parsed, not stored.
   */
  lines = 1024;
  private readonly quantized: Int32Array = new Int32Array(1024);
  private readonly codebooks: readonly SpectralCodebook[] = spectralCodebooks();
  private readonly scalefactors: Int32Array = scalefactorCodebook();
  private readonly cutLong: number;
  private readonly cutShort: number;
  /** Bit position of the spectral data, to read it again whole ({@link widen}). */
  private spectralStart = 0;
  private pulses = 0;
  private pulseStart = 0;
  private readonly pulseOffset = new Uint8Array(4);
  private readonly pulseAmplitude = new Uint8Array(4);

  /** @param cutLong, cutShort lines per long or short window wanted (the band below the cut) */
  constructor(cutLong = 1024, cutShort = 128) {
    this.cutLong = cutLong;
    this.cutShort = cutShort;
  }

  /**
   * Reads an `individual_channel_stream`. With `commonWindow` the window info was read (and set
   * here) by the channel pair element. With `last` (nothing after this channel is needed) the
   * reading stops after the held bands: the reader is then left inside the channel.
   */
  read(reader: BitReader, bands: BandTables, commonWindow: boolean, last = false): void {
    const globalGain = reader.read(8);
    const info = this.info;
    if (!commonWindow) info.read(reader, bands);
    this.readSections(reader);
    this.readScalefactors(reader, globalGain);
    const short = info.sequence === EIGHT_SHORT;
    this.pulses = 0;
    if (reader.read(1) === 1) {
      if (short) throw new AacStreamError('pulse data in a short window');
      this.pulses = reader.read(2) + 1;
      this.pulseStart = reader.read(6);
      for (let i = 0; i < this.pulses; i++) {
        this.pulseOffset[i] = reader.read(5);
        this.pulseAmplitude[i] = reader.read(4);
      }
    }
    this.tns.present = false;
    if (reader.read(1) === 1) this.tns.read(reader, short);
    if (reader.read(1) === 1) throw new AacStreamError('gain control data (SSR profile) is not supported');
    this.spectralStart = reader.position;
    this.lines = this.tns.present ? (short ? 128 : 1024) : short ? this.cutShort : this.cutLong;
    this.readSpectrum(reader, bands, last);
  }

  /** Whether the spectrum holds every line (TNS, or {@link widen}). */
  get whole(): boolean {
    return this.lines === (this.info.sequence === EIGHT_SHORT ? 128 : 1024);
  }

  /** Reads the spectral data again, keeping every line (for a pair whose other channel has TNS). */
  widen(reader: BitReader, bands: BandTables): void {
    if (this.whole) return;
    const position = reader.position;
    reader.position = this.spectralStart;
    this.lines = this.info.sequence === EIGHT_SHORT ? 128 : 1024;
    this.readSpectrum(reader, bands);
    reader.position = position;
  }

  private readSpectrum(reader: BitReader, bands: BandTables, last = false): void {
    this.readSpectralData(reader, bands, last);
    if (this.pulses > 0) this.applyPulses(bands);
  }

  /** Bands (per window) held: those starting below {@link lines}. */
  heldBands(bands: BandTables): number {
    const edges = this.info.sequence === EIGHT_SHORT ? bands.short : bands.long;
    let band = 0;
    while (band < this.info.maxSfb && edges[band] < this.lines) band++;
    return band;
  }

  private readSections(reader: BitReader): void {
    const info = this.info;
    const short = info.sequence === EIGHT_SHORT;
    const lengthBits = short ? 3 : 5;
    const escape = (1 << lengthBits) - 1;
    for (let g = 0; g < info.groups; g++) {
      let band = 0;
      while (band < info.maxSfb) {
        const codebook = reader.read(4);
        if (codebook === 12) throw new AacStreamError('reserved codebook 12');
        let length = 0;
        let increment: number;
        while ((increment = reader.read(lengthBits)) === escape) length += escape;
        length += increment;
        if (band + length > info.maxSfb) throw new AacStreamError('section beyond max_sfb');
        this.bandCodebook.fill(codebook, g * MAX_BANDS + band, g * MAX_BANDS + band + length);
        band += length;
        if (length === 0 && reader.position > reader.limit) throw new AacStreamError('sections run past the frame');
      }
    }
  }

  private readScalefactors(reader: BitReader, globalGain: number): void {
    const info = this.info;
    const lookup = this.scalefactors;
    const data = reader.bytes;
    let bit = reader.position;
    let scalefactor = globalGain;
    let intensity = 0;
    let noise = globalGain - 90;
    let firstNoise = true;
    for (let g = 0; g < info.groups; g++) {
      for (let band = 0; band < info.maxSfb; band++) {
        const at = g * MAX_BANDS + band;
        const codebook = this.bandCodebook[at];
        if (codebook === ZERO_HCB) {
          this.bandScale[at] = 0;
          continue;
        }
        // One codeword (≤ 19 bits: one load after the byte shift holds it), the difference + 60;
        // the first noise band has 9 plain bits instead (value + 256).
        const w = wordAt(data, bit);
        if (codebook === NOISE_HCB && firstNoise) {
          firstNoise = false;
          noise += (w >>> 23) - 256;
          bit += 9;
          if (noise < -100 || noise > 255) throw new AacStreamError('noise energy out of range');
          this.bandScale[at] = noise;
          continue;
        }
        const entry = leafOf(lookup, w);
        bit += entry >>> 16;
        const delta = (entry & 0xffff) - 60;
        if (codebook === INTENSITY_HCB || codebook === INTENSITY_HCB2) {
          intensity += delta;
          this.bandScale[at] = intensity;
        } else if (codebook === NOISE_HCB) {
          noise += delta;
          if (noise < -100 || noise > 255) throw new AacStreamError('noise energy out of range');
          this.bandScale[at] = noise;
        } else {
          scalefactor += delta;
          if (scalefactor < 0 || scalefactor > 255) throw new AacStreamError('scalefactor out of range');
          this.bandScale[at] = scalefactor;
        }
      }
      if (bit > reader.limit) throw new AacStreamError('scalefactors run past the frame');
    }
    reader.position = bit;
  }

  /**
   * The lines of the held bands, inverse quantized as they are read (quantized values kept too,
   * for pulses); the other bands' codewords are only stepped over. Bands without spectral data
   * stay zero.
   */
  private readSpectralData(reader: BitReader, bands: BandTables, last: boolean): void {
    const info = this.info;
    const q = this.quantized;
    const out = this.spectrum;
    const short = info.sequence === EIGHT_SHORT;
    const edges = short ? bands.short : bands.long;
    const held = this.heldBands(bands);
    const zeroed = Math.max(edges[held], this.lines); // the mix reads up to `lines`, past max_sfb too
    for (let w = 0; w < info.windows; w++) out.fill(0, w * 128, w * 128 + zeroed);
    const data = reader.bytes;
    let bit = reader.position;
    let window = 0;
    for (let g = 0; g < info.groups; g++) {
      const groupLength = info.groupLength[g];
      const lastGroup = last && g === info.groups - 1;
      // Runs of bands with one codebook (a group's bands with several windows interleave them:
      // then one band at a time).
      let band = 0;
      while (band < info.maxSfb) {
        const codebookNumber = this.bandCodebook[g * MAX_BANDS + band];
        let end = band + 1;
        if (groupLength === 1) while (end < info.maxSfb && this.bandCodebook[g * MAX_BANDS + end] === codebookNumber) end++;
        if (codebookNumber === ZERO_HCB || codebookNumber >= NOISE_HCB) {
          band = end;
          continue;
        }
        const codebook = this.codebooks[codebookNumber];
        const heldEnd = Math.min(end, Math.max(held, band));
        if (heldEnd > band) {
          for (let w = window; w < window + groupLength; w++) {
            bit = codebook.dimension === 4
              ? decodeQuads(data, bit, codebook, q, out, edges, this.bandScale, g * MAX_BANDS, band, heldEnd, w * 128)
              : decodePairs(data, bit, codebook, codebookNumber === 11, q, out, edges, this.bandScale, g * MAX_BANDS, band, heldEnd, w * 128);
          }
        }
        if (heldEnd < end) {
          if (lastGroup) break; // nothing further is needed
          bit = skipBand(data, bit, codebook, groupLength * (edges[end] - edges[heldEnd]));
        }
        if (bit > reader.limit) throw new AacStreamError('spectral data runs past the frame');
        band = end;
      }
      window += groupLength;
    }
    reader.position = bit;
  }

  /** Pulses (long windows): added to the quantized values, those lines inverse quantized again. */
  private applyPulses(bands: BandTables): void {
    const edges = bands.long;
    if (this.pulseStart >= edges.length - 1) throw new AacStreamError('pulse start beyond the bands');
    let line = edges[this.pulseStart];
    let band = this.pulseStart;
    for (let i = 0; i < this.pulses; i++) {
      line += this.pulseOffset[i];
      if (line >= 1024) throw new AacStreamError('pulse beyond the spectrum');
      while (edges[band + 1] <= line) band++;
      const codebook = this.bandCodebook[band];
      if (line >= this.lines || codebook === ZERO_HCB || codebook >= NOISE_HCB) continue;
      const q = this.quantized[line];
      const pulsed = (this.quantized[line] = q > 0 ? q + this.pulseAmplitude[i] : q - this.pulseAmplitude[i]);
      if (pulsed > -8192 && pulsed < 8192) this.spectrum[line] = SIGNED_POW43[pulsed + 8191] * GAIN[this.bandScale[band]];
    }
  }
}

/** Steps over one scalefactor codeword (in coupling channels' gain lists); returns the difference it codes. */
export function readScalefactorCodeword(reader: BitReader): number {
  const entry = leafOf(scalefactorCodebook(), wordAt(reader.bytes, reader.position));
  reader.position += entry >>> 16;
  return (entry & 0xffff) - 60;
}

/** The leaf of an AAC codebook lookup for the codeword at the top of `w`. */
function leafOf(lookup: Int32Array, w: number): number {
  return leafOfLookup(lookup, w, AAC_PRIMARY_BITS);
}

/*
 * The spectral decoding loops. One 32-bit load per codeword serves the codeword (≤ 16 bits) and
 * its sign bits (≤ 4): after the load's byte shift, at least 25 bits are valid.
 */

/**
 * Quadruple codebooks (1–4) over bands [bandFrom, bandTo) of the window at line `base`:
 * quantized values to `q`, inverse quantized × each band's gain (scalefactor `scales[scaleAt +
 * band]`) to `out`.
 */
function decodeQuads(
  data: Uint8Array, bit: number, codebook: SpectralCodebook, q: Int32Array, out: Float64Array,
  edges: Uint16Array, scales: Int32Array, scaleAt: number, bandFrom: number, bandTo: number, base: number,
): number {
  const lookup = codebook.lookup;
  const values = codebook.values;
  const unsigned = codebook.unsigned;
  for (let band = bandFrom; band < bandTo; band++) {
    const gain = GAIN[scales[scaleAt + band]];
    const to = base + edges[band + 1];
    for (let line = base + edges[band]; line < to; line += 4) {
      const w = wordAt(data, bit);
      const entry = leafOf(lookup, w);
      bit += entry >>> 16; // the codeword and its sign bits
      const index = (entry & 0x7ff) * 4;
      let v0 = values[index];
      let v1 = values[index + 1];
      let v2 = values[index + 2];
      let v3 = values[index + 3];
      if (unsigned) {
        // Sign bits, one per non-zero value, first value first, without branches (their values are
        // unpredictable): `nz` is 1 for a non-zero value, `negative` its sign bit, and
        // (v ^ −negative) + negative negates v when negative is 1.
        let signs = w << ((entry >>> 11) & 31);
        let nz = (-v0 >>> 31) & 1;
        let negative = (signs >>> 31) & nz;
        v0 = (v0 ^ -negative) + negative;
        signs <<= nz;
        nz = (-v1 >>> 31) & 1;
        negative = (signs >>> 31) & nz;
        v1 = (v1 ^ -negative) + negative;
        signs <<= nz;
        nz = (-v2 >>> 31) & 1;
        negative = (signs >>> 31) & nz;
        v2 = (v2 ^ -negative) + negative;
        signs <<= nz;
        nz = (-v3 >>> 31) & 1;
        negative = (signs >>> 31) & nz;
        v3 = (v3 ^ -negative) + negative;
      }
      q[line] = v0;
      q[line + 1] = v1;
      q[line + 2] = v2;
      q[line + 3] = v3;
      out[line] = SIGNED_POW43[v0 + 8191] * gain;
      out[line + 1] = SIGNED_POW43[v1 + 8191] * gain;
      out[line + 2] = SIGNED_POW43[v2 + 8191] * gain;
      out[line + 3] = SIGNED_POW43[v3 + 8191] * gain;
    }
  }
  return bit;
}

/** Pair codebooks (5–11; `escapes` for 11), as {@link decodeQuads}. */
function decodePairs(
  data: Uint8Array, bit: number, codebook: SpectralCodebook, escapes: boolean, q: Int32Array, out: Float64Array,
  edges: Uint16Array, scales: Int32Array, scaleAt: number, bandFrom: number, bandTo: number, base: number,
): number {
  const lookup = codebook.lookup;
  const values = codebook.values;
  const unsigned = codebook.unsigned;
  for (let band = bandFrom; band < bandTo; band++) {
    const gain = GAIN[scales[scaleAt + band]];
    const to = base + edges[band + 1];
    for (let line = base + edges[band]; line < to; line += 2) {
      const w = wordAt(data, bit);
      const entry = leafOf(lookup, w);
      bit += entry >>> 16;
      const index = (entry & 0x7ff) * 2;
      let v0 = values[index];
      let v1 = values[index + 1];
      if (unsigned) {
        // As in decodeQuads.
        let signs = w << ((entry >>> 11) & 31);
        let nz = (-v0 >>> 31) & 1;
        let negative = (signs >>> 31) & nz;
        v0 = (v0 ^ -negative) + negative;
        signs <<= nz;
        nz = (-v1 >>> 31) & 1;
        negative = (signs >>> 31) & nz;
        v1 = (v1 ^ -negative) + negative;
      }
      q[line] = v0;
      q[line + 1] = v1;
      if (escapes && (v0 === 16 || v0 === -16 || v1 === 16 || v1 === -16)) {
        bit = readEscapes(data, bit, q, line);
        v0 = q[line];
        v1 = q[line + 1];
      }
      out[line] = SIGNED_POW43[v0 + 8191] * gain;
      out[line + 1] = SIGNED_POW43[v1 + 8191] * gain;
    }
  }
  return bit;
}

/**
 * The escape sequences of a codebook 11 pair at `q[line]`, `q[line + 1]` (values ±16): N ones, a
 * zero, then N + 4 bits, for 2^(N+4) + those bits. Returns the bit after them.
 */
function readEscapes(data: Uint8Array, bit: number, q: Int32Array, line: number): number {
  for (let d = 0; d < 2; d++) {
    const v = q[line + d];
    if (v !== 16 && v !== -16) continue;
    const count = escapeOnes(data, bit) + 4;
    bit += count - 3; // the ones and the zero
    const magnitude = (1 << count) + (wordAt(data, bit) >>> (32 - count));
    bit += count;
    q[line + d] = v < 0 ? -magnitude : magnitude;
  }
  return bit;
}

/** The ones that open an escape sequence at `bit` (at most 8: 2^13 − 1 is the largest value). */
function escapeOnes(data: Uint8Array, bit: number): number {
  let ones = 0;
  while ((data[(bit + ones) >>> 3] >> (7 - ((bit + ones) & 7))) & 1) {
    if (++ones > 8) throw new AacStreamError('escape sequence too long');
  }
  return ones;
}

/** Steps over the codewords of `lines` lines (a band in each window of a group): returns the bit after them. */
function skipBand(data: Uint8Array, bit: number, codebook: SpectralCodebook, lines: number): number {
  const skip = codebook.skip;
  const skipMany = codebook.skipMany;
  let n = lines / codebook.dimension;
  while (n > 0) {
    const w = wordAt(data, bit);
    // Several short codewords at once when they lie in the next 12 bits and the band holds them.
    const many = skipMany[w >>> (32 - AAC_SKIP_BITS)];
    if ((many & 7) !== 0 && (many & 7) <= n) {
      bit += many >>> 3;
      n -= many & 7;
      continue;
    }
    n--;
    const entry = leafOf(skip, w);
    bit += entry >>> 16; // the codeword and its sign bits
    for (let e = entry & 3; e > 0; e--) bit += 2 * escapeOnes(data, bit) + 5; // ones, zero, ones + 4 bits
  }
  return bit;
}

