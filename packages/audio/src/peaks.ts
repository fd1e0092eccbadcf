/**
 * Peak stage ("constellation"): spectrogram cells (power) that are the maximum of their neighbourhood
 * (± `peakRadiusBins` x ± `peakRadiusFrames`) and above the silence floor, thinned to the target
 * density by rank: a candidate is kept when fewer than `peaksPerSecond x window` candidates in the
 * ± `densityRadiusFrames` window around it are more prominent. Prominence = power / mean power of
 * the ±16 bins around it, so loud bass does not crowd out the rest of the band. Rank in a sliding window (not per
 * fixed block) keeps the choice the same whatever the excerpt's start.
 */
import type { AudioConfig } from './config.js';
import { SimdPeakRows } from './peaks-simd.js';

/** Half-width in bins of the local mean that prominence is measured against. */
const PROMINENCE_RADIUS_BINS = 16;

/**
 * Sliding maximum over ± `radius` (van Herk / Gil-Werman: 3 comparisons per value whatever
 * the radius). `scratch` needs {@link maxFilterScratchLength} entries.
 */
export function maxFilter(input: Float32Array, output: Float32Array, length: number, radius: number, scratch: Float32Array): void {
  const width = 2 * radius + 1;
  const padded = Math.ceil((length + 2 * radius) / width) * width;
  // Padded index p holds input[p - radius] for radius <= p < radius + length, else -Infinity
  // (padding never raises a running max, so it is skipped rather than copied).
  // scratch = [ forward running max | backward running max ], each `padded` long.
  const backwardOffset = padded;
  const inputEnd = radius + length;
  for (let blockStart = 0; blockStart < padded; blockStart += width) {
    const blockEnd = blockStart + width;
    const low = blockStart > radius ? blockStart : radius;
    const high = blockEnd < inputEnd ? blockEnd : inputEnd;
    let running = -Infinity;
    let p = blockStart;
    for (; p < low; p++) scratch[p] = running;
    for (; p < high; p++) {
      const value = input[p - radius];
      if (value > running) running = value;
      scratch[p] = running;
    }
    for (; p < blockEnd; p++) scratch[p] = running;
    running = -Infinity;
    p = blockEnd - 1;
    for (; p >= high; p--) scratch[backwardOffset + p] = running;
    for (; p >= low; p--) {
      const value = input[p - radius];
      if (value > running) running = value;
      scratch[backwardOffset + p] = running;
    }
    for (; p >= blockStart; p--) scratch[backwardOffset + p] = running;
  }
  // output[j] = max(input[j - radius .. j + radius]) = max over padded [j, j + width - 1]
  const last = width - 1;
  for (let j = 0; j < length; j++) {
    const back = scratch[backwardOffset + j];
    const front = scratch[j + last];
    output[j] = back > front ? back : front;
  }
}

/**
 * {@link maxFilter} on the bit patterns of float32 values that are all non-negative and not NaN
 * (as int32 these order exactly like the values; spectrum rows are powers clamped at a positive
 * floor), with branch-free integer maxima: the same output bits as {@link maxFilter} on the
 * Float32Array views, without its mispredicted branches on real spectra.
 * `scratch` needs {@link maxFilterScratchLength} entries.
 */
export function maxFilterBits(input: Int32Array, output: Int32Array, length: number, radius: number, scratch: Int32Array): void {
  const width = 2 * radius + 1;
  const padded = Math.ceil((length + 2 * radius) / width) * width;
  // As in maxFilter; padding is -1, below every non-negative pattern. max(a, b) = a - (d & (d >> 31))
  // with d = a - b, which cannot overflow for values in -1 .. 0x7f800000 (+Infinity).
  const backwardOffset = padded;
  const inputEnd = radius + length;
  for (let blockStart = 0; blockStart < padded; blockStart += width) {
    const blockEnd = blockStart + width;
    const low = blockStart > radius ? blockStart : radius;
    const high = blockEnd < inputEnd ? blockEnd : inputEnd;
    let running = -1;
    let p = blockStart;
    for (; p < low; p++) scratch[p] = running;
    for (; p < high; p++) {
      const d = (input[p - radius] - running) | 0;
      running = (running + (d & ~(d >> 31))) | 0;
      scratch[p] = running;
    }
    for (; p < blockEnd; p++) scratch[p] = running;
    running = -1;
    p = blockEnd - 1;
    for (; p >= high; p--) scratch[backwardOffset + p] = running;
    for (; p >= low; p--) {
      const d = (input[p - radius] - running) | 0;
      running = (running + (d & ~(d >> 31))) | 0;
      scratch[backwardOffset + p] = running;
    }
    for (; p >= blockStart; p--) scratch[backwardOffset + p] = running;
  }
  const last = width - 1;
  for (let j = 0; j < length; j++) {
    const back = scratch[backwardOffset + j];
    const d = (scratch[j + last] - back) | 0;
    output[j] = (back + (d & ~(d >> 31))) | 0;
  }
}

/** Naive reference of {@link maxFilter}. */
export function maxFilterNaive(input: Float32Array, output: Float32Array, length: number, radius: number): void {
  for (let j = 0; j < length; j++) {
    let best = -Infinity;
    for (let k = Math.max(0, j - radius); k <= Math.min(length - 1, j + radius); k++) if (input[k] > best) best = input[k];
    output[j] = best;
  }
}

/** Scratch size {@link maxFilter} needs. */
export function maxFilterScratchLength(length: number, radius: number): number {
  const width = 2 * radius + 1;
  return 2 * Math.ceil((length + 2 * radius) / width) * width;
}

/**
 * Streaming peak picker. Feed spectrum rows in order with {@link pushRow}; call {@link finish}
 * after the last. Kept peaks accumulate in time order in {@link frames} / {@link bins}
 * (bins are absolute FFT bins).
 */
export class PeakPicker {
  /** Kept peaks' frame numbers, time order; first {@link count} entries are valid. */
  frames: Uint32Array = new Uint32Array(1024);
  /** Kept peaks' absolute FFT bins. */
  bins: Uint16Array = new Uint16Array(1024);
  /** Number of kept peaks. */
  count = 0;

  private readonly binCount: number;
  private readonly minBin: number;
  private readonly radiusBins: number;
  private readonly radiusFrames: number;
  private readonly densityRadius: number;
  private readonly keepPerWindow: number;
  private readonly floor: number;
  /** Ring of the last 2R+1 rows and their frequency maxima; index = frame % ringSize. */
  private readonly rows: Float32Array[];
  private readonly maxRows: Float32Array[];
  /** All of {@link maxRows} back to back (`maxRows[i]` is a view of row i). */
  private readonly maxAll: Float32Array;
  /** Per evaluated frame: offsets in {@link maxAll} of the earlier / later neighbour rows. */
  private readonly earlierOffsets: Int32Array;
  private readonly laterOffsets: Int32Array;
  private readonly ringSize: number;
  private readonly scratch: Int32Array;
  /** Int32 views of {@link rows} and {@link maxRows} for {@link maxFilterBits}. */
  private readonly rowBits: Int32Array[];
  private readonly maxRowBits: Int32Array[];
  private readonly prefix: Float64Array;
  private rowsPushed = 0;
  private framesEvaluated = 0;
  // candidate queue (time order)
  private candidateFrames: Int32Array = new Int32Array(1024);
  private candidateBins: Int32Array = new Int32Array(1024);
  private candidateScores: Float32Array = new Float32Array(1024);
  private candidateHead = 0;
  private candidateTail = 0;
  /** First candidate not yet kept or dropped. */
  private firstUndecided = 0;

  /** The WebAssembly SIMD loops and their ring of rows (null: the JavaScript loops below). */
  private readonly simd: SimdPeakRows | null;
  private readonly earlierSlots: Int32Array;
  private readonly laterSlots: Int32Array;

  /**
   * `options.simd`: run the per-frame loops in WebAssembly SIMD where available (default true;
   * the same peaks, bit for bit, as the JavaScript loops).
   */
  constructor(config: AudioConfig, floorPower: number, options: { readonly simd?: boolean } = {}) {
    this.binCount = config.maxBin - config.minBin;
    this.minBin = config.minBin;
    this.radiusBins = config.peakRadiusBins;
    this.radiusFrames = config.peakRadiusFrames;
    this.densityRadius = config.densityRadiusFrames;
    const windowSeconds = ((2 * config.densityRadiusFrames + 1) * config.hopSize) / config.sampleRate;
    this.keepPerWindow = Math.max(1, Math.round(config.peaksPerSecond * windowSeconds));
    this.floor = floorPower;
    this.ringSize = 2 * config.peakRadiusFrames + 1;
    this.simd = options.simd === false ? null : SimdPeakRows.create(this.ringSize, this.binCount, this.radiusBins, floorPower);
    this.earlierSlots = new Int32Array(this.ringSize);
    this.laterSlots = new Int32Array(this.ringSize);
    this.rows = [];
    this.maxRows = [];
    this.maxAll = new Float32Array(this.simd ? 0 : this.ringSize * this.binCount);
    for (let i = 0; i < this.ringSize; i++) {
      this.rows.push(this.simd ? this.simd.rows[i] : new Float32Array(this.binCount));
      this.maxRows.push(this.maxAll.subarray(i * this.binCount, (i + 1) * this.binCount));
    }
    this.earlierOffsets = new Int32Array(this.ringSize);
    this.laterOffsets = new Int32Array(this.ringSize);
    this.rowBits = this.rows.map((row) => new Int32Array(row.buffer, row.byteOffset, row.length));
    this.maxRowBits = this.maxRows.map((row) => new Int32Array(row.buffer, row.byteOffset, row.length));
    this.scratch = new Int32Array(maxFilterScratchLength(this.binCount, this.radiusBins));
    this.prefix = new Float64Array(this.binCount + 1);
  }

  /** The row the next {@link pushRow} reads: fill it, then call pushRow. */
  nextRow(): Float32Array {
    return this.rows[this.rowsPushed % this.ringSize];
  }

  /** Take the row returned by {@link nextRow} as the next frame. */
  pushRow(): void {
    const slot = this.rowsPushed % this.ringSize;
    // rows hold powers clamped at the positive floor (never NaN or negative): bit order = value order
    if (this.simd) this.simd.maxFilter(slot);
    else maxFilterBits(this.rowBits[slot], this.maxRowBits[slot], this.binCount, this.radiusBins, this.scratch);
    this.rowsPushed++;
    // A frame is decided once radiusFrames later frames are known.
    while (this.framesEvaluated + this.radiusFrames < this.rowsPushed) this.evaluateFrame(this.framesEvaluated++);
    this.decideDensity(this.framesEvaluated - 1 - this.densityRadius);
  }

  /** Decide the remaining frames and candidates at the end of the stream. */
  finish(): void {
    while (this.framesEvaluated < this.rowsPushed) this.evaluateFrame(this.framesEvaluated++);
    this.decideDensity(Number.MAX_SAFE_INTEGER);
  }

  private evaluateFrame(frame: number): void {
    if (this.simd) {
      this.evaluateFrameSimd(frame, this.simd);
      return;
    }
    const ring = this.ringSize;
    const row = this.rows[frame % ring];
    const maxRow = this.maxRows[frame % ring];
    const binCount = this.binCount;
    const floor = this.floor;
    const radiusFrames = this.radiusFrames;
    const first = Math.max(0, frame - radiusFrames);
    const last = Math.min(this.rowsPushed - 1, frame + radiusFrames);
    // A later frame's equal maximum disqualifies nobody; an earlier one's does (ties go to the first).
    const earlierOffsets = this.earlierOffsets;
    const laterOffsets = this.laterOffsets;
    let earlierCount = 0;
    let laterCount = 0;
    for (let t = first; t < frame; t++) earlierOffsets[earlierCount++] = (t % ring) * binCount;
    for (let t = frame + 1; t <= last; t++) laterOffsets[laterCount++] = (t % ring) * binCount;
    const maxAll = this.maxAll;
    let prefixReady = false;
    for (let b = 0; b < binCount; b++) {
      const value = row[b];
      if (value <= floor || value !== maxRow[b]) continue;
      if (b > 0 && row[b - 1] === value) continue; // plateau: keep its lowest bin only
      let isPeak = true;
      for (let k = 0; k < earlierCount; k++) {
        if (maxAll[earlierOffsets[k] + b] >= value) {
          isPeak = false;
          break;
        }
      }
      if (!isPeak) continue;
      for (let k = 0; k < laterCount; k++) {
        if (maxAll[laterOffsets[k] + b] > value) {
          isPeak = false;
          break;
        }
      }
      if (!isPeak) continue;
      if (!prefixReady) {
        this.fillPrefix(row);
        prefixReady = true;
      }
      this.addPeak(frame, b, value);
    }
  }

  /** {@link evaluateFrame} with the WebAssembly SIMD test: the same candidates in the same order. */
  private evaluateFrameSimd(frame: number, simd: SimdPeakRows): void {
    const ring = this.ringSize;
    const first = Math.max(0, frame - this.radiusFrames);
    const last = Math.min(this.rowsPushed - 1, frame + this.radiusFrames);
    let earlierCount = 0;
    let laterCount = 0;
    for (let t = first; t < frame; t++) this.earlierSlots[earlierCount++] = t % ring;
    for (let t = frame + 1; t <= last; t++) this.laterSlots[laterCount++] = t % ring;
    const peaks = simd.findPeaks(frame % ring, this.earlierSlots, earlierCount, this.laterSlots, laterCount);
    if (peaks.length === 0) return;
    const row = this.rows[frame % ring];
    this.fillPrefix(row);
    for (let i = 0; i < peaks.length; i++) this.addPeak(frame, peaks[i], row[peaks[i]]);
  }

  /** Running sums of `row`, for the prominence means. */
  private fillPrefix(row: Float32Array): void {
    const prefix = this.prefix;
    prefix[0] = 0;
    for (let i = 0; i < this.binCount; i++) prefix[i + 1] = prefix[i] + row[i];
  }

  /** A local maximum at bin `b` (from minBin) becomes a candidate, scored by its prominence: power over the mean of the ± 16 bins around. */
  private addPeak(frame: number, b: number, value: number): void {
    const low = Math.max(0, b - PROMINENCE_RADIUS_BINS);
    const high = Math.min(this.binCount, b + PROMINENCE_RADIUS_BINS + 1);
    const mean = (this.prefix[high] - this.prefix[low]) / (high - low);
    this.addCandidate(frame, b + this.minBin, value / mean);
  }

  private addCandidate(frame: number, bin: number, score: number): void {
    if (this.candidateTail === this.candidateFrames.length) {
      // compact, then grow if still full
      const live = this.candidateTail - this.candidateHead;
      const capacity = live * 2 > this.candidateFrames.length ? this.candidateFrames.length * 2 : this.candidateFrames.length;
      const frames = new Int32Array(capacity);
      const bins = new Int32Array(capacity);
      const scores = new Float32Array(capacity);
      frames.set(this.candidateFrames.subarray(this.candidateHead, this.candidateTail));
      bins.set(this.candidateBins.subarray(this.candidateHead, this.candidateTail));
      scores.set(this.candidateScores.subarray(this.candidateHead, this.candidateTail));
      this.candidateFrames = frames;
      this.candidateBins = bins;
      this.candidateScores = scores;
      this.firstUndecided -= this.candidateHead;
      this.candidateTail = live;
      this.candidateHead = 0;
    }
    const i = this.candidateTail++;
    this.candidateFrames[i] = frame;
    this.candidateBins[i] = bin;
    this.candidateScores[i] = score;
  }

  /** Decide every undecided candidate at or before frame `upTo` by its rank in its window. */
  private decideDensity(upTo: number): void {
    const frames = this.candidateFrames;
    const scores = this.candidateScores;
    const radius = this.densityRadius;
    const keep = this.keepPerWindow;
    const tail = this.candidateTail;
    let windowStart = this.candidateHead;
    // Candidates before `candidateHead` were decided already but may still sit in windows;
    // they are kept in the queue until they are older than any undecided window.
    let i = this.firstUndecided;
    while (i < tail && frames[i] <= upTo) {
      const frame = frames[i];
      const score = scores[i];
      while (frames[windowStart] < frame - radius) windowStart++;
      let stronger = 0;
      for (let j = windowStart; j < tail && frames[j] <= frame + radius; j++) {
        const other = scores[j];
        if (other > score || (other === score && j < i)) {
          if (++stronger >= keep) break;
        }
      }
      if (stronger < keep) this.emit(frame, this.candidateBins[i]);
      i++;
    }
    this.firstUndecided = i;
    // Drop candidates no future window can reach.
    const oldestNeeded = i < tail ? frames[i] - radius : Number.MAX_SAFE_INTEGER;
    while (this.candidateHead < i && frames[this.candidateHead] < oldestNeeded) this.candidateHead++;
    if (this.firstUndecided < this.candidateHead) this.firstUndecided = this.candidateHead;
  }

  private emit(frame: number, bin: number): void {
    if (this.count === this.frames.length) {
      const frames = new Uint32Array(this.frames.length * 2);
      frames.set(this.frames);
      this.frames = frames;
      const bins = new Uint16Array(this.bins.length * 2);
      bins.set(this.bins);
      this.bins = bins;
    }
    this.frames[this.count] = frame;
    this.bins[this.count] = bin;
    this.count++;
  }
}
