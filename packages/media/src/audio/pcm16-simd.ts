/**
 * 16-bit PCM (mono or stereo, little-endian) to mono float32 in WebAssembly SIMD (source:
 * pcm16.wat): the WAV path's conversion and downmix, about 3x the JavaScript loop. Null where
 * WebAssembly SIMD is unavailable; wav.ts then keeps its loop.
 */
import { lazyWasm } from '@mediadna/core';
import { PCM16_WASM_BASE64 } from './pcm16-wasm.js';

interface Pcm16Exports {
  readonly memory: WebAssembly.Memory;
  stereo(input: number, out: number, frames: number): void;
  mono(input: number, out: number, frames: number): void;
}

/** One thread's instance: input bytes at 0, floats after them. */
export class Pcm16ToMono {
  private readonly exports: Pcm16Exports;

  constructor(exports: Pcm16Exports) {
    this.exports = exports;
  }

  /** Write the mono average of `frames` interleaved 16-bit frames of `channels` (1 or 2) into `out`. */
  convert(bytes: Uint8Array, frames: number, channels: 1 | 2, out: Float32Array): void {
    const steps = Math.ceil(frames / 8); // 8 frames covers both kernels' step
    const inBytes = steps * 8 * 2 * channels;
    const outAt = inBytes;
    const needed = outAt + steps * 8 * 4;
    const memory = this.exports.memory;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
    const length = frames * 2 * channels;
    const buffer = memory.buffer;
    new Uint8Array(buffer, 0, length).set(bytes.subarray(0, length));
    new Uint8Array(buffer, length, inBytes - length).fill(0);
    if (channels === 2) this.exports.stereo(0, outAt, frames);
    else this.exports.mono(0, outAt, frames);
    out.set(new Float32Array(memory.buffer, outAt, frames));
  }
}

/** This thread's converter, or null where WebAssembly SIMD is unavailable. */
export const pcm16ToMono: () => Pcm16ToMono | null = lazyWasm(PCM16_WASM_BASE64, (exports) => new Pcm16ToMono(exports as unknown as Pcm16Exports));
