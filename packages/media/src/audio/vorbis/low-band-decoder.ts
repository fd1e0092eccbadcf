/**
 * An Ogg Vorbis decoder for fingerprinting: mono PCM of the band below `analysisRate / 2`, at a
 * quarter or half of the file's rate.
 *
 * Vorbis codes each block's spectrum (floor × residue) and rebuilds time with an IMDCT. The
 * entropy-coded floor and residue must be read whole (each codeword leads to the next), but all
 * that follows is done for the kept band only: inverse coupling, floor curve and product for the
 * first n/(2D) bins, the channels summed to mono in the frequency domain (the IMDCT is linear),
 * and one IMDCT of n/D points with windows of n/D points. That is exactly the decimated output:
 * sample m of an n/D-point IMDCT of the first n/(2D) bins is sample D·m + (D − 1)/2 of the full
 * n-point one (the window's formula scales the same way), so the stream decodes as if its block
 * sizes were D times smaller, 1.5 samples (D = 4) later than libvorbis. Floor type 0 streams
 * (none since 2002) are refused at setup; the caller keeps libvorbis for them.
 */
import { MonoOutput, type MonoPcm } from '../mono-output.js';
import { BitReader, ilog } from './bit-reader.js';
import { VorbisSetupError } from './codebook.js';
import { applyFloor1, readFloor1 } from './floor1.js';
import { Imdct } from './imdct.js';
import { simdImdct, type SimdImdct } from './imdct-simd.js';
import { OggPacketReader } from '../ogg-packets.js';
import { decodeResidue, ResidueScratch } from './residue.js';
import { readIdentification, readSetup, type VorbisIdentification, type VorbisSetup } from './setup.js';

/** What one call returns: mono samples at `sampleRate`, and the problems met (bytes that were not Ogg pages, packets that did not decode). */
export type LowBandVorbisPcm = MonoPcm;

export { VorbisSetupError };

/** The rising half of Vorbis' power-sine window over `n` samples. */
function risingSlope(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, j) => Math.sin((Math.PI / 2) * Math.sin(((j + 0.5) / n) * (Math.PI / 2)) ** 2));
}

/** The parsed headers of a stream, as {@link probeLowBandVorbis} returns them. */
export interface VorbisHeaders {
  readonly id: VorbisIdentification;
  readonly setup: VorbisSetup;
}

/**
 * The headers of an Ogg stream (its first pages, `head`) when they are ones this decoder takes
 * (Vorbis I, floor type 1), else null. Throws nothing. Pass them to the decoder so the setup
 * header (codebooks) is not parsed twice.
 */
export function probeLowBandVorbis(head: Uint8Array): VorbisHeaders | null {
  try {
    const packets = new OggPacketReader().push(head);
    if (packets.length < 3) return null;
    const id = readIdentification(packets[0]);
    return { id, setup: readSetup(packets[2], id.channels) };
  } catch {
    return null;
  }
}

/** Whether {@link probeLowBandVorbis} takes `head`. */
export function isLowBandVorbis(head: Uint8Array): boolean {
  return probeLowBandVorbis(head) !== null;
}

/**
 * Streaming low-band Vorbis decoder. Feed the file in chunks with {@link decode}, then
 * {@link flush}.
 * @throws VorbisSetupError from decode when the headers are not ones it takes (see {@link isLowBandVorbis})
 */
export class LowBandVorbisDecoder {
  readonly analysisRate: number;
  private readonly ogg = new OggPacketReader();
  private readonly reader = new BitReader();
  private headersSeen = 0;
  private id: VorbisIdentification | null = null;
  private setup: VorbisSetup | null = null;
  private packetsFailed = 0;

  // Set once the headers are read.
  private decimation = 1;
  private imdcts: Imdct[] = [];
  private windows = new Map<number, Float64Array>();
  private spectra: Float64Array[] = [];
  private floorY: Int32Array[] = [];
  private floorUsed: boolean[] = [];
  private silent: boolean[] = [];
  private readonly finalY = new Int32Array(65);
  private readonly stepFlags = new Uint8Array(65);
  private readonly scratch = new ResidueScratch();
  private mono = new Float64Array(0);
  private block = new Float64Array(0);
  private carried = new Float64Array(0);
  /** Reduced size of the previous block (0 before the first audio packet). */
  private previousSize = 0;

  private readonly output = new MonoOutput();

  /**
   * @param analysisRate the rate the PCM will be resampled to (content below half of it is kept)
   * @param headers the stream's headers from {@link probeLowBandVorbis}, to skip parsing them again
   */
  constructor(analysisRate = 8000, headers?: VorbisHeaders, options: { readonly simd?: boolean } = {}) {
    if (!(analysisRate >= 1000)) throw new RangeError('analysisRate must be at least 1000 Hz');
    this.analysisRate = analysisRate;
    this.known = headers ?? null;
    this.useSimd = options.simd ?? true;
  }

  private readonly useSimd: boolean;
  private simd: SimdImdct | null = null;

  private readonly known: VorbisHeaders | null;

  /** The output rate (0 before the identification header). */
  get sampleRate(): number {
    return this.id ? this.id.sampleRate / this.decimation : 0;
  }

  decode(chunk: Uint8Array): LowBandVorbisPcm {
    for (const packet of this.ogg.push(chunk)) this.packet(packet);
    return this.take(false);
  }

  flush(): LowBandVorbisPcm {
    return this.take(true);
  }

  free(): void {
    this.spectra = [];
    this.block = new Float64Array(0);
  }

  /**
   * Hands out what is decoded but the last long block (the stream's last block may run past its
   * end); at the end, all of it up to the length the last granule position gives, as libvorbis.
   */
  private take(final: boolean): LowBandVorbisPcm {
    if (this.ogg.skippedRuns > 0) {
      this.output.errors.push(`${this.ogg.skippedRuns} run(s) of bytes that were not Ogg pages`);
      this.ogg.skippedRuns = 0;
    }
    const rate = this.sampleRate || this.analysisRate;
    if (!final) return this.output.takeHolding(rate, this.id ? this.id.blockSizes[1] / this.decimation : 0);
    if (this.ogg.lastGranule >= 0) this.output.trimTo(Math.round(this.ogg.lastGranule / this.decimation));
    return this.output.take(rate);
  }

  private packet(packet: Uint8Array): void {
    if (this.headersSeen < 3) {
      if (this.headersSeen === 0) this.start(this.known?.id ?? readIdentification(packet));
      else if (this.headersSeen === 2) this.setup = this.known?.setup ?? readSetup(packet, this.id!.channels);
      this.headersSeen++;
      return;
    }
    if (!this.audioPacket(packet)) {
      this.packetsFailed++;
      if (this.packetsFailed <= 3) this.output.errors.push('a Vorbis packet could not be decoded');
    }
  }

  private start(id: VorbisIdentification): void {
    this.id = id;
    const [short, long] = id.blockSizes;
    // Largest decimation leaving the rate at or above the analysis rate, and blocks of 16+ points.
    this.decimation = id.sampleRate / 4 >= this.analysisRate && short / 4 >= 16 ? 4 : id.sampleRate / 2 >= this.analysisRate && short / 2 >= 16 ? 2 : 1;
    const d = this.decimation;
    this.imdcts = [new Imdct(short / d), new Imdct(long / d)];
    this.simd = this.useSimd ? simdImdct(short / d, long / d) : null;
    this.spectra = Array.from({ length: id.channels }, () => new Float64Array(long / d / 2));
    this.floorY = Array.from({ length: id.channels }, () => new Int32Array(65));
    this.floorUsed = new Array<boolean>(id.channels).fill(false);
    this.silent = new Array<boolean>(id.channels).fill(false);
    this.mono = new Float64Array(long / d / 2);
    this.block = new Float64Array(long / d);
    this.carried = new Float64Array(long / d / 2);
  }

  /** Decodes one audio packet into the output; false when it is not a usable audio packet. */
  private audioPacket(packet: Uint8Array): boolean {
    const setup = this.setup!;
    const id = this.id!;
    const reader = this.reader;
    reader.reset(packet);
    if (packet.length === 0 || reader.read(1) !== 0) return false;
    const modeNumber = reader.read(ilog(setup.modes.length - 1));
    if (modeNumber >= setup.modes.length) return false;
    const mode = setup.modes[modeNumber];
    const long = mode.blockFlag === 1;
    const size = id.blockSizes[mode.blockFlag];
    let previousLong = true;
    let nextLong = true;
    if (long) {
      previousLong = reader.read(1) === 1;
      nextLong = reader.read(1) === 1;
    }
    const mapping = setup.mappings[mode.mapping];
    const channels = id.channels;
    const half = size / 2;
    const d = this.decimation;
    // Bins computed: those below analysisRate / 2 (+4 for the transition), within the reduced
    // transform's input of half / d bins; the rest of its input stays zero.
    const kept = Math.min(half / d, Math.ceil((half * this.analysisRate) / id.sampleRate) + 4);
    // Floors: which channels sound in this block.
    const silent = this.silent;
    for (let ch = 0; ch < channels; ch++) {
      const floor = setup.floors[mapping.submapFloor[mapping.mux[ch]]];
      this.floorUsed[ch] = readFloor1(reader, floor, setup.codebooks, this.floorY[ch]);
      silent[ch] = !this.floorUsed[ch];
    }
    for (let s = 0; s < mapping.couplingMagnitude.length; s++) {
      const m = mapping.couplingMagnitude[s];
      const a = mapping.couplingAngle[s];
      if (!silent[m] || !silent[a]) silent[m] = silent[a] = false;
    }
    // Residues, per submap, kept bins only.
    for (let ch = 0; ch < channels; ch++) this.spectra[ch].fill(0, 0, kept);
    for (let submap = 0; submap < mapping.submapResidue.length; submap++) {
      const residue = setup.residues[mapping.submapResidue[submap]];
      if (mapping.submapResidue.length === 1) {
        decodeResidue(reader, residue, setup.codebooks, this.spectra, silent, half, kept, this.scratch);
        continue;
      }
      const outs: Float64Array[] = [];
      const skip: boolean[] = [];
      for (let ch = 0; ch < channels; ch++) {
        if (mapping.mux[ch] !== submap) continue;
        outs.push(this.spectra[ch]);
        skip.push(silent[ch]);
      }
      decodeResidue(reader, residue, setup.codebooks, outs, skip, half, kept, this.scratch);
    }
    // Inverse coupling, last step first.
    for (let s = mapping.couplingMagnitude.length - 1; s >= 0; s--) {
      const magnitude = this.spectra[mapping.couplingMagnitude[s]];
      const angle = this.spectra[mapping.couplingAngle[s]];
      for (let i = 0; i < kept; i++) {
        // The spec's four cases, without branches (the signs are unpredictable): with
        // t = sign(m) · a, a > 0 gives (m, m − t), else (m + t, m).
        const m = magnitude[i];
        const a = angle[i];
        const t = m > 0 ? a : -a;
        const positive = +(a > 0);
        magnitude[i] = m + (1 - positive) * t;
        angle[i] = m - positive * t;
      }
    }
    // Floor × residue, summed to mono.
    const mono = this.mono;
    mono.fill(0, 0, kept);
    mono.fill(0, kept, half / d); // the reduced transform reads half / d bins
    const scale = 1 / channels;
    for (let ch = 0; ch < channels; ch++) {
      if (!this.floorUsed[ch]) continue;
      const floor = setup.floors[mapping.submapFloor[mapping.mux[ch]]];
      applyFloor1(floor, this.floorY[ch], half, kept, this.spectra[ch], scale, mono, this.finalY, this.stepFlags);
    }
    // The reduced IMDCT, windowed, overlapped with the previous block.
    const n = size / d;
    const window = this.windowFor(n, long && !previousLong, long && !nextLong);
    if (this.simd) {
      this.overlapAdd(n, this.simd.transform(n, mono, window));
    } else {
      this.imdcts[mode.blockFlag].transform(mono, this.block, window);
      this.overlapAdd(n, this.block);
    }
    return true;
  }

  /**
   * The window of a block of `n` (reduced) points whose left or right slope is a short block's
   * (spec section 1.3.2), made once per shape.
   */
  private windowFor(n: number, leftShort: boolean, rightShort: boolean): Float64Array {
    const key = n * 4 + (leftShort ? 2 : 0) + (rightShort ? 1 : 0);
    let window = this.windows.get(key);
    if (window) return window;
    const shortSize = this.id!.blockSizes[0] / this.decimation;
    const leftStart = leftShort ? n / 4 - shortSize / 4 : 0;
    const leftLength = leftShort ? shortSize / 2 : n / 2;
    const rightStart = rightShort ? (3 * n) / 4 - shortSize / 4 : n / 2;
    const rightLength = rightShort ? shortSize / 2 : n / 2;
    const rising = risingSlope(leftLength);
    const falling = risingSlope(rightLength);
    window = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (i < leftStart || i >= rightStart + rightLength) window[i] = 0;
      else if (i < leftStart + leftLength) window[i] = rising[i - leftStart];
      else if (i < rightStart) window[i] = 1;
      else window[i] = falling[rightLength - 1 - (i - rightStart)];
    }
    this.windows.set(key, window);
    return window;
  }

  /** Output runs from the previous block's centre to this one's (none for the first block). */
  private overlapAdd(n: number, block: Float64Array | Float32Array): void {
    const carried = this.carried;
    const previous = this.previousSize;
    if (previous > 0) {
      const count = previous / 4 + n / 4;
      const offset = previous / 4 - n / 4; // this block's start, from the previous centre
      const output = this.output.reserve(count);
      const at = this.output.length;
      // [0, count) = the carried half (first previous / 2) + this block from `offset` on.
      const carriedEnd = Math.min(count, previous / 2);
      if (offset === 0 && carriedEnd === count) {
        // Blocks of one size (nearly all): one pass.
        for (let j = 0; j < count; j++) output[at + j] = carried[j] + block[j];
      } else {
        for (let j = 0; j < carriedEnd; j++) output[at + j] = carried[j];
        for (let j = carriedEnd; j < count; j++) output[at + j] = 0;
        for (let j = Math.max(0, offset); j < count; j++) output[at + j] += block[j - offset];
      }
      this.output.length = at + count;
    }
    carried.set(block.subarray(n / 2, n));
    this.previousSize = n;
  }
}
