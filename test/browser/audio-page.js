// Runs inside headless Chromium (served by server.ts): resample and fingerprint PCM with the
// WebAssembly SIMD kernels, as an app in a browser would, and with the JavaScript loops.
import { defaultAudioConfig, hashAudio } from '@mediadna/audio';
import { compileWasm } from '@mediadna/core';
import { AudioResampler } from '/repo/packages/media/dist/audio/resample.js';
import { FIR_WASM_BASE64 } from '/repo/packages/media/dist/audio/fir-wasm.js';
import { SPECTRUM_WASM_BASE64 } from '/repo/packages/audio/dist/spectrum-wasm.js';

/** Peaks of `channels` (arrays of samples at `rate`) resampled to 8 kHz, with and without SIMD. */
export function fingerprintAudio(channels, rate) {
  const input = channels.map((channel) => Float32Array.from(channel));
  const result = { simdKernels: compileWasm(FIR_WASM_BASE64) !== null && compileWasm(SPECTRUM_WASM_BASE64) !== null, userAgent: navigator.userAgent };
  for (const simd of [true, false]) {
    const pcm = new AudioResampler(rate, 8000, { simd }).push(input, true);
    const fingerprint = hashAudio(pcm, defaultAudioConfig, { simd });
    result[simd ? 'simd' : 'scalar'] = { frameCount: fingerprint.frameCount, frames: Array.from(fingerprint.peakFrames), bins: Array.from(fingerprint.peakBins), samples: pcm.length };
  }
  return result;
}
