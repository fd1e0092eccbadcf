/**
 * A FLAC decoder that returns the channels' average (mono), for fingerprinting. Every sample must
 * be decoded (each is predicted from the previous ones), so the gains are elsewhere: the Rice
 * residuals and the LPC restoration run in WebAssembly (flac.wat; the sum in 64-bit integers,
 * the history of order-12-or-less predictors kept in registers), and the output is one float per
 * sample instead of one per channel, which also halves the resampler's work. Supports what libFLAC
 * writes: fixed and LPC subframes, Rice and Rice2 residuals with escapes, wasted bits, the stereo
 * decorrelation modes, block sizes up to 65536, 4–32 bits per sample.
 */
import { compileWasm } from '@mediadna/core';
import { ByteQueue } from '../byte-queue.js';
import { id3v2Length } from '../id3.js';
import { MonoOutput, type MonoPcm } from '../mono-output.js';
import { FlacBitReader, OutOfData } from './bit-reader.js';
import { FLAC_WASM_BASE64 } from './flac-wasm.js';

/** What one call returns: mono samples at `sampleRate`, and the problems met (bytes that were not a frame). */
export type FlacMonoPcm = MonoPcm;

/** Thrown for a stream this decoder does not take (the caller keeps libFLAC). */
export class FlacFormatError extends Error {}

interface StreamInfo {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly maxFrameSize: number;
}

interface FlacExports {
  readonly memory: WebAssembly.Memory;
  rice(bytes: number, position: number, limit: number, out: number, count: number, param: number): number;
  lpc(out: number, residual: number, coefficients: number, order: number, shift: number, count: number): void;
  /** lpc1 … lpc12: one per order. */
  [order: `lpc${number}`]: (out: number, residual: number, coefficients: number, shift: number, count: number) => void;
}

const BLOCK_SIZES = [0, 192, 576, 1152, 2304, 4608, -8, -16, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
const SAMPLE_SIZES = [0, 8, 12, -1, 16, 20, 24, 32];
const MAX_BLOCK = 65536;

/** Reads the "fLaC" marker and metadata blocks at the start of `bytes`; null until they are all there. */
export function readFlacStreamInfo(bytes: Uint8Array): { info: StreamInfo; audioStart: number } | null {
  let at = id3v2Length(bytes);
  if (bytes.length < at + 8) return null;
  if (bytes[at] !== 0x66 || bytes[at + 1] !== 0x4c || bytes[at + 2] !== 0x61 || bytes[at + 3] !== 0x43) throw new FlacFormatError('no fLaC marker');
  at += 4;
  let info: StreamInfo | null = null;
  for (;;) {
    if (bytes.length < at + 4) return null;
    const last = (bytes[at] & 0x80) !== 0;
    const type = bytes[at] & 0x7f;
    const length = (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    if (bytes.length < at + 4 + length) return null;
    if (type === 0) {
      if (length < 34) throw new FlacFormatError('STREAMINFO too short');
      const b = bytes.subarray(at + 4);
      const maxFrameSize = (b[7] << 16) | (b[8] << 8) | b[9];
      const sampleRate = (b[10] << 12) | (b[11] << 4) | (b[12] >> 4);
      const channels = ((b[12] >> 1) & 7) + 1;
      const bitsPerSample = (((b[12] & 1) << 4) | (b[13] >> 4)) + 1;
      if (sampleRate === 0 || bitsPerSample < 4) throw new FlacFormatError('bad STREAMINFO');
      info = { sampleRate, channels, bitsPerSample, maxFrameSize };
    }
    at += 4 + length;
    if (last) break;
  }
  if (!info) throw new FlacFormatError('no STREAMINFO');
  return { info, audioStart: at };
}

let compiled: WebAssembly.Module | null | undefined;

/** Streaming FLAC-to-mono decoder: {@link decode} chunks, then {@link flush}. */
export class FlacMonoDecoder {
  private readonly queue = new ByteQueue();
  private readonly reader = new FlacBitReader();
  private readonly kernels: FlacExports | null;
  private info: StreamInfo | null = null;
  private lostSync = false;
  // Memory layout (the WASM instance's, or a plain buffer without WebAssembly): coefficients,
  // residual, channel samples, then the input bytes being decoded.
  private buffer: ArrayBuffer = new ArrayBuffer(0);
  private coefficients = new Int32Array(0);
  private residual = new Int32Array(0);
  private channels: Int32Array[] = [];
  private input = new Uint8Array(0);
  private inputAt = 0;
  private readonly output = new MonoOutput();

  /** @param options `wasm: false` keeps the JavaScript loops (the reference) */
  constructor(options: { readonly wasm?: boolean } = {}) {
    if (options.wasm !== false && compiled === undefined) compiled = compileWasm(FLAC_WASM_BASE64);
    this.kernels = options.wasm !== false && compiled ? (new WebAssembly.Instance(compiled).exports as unknown as FlacExports) : null;
  }

  /** The stream's rate (0 before its STREAMINFO). */
  get sampleRate(): number {
    return this.info?.sampleRate ?? 0;
  }

  decode(chunk: Uint8Array): FlacMonoPcm {
    this.queue.append(chunk);
    this.decodeFrames(false);
    return this.take();
  }

  flush(): FlacMonoPcm {
    this.decodeFrames(true);
    return this.take();
  }

  free(): void {
    this.queue.clear();
  }

  private take(): FlacMonoPcm {
    return this.output.take(this.sampleRate || 8000);
  }

  /** Lays out memory for the stream's channels and `inputBytes` of input. */
  private layout(inputBytes: number): void {
    const channels = this.info!.channels;
    this.inputAt = 128 + MAX_BLOCK * 4 * (1 + channels);
    const needed = this.inputAt + inputBytes + 8;
    if (this.kernels) {
      const memory = this.kernels.memory;
      if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
      this.buffer = memory.buffer;
    } else if (needed > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(needed, this.buffer.byteLength * 2));
    }
    this.coefficients = new Int32Array(this.buffer, 0, 32);
    this.residual = new Int32Array(this.buffer, 128, MAX_BLOCK);
    this.channels = Array.from({ length: channels }, (_, ch) => new Int32Array(this.buffer, 128 + MAX_BLOCK * 4 * (1 + ch), MAX_BLOCK));
    this.input = new Uint8Array(this.buffer, this.inputAt, this.buffer.byteLength - this.inputAt);
  }

  private decodeFrames(final: boolean): void {
    const queue = this.queue;
    if (!this.info) {
      const head = readFlacStreamInfo(queue.bytes.subarray(queue.start, queue.end));
      if (!head) {
        if (final) throw new FlacFormatError('metadata cut short');
        return;
      }
      this.info = head.info;
      queue.start += head.audioStart;
    }
    // No frame length in the header: a frame is decoded once the largest frame the stream declares
    // is buffered (or at the end); one running past the bytes buffered waits for more.
    const margin = this.info.maxFrameSize > 0 ? this.info.maxFrameSize + 16 : 1 << 18;
    const pending = queue.end - queue.start;
    if (pending < (final ? 2 : margin)) return;
    this.layout(pending);
    this.input.set(queue.bytes.subarray(queue.start, queue.end));
    this.input.fill(0, pending, pending + 8);
    let at = 0;
    while (pending - at >= (final ? 2 : margin)) {
      const b = this.input;
      if (b[at] !== 0xff || (b[at + 1] & 0xfe) !== 0xf8) {
        if (!this.lostSync) this.output.errors.push('bytes that are not a FLAC frame');
        this.lostSync = true;
        at++;
        continue;
      }
      this.reader.reset(b, at, pending);
      let decoded = false;
      try {
        decoded = this.frame();
      } catch (error) {
        if (!(error instanceof OutOfData)) throw error;
        if (!final && pending - at < margin * 2) break; // wait for more bytes
      }
      if (!decoded) {
        if (!this.lostSync) this.output.errors.push('a damaged FLAC frame');
        this.lostSync = true;
        at++;
        continue;
      }
      this.lostSync = false;
      at = this.reader.position >>> 3;
    }
    queue.start += final ? pending : at;
  }

  /** Decodes the frame at the reader's position into the output; false when it is not a valid frame. */
  private frame(): boolean {
    const info = this.info!;
    const r = this.reader;
    r.read(16); // sync and blocking strategy
    const blockCode = r.read(4);
    const rateCode = r.read(4);
    const assignment = r.read(4);
    const sizeCode = r.read(3);
    if (r.read(1) !== 0 || assignment > 10 || rateCode === 15 || SAMPLE_SIZES[sizeCode] < 0 || blockCode === 0) return false;
    // The frame or sample number, UTF-8 style: only its length matters here.
    const first = r.read(8);
    let extra = 0;
    for (let mask = 0x80; first & mask && mask > 1; mask >>= 1) extra++;
    if (extra === 1 || extra > 7) return false;
    for (let i = 1; i < extra; i++) if (r.read(8) >> 6 !== 2) return false;
    let blockSize = BLOCK_SIZES[blockCode];
    if (blockSize === -8) blockSize = r.read(8) + 1;
    else if (blockSize === -16) blockSize = r.read(16) + 1;
    if (rateCode === 12) r.read(8);
    else if (rateCode === 13 || rateCode === 14) r.read(16);
    r.read(8); // CRC-8 (not checked: damage shows as a failed decode and a resync)
    const bits = SAMPLE_SIZES[sizeCode] || info.bitsPerSample;
    const channelCount = assignment < 8 ? assignment + 1 : 2;
    if (channelCount !== info.channels) return false;
    for (let ch = 0; ch < channelCount; ch++) {
      const side = (assignment === 8 && ch === 1) || (assignment === 9 && ch === 0) || (assignment === 10 && ch === 1);
      if (!this.subframe(ch, blockSize, bits + (side ? 1 : 0))) return false;
    }
    r.alignToByte();
    r.read(16); // CRC-16
    this.emit(blockSize, channelCount, assignment, bits);
    return true;
  }

  private subframe(ch: number, blockSize: number, bits: number): boolean {
    const r = this.reader;
    const out = this.channels[ch];
    if (r.read(1) !== 0) return false;
    const type = r.read(6);
    let wasted = 0;
    if (r.read(1) === 1) wasted = r.readUnary() + 1;
    const sampleBits = bits - wasted;
    if (sampleBits < 1 || sampleBits > 32) return false;
    if (type === 0) {
      out.fill(r.readSigned(sampleBits), 0, blockSize);
    } else if (type === 1) {
      for (let i = 0; i < blockSize; i++) out[i] = r.readSigned(sampleBits);
    } else if (type >= 8 && type <= 12) {
      const order = type - 8;
      if (order > blockSize) return false;
      for (let i = 0; i < order; i++) out[i] = r.readSigned(sampleBits);
      if (!this.residuals(blockSize, order)) return false;
      restoreFixed(out, this.residual, order, blockSize);
    } else if (type >= 32) {
      const order = type - 31;
      if (order > blockSize) return false;
      for (let i = 0; i < order; i++) out[i] = r.readSigned(sampleBits);
      const precision = r.read(4) + 1;
      if (precision === 16) return false;
      const shift = r.readSigned(5);
      if (shift < 0) return false;
      const coefficients = this.coefficients;
      coefficients.fill(0);
      for (let i = 0; i < order; i++) coefficients[i] = r.readSigned(precision);
      if (!this.residuals(blockSize, order)) return false;
      this.restoreLpc(ch, order, shift, blockSize);
    } else {
      return false;
    }
    if (wasted > 0) for (let i = 0; i < blockSize; i++) out[i] *= 2 ** wasted;
    return true;
  }

  /** Reads the residual of a subframe into `this.residual[order..blockSize)`. */
  private residuals(blockSize: number, order: number): boolean {
    const r = this.reader;
    const method = r.read(2);
    if (method > 1) return false;
    const paramBits = method === 0 ? 4 : 5;
    const escape = method === 0 ? 15 : 31;
    const partitionOrder = r.read(4);
    const partitions = 1 << partitionOrder;
    const perPartition = blockSize >> partitionOrder;
    if (perPartition << partitionOrder !== blockSize || perPartition < order) return false;
    let at = order;
    for (let p = 0; p < partitions; p++) {
      const count = p === 0 ? perPartition - order : perPartition;
      const param = r.read(paramBits);
      if (param === escape) {
        const raw = r.read(5);
        for (let i = 0; i < count; i++) this.residual[at + i] = raw === 0 ? 0 : r.readSigned(raw);
      } else if (this.kernels) {
        const base = this.inputAt;
        const position = this.kernels.rice(base, r.position, r.limit, 128 + at * 4, count, param);
        if (position === -1) throw new OutOfData();
        if (position === -2) r.readRice(this.residual, at, count, param); // a quotient too big for 32 bits
        else r.position = position;
      } else {
        r.readRice(this.residual, at, count, param);
      }
      at += count;
    }
    return true;
  }

  private restoreLpc(ch: number, order: number, shift: number, blockSize: number): void {
    if (this.kernels) {
      const outAt = 128 + MAX_BLOCK * 4 * (1 + ch);
      if (order <= 12) this.kernels[`lpc${order}`](outAt, 128, 0, shift, blockSize);
      else this.kernels.lpc(outAt, 128, 0, order, shift, blockSize);
      return;
    }
    // The reference: exact in doubles (products below 2^53), floor = arithmetic shift.
    const out = this.channels[ch];
    const residual = this.residual;
    const coefficients = this.coefficients;
    const scale = 2 ** -shift;
    for (let i = order; i < blockSize; i++) {
      let sum = 0;
      for (let j = 0; j < order; j++) sum += coefficients[j] * out[i - 1 - j];
      out[i] = residual[i] + Math.floor(sum * scale);
    }
  }

  /** Undoes the stereo decorrelation and appends the channels' average, scaled to [-1, 1). */
  private emit(blockSize: number, channelCount: number, assignment: number, bits: number): void {
    const out = this.output.reserve(blockSize);
    const at = this.output.length;
    const scale = 1 / 2 ** (bits - 1) / channelCount;
    const a = this.channels[0];
    if (channelCount === 2) {
      const b = this.channels[1];
      // left + right from each coded pair.
      if (assignment === 8) for (let i = 0; i < blockSize; i++) out[at + i] = (2 * a[i] - b[i]) * scale; // left, side
      else if (assignment === 9) for (let i = 0; i < blockSize; i++) out[at + i] = (a[i] + 2 * b[i]) * scale; // side, right
      else if (assignment === 10) for (let i = 0; i < blockSize; i++) out[at + i] = (a[i] * 2 + (b[i] & 1)) * scale; // mid (its low bit is the side's)
      else for (let i = 0; i < blockSize; i++) out[at + i] = (a[i] + b[i]) * scale;
    } else {
      for (let i = 0; i < blockSize; i++) {
        let sum = 0;
        for (let ch = 0; ch < channelCount; ch++) sum += this.channels[ch][i];
        out[at + i] = sum * scale;
      }
    }
    this.output.length += blockSize;
  }
}

/** The fixed predictors of orders 0–4. */
function restoreFixed(out: Int32Array, residual: Int32Array, order: number, blockSize: number): void {
  switch (order) {
    case 0:
      for (let i = 0; i < blockSize; i++) out[i] = residual[i];
      break;
    case 1:
      for (let i = 1; i < blockSize; i++) out[i] = residual[i] + out[i - 1];
      break;
    case 2:
      for (let i = 2; i < blockSize; i++) out[i] = residual[i] + 2 * out[i - 1] - out[i - 2];
      break;
    case 3:
      for (let i = 3; i < blockSize; i++) out[i] = residual[i] + 3 * out[i - 1] - 3 * out[i - 2] + out[i - 3];
      break;
    default:
      for (let i = 4; i < blockSize; i++) out[i] = residual[i] + 4 * out[i - 1] - 6 * out[i - 2] + 4 * out[i - 3] - out[i - 4];
  }
}
