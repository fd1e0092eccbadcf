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

  /** Samples handed out so far. */
  released = 0;

  /** The samples and problems collected since the last call. */
  take(sampleRate: number): MonoPcm {
    return this.takeHolding(sampleRate, 0);
  }

  /** {@link take}, keeping the last `hold` samples back (so the stream's end can still be trimmed). */
  takeHolding(sampleRate: number, hold: number): MonoPcm {
    const give = Math.max(0, this.length - hold);
    const samples = this.samples.slice(0, give);
    this.samples.copyWithin(0, give, this.length);
    this.length -= give;
    this.released += give;
    const errors = this.errors;
    this.errors = [];
    return { channelData: [samples], samplesDecoded: give, sampleRate, errors };
  }

  /** Drops what lies past sample `total` of the stream (its length, from the container) before the last take. */
  trimTo(total: number): void {
    this.length = Math.max(0, Math.min(this.length, total - this.released));
  }
}
