/** The mono samples and problems a TypeScript decoder collects between two calls. */

/** What each call of those decoders returns (the shape of the WASM decoders' results). */
export interface MonoPcm {
  readonly channelData: Float32Array[];
  readonly samplesDecoded: number;
  readonly sampleRate: number;
  /** One entry per problem met (bytes that were not a frame, packets that did not decode). */
  readonly errors: string[];
}

/** A growable buffer of samples, handed out (as a fresh copy) by {@link take}. */
export class MonoOutput {
  samples: Float32Array = new Float32Array(1 << 15);
  length = 0;
  errors: string[] = [];

  /** Room for `extra` more samples; returns the (possibly new) array to write at `length`. */
  reserve(extra: number): Float32Array {
    if (this.length + extra > this.samples.length) {
      const grown = new Float32Array(Math.max(this.samples.length * 2, this.length + extra));
      grown.set(this.samples.subarray(0, this.length));
      this.samples = grown;
    }
    return this.samples;
  }

  /** The samples and problems collected since the last call. */
  take(sampleRate: number): MonoPcm {
    const samples = this.samples.slice(0, this.length);
    const errors = this.errors;
    this.length = 0;
    this.errors = [];
    return { channelData: [samples], samplesDecoded: samples.length, sampleRate, errors };
  }
}
