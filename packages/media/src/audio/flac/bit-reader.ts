/** FLAC reads bits most-significant first. */

/** Thrown when a read passes the bytes available (the caller waits for more, or the file ends). */
export class OutOfData extends Error {}

export class FlacBitReader {
  bytes: Uint8Array = new Uint8Array(0);
  /** Bit position. */
  position = 0;
  /** Bits readable. */
  limit = 0;

  reset(bytes: Uint8Array, startByte: number, endByte: number): void {
    this.bytes = bytes;
    this.position = startByte * 8;
    this.limit = endByte * 8;
  }

  /** 32 bits from `position` (zeros past the end of the array). */
  peek32(): number {
    const b = this.bytes;
    const at = this.position >>> 3;
    const shift = this.position & 7;
    const word = ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
    return shift === 0 ? word : ((word << shift) | ((b[at + 4] | 0) >>> (8 - shift))) >>> 0;
  }

  /** `n` bits (0..32) as an unsigned number. */
  read(n: number): number {
    if (n === 0) return 0;
    const value = this.peek32() >>> (32 - n);
    this.position += n;
    if (this.position > this.limit) throw new OutOfData();
    return value;
  }

  /** `n` bits (1..32) as a two's-complement signed number. */
  readSigned(n: number): number {
    const value = this.read(n);
    return n === 32 ? value | 0 : value >= 2 ** (n - 1) ? value - 2 ** n : value;
  }

  /** A unary count: zeros before the next one bit. */
  readUnary(): number {
    let count = 0;
    for (;;) {
      const word = this.peek32();
      if (word !== 0) {
        const zeros = Math.clz32(word);
        this.position += zeros + 1;
        if (this.position > this.limit) throw new OutOfData();
        return count + zeros;
      }
      count += 32;
      this.position += 32;
      if (this.position > this.limit) throw new OutOfData();
    }
  }

  alignToByte(): void {
    this.position = (this.position + 7) & ~7;
  }

  /** `count` Rice-coded residuals with parameter `param` into `out` from `at`. */
  readRice(out: Int32Array, at: number, count: number, param: number): void {
    for (let i = 0; i < count; i++) {
      const quotient = this.readUnary();
      const folded = quotient * 2 ** param + this.read(param);
      const value = folded % 2 === 0 ? folded / 2 : -(folded + 1) / 2;
      out[at + i] = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, value));
    }
  }
}
