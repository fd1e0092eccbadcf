/** Shared by the low-band decoder tests: whole-file decoding in small chunks, SNR, and alignment. */
import { AudioResampler } from '../src/index.js';

/** The shape both low-band decoders share. */
interface LowBandDecoder {
  decode(chunk: Uint8Array): { channelData: Float32Array[]; errors: string[] };
  flush(): { channelData: Float32Array[]; errors: string[] };
  readonly sampleRate: number;
}

/** A whole file through `decoder` in 4 KiB chunks (frames and pages straddle chunk edges). */
export function decodeWhole(decoder: LowBandDecoder, bytes: Uint8Array): { pcm: Float32Array; rate: number; errors: number } {
  const parts: Float32Array[] = [];
  let errors = 0;
  for (let at = 0; at < bytes.length; at += 4096) {
    const out = decoder.decode(bytes.subarray(at, at + 4096));
    parts.push(out.channelData[0]);
    errors += out.errors.length;
  }
  const last = decoder.flush();
  parts.push(last.channelData[0]);
  errors += last.errors.length;
  const pcm = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    pcm.set(part, at);
    at += part.length;
  }
  return { pcm, rate: decoder.sampleRate, errors };
}

/** Decoded blocks (as the WASM decoders return them), joined and averaged to mono. */
export function averageChannels(...blocks: Array<{ channelData: Float32Array[]; samplesDecoded: number }>): Float32Array {
  const pcm = new Float32Array(blocks.reduce((n, block) => n + block.samplesDecoded, 0));
  let at = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.samplesDecoded; i++) {
      let sum = 0;
      for (const channel of block.channelData) sum += channel[i];
      pcm[at + i] = sum / block.channelData.length;
    }
    at += block.samplesDecoded;
  }
  return pcm;
}

/** Signal-to-error ratio in dB of `test` against `reference` over [from, to). */
export function snr(reference: Float32Array, test: Float32Array, from = 0, to: number = Math.min(reference.length, test.length)): number {
  let signal = 0;
  let error = 0;
  for (let i = from; i < to; i++) {
    signal += reference[i] * reference[i];
    error += (reference[i] - test[i]) ** 2;
  }
  return 10 * Math.log10(signal / error);
}

/** `pcm` resampled to 8 kHz. */
export const to8k = (pcm: Float32Array, rate: number): Float32Array => new AudioResampler(rate, 8000).push([pcm], true).slice();

/** `pcm` delayed by `delay` samples (windowed-sinc interpolation, 64 taps). */
export function delayed(pcm: Float32Array, delay: number): Float32Array {
  const out = new Float32Array(pcm.length);
  const whole = Math.floor(delay);
  const fraction = delay - whole;
  for (let i = 0; i < pcm.length; i++) {
    let sum = 0;
    for (let k = -32; k < 32; k++) {
      const j = i - whole - k;
      if (j < 0 || j >= pcm.length) continue;
      const x = k - fraction; // distance from pcm(i - delay) to sample j
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      sum += pcm[j] * sinc * (0.5 + 0.5 * Math.cos((Math.PI * x) / 33));
    }
    out[i] = sum;
  }
  return out;
}
