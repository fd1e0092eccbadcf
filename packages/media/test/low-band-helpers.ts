/** Shared by the low-band decoder tests: whole-file decoding in small chunks, and SNR. */

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
