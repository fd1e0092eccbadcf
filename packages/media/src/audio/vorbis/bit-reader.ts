/** Vorbis packs bits least-significant first within each byte; this reads them so. */

/** A reader over one packet. Reading past the end yields zeros and sets {@link BitReader.overrun}. */
export class BitReader {
  /** The packet, padded with zeros (hot loops read it directly). */
  bytes: Uint8Array = new Uint8Array(0);
  private padded: Uint8Array = new Uint8Array(8);
  /** Bit position from the packet's start. */
  position = 0;
  /** The packet's length in bits. */
  lengthBits = 0;

  /** Start reading `packet` (copied into a buffer padded with zeros, so peeks never run off). */
  reset(packet: Uint8Array): void {
    if (this.padded.length < packet.length + 8) this.padded = new Uint8Array(Math.max(packet.length + 8, this.padded.length * 2));
    this.padded.set(packet);
    this.padded.fill(0, packet.length, packet.length + 8);
    this.bytes = this.padded;
    this.position = 0;
    this.lengthBits = packet.length * 8;
  }

  /** Whether a read went past the packet's end (the spec: the packet ends there). */
  get overrun(): boolean {
    return this.position > this.lengthBits;
  }

  /** The next `n` bits (0 ≤ n ≤ 24) without consuming them. */
  peek(n: number): number {
    const bytes = this.bytes;
    const at = this.position >>> 3;
    const word = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
    return ((word >>> (this.position & 7)) & ((1 << n) - 1)) >>> 0;
  }

  /** Read `n` bits (0 ≤ n ≤ 32) as an unsigned number. */
  read(n: number): number {
    if (n <= 24) {
      const value = this.peek(n);
      this.position += n;
      return value;
    }
    const low = this.read(16);
    return low + this.read(n - 16) * 65536;
  }

  skip(n: number): void {
    this.position += n;
  }
}

/** Number of bits needed to hold `x` (ilog of the spec: 0 for 0). */
export function ilog(x: number): number {
  let bits = 0;
  while (x > 0) {
    bits++;
    x = Math.floor(x / 2);
  }
  return bits;
}
