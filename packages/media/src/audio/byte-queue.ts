/** Bytes received and not yet consumed, in one growable buffer: `bytes[start..end)`. */
export class ByteQueue {
  bytes: Uint8Array;
  start = 0;
  end = 0;

  constructor(capacity: number = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Append `chunk`, moving the unconsumed bytes to the front or growing the buffer as needed (old views go stale). */
  append(chunk: Uint8Array): void {
    const pending = this.end - this.start;
    if (this.end + chunk.length <= this.bytes.length) {
      this.bytes.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    if (pending + chunk.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, pending + chunk.length));
      grown.set(this.bytes.subarray(this.start, this.end));
      this.bytes = grown;
    } else {
      this.bytes.copyWithin(0, this.start, this.end);
    }
    this.start = 0;
    this.end = pending;
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Drop everything and the buffer. */
  clear(): void {
    this.bytes = new Uint8Array(0);
    this.start = this.end = 0;
  }
}
