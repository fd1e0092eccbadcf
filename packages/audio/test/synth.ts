/** Deterministic synthetic "music" for unit tests: random notes with harmonics and envelopes. */
export function synthMusic(seconds: number, seed: number, sampleRate = 8000): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let state = seed >>> 0 || 1;
  const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const noteLength = Math.round(0.15 * sampleRate);
  for (let start = 0; start < out.length; start += noteLength) {
    const voices = 2 + Math.floor(random() * 2);
    for (let v = 0; v < voices; v++) {
      const frequency = 200 * 2 ** (random() * 3.5); // 200 Hz .. 2.3 kHz
      const amplitude = 0.1 + random() * 0.2;
      for (let i = 0; i < noteLength && start + i < out.length; i++) {
        const envelope = Math.exp(-i / (noteLength * 0.5));
        const phase = (2 * Math.PI * frequency * i) / sampleRate;
        out[start + i] += amplitude * envelope * (Math.sin(phase) + 0.4 * Math.sin(2 * phase));
      }
    }
  }
  return out;
}

/** Add white noise at `snrDb` relative to the signal's power. */
export function addNoise(signal: Float32Array, snrDb: number, seed: number): Float32Array {
  let power = 0;
  for (let i = 0; i < signal.length; i++) power += signal[i] * signal[i];
  power /= signal.length;
  const noiseRms = Math.sqrt(power / 10 ** (snrDb / 10));
  let state = seed >>> 0 || 1;
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i++) {
    // sum of 4 uniforms ≈ Gaussian, variance 4/12
    let sum = 0;
    for (let k = 0; k < 4; k++) sum += (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    out[i] = signal[i] + noiseRms * sum * Math.sqrt(3);
  }
  return out;
}
