/**
 * Ogg pages to packets (RFC 3533), streaming: bytes in, whole packets of the first logical stream
 * out. Packets spanning pages are joined; pages of other streams are ignored; bytes that are not a
 * page are skipped to the next capture pattern and counted.
 */

/** A packet and whether it completed the stream's last page. */
export interface OggPacket {
  readonly data: Uint8Array;
}

export class OggPacketReader {
  private buffer = new Uint8Array(1 << 16);
  private start = 0;
  private end = 0;
  private serial = -1;
  private partial: Uint8Array[] = [];
  private partialLength = 0;
  /** Runs of bytes skipped because they were not an Ogg page. */
  skippedRuns = 0;

  /**
   * Append bytes; returns the packets completed by them. Packets inside one page are views of the
   * reader's buffer, valid until the next call.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    const packets: Uint8Array[] = [];
    let skipping = false;
    while (this.end - this.start >= 27) {
      const b = this.buffer;
      const at = this.start;
      if (b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53 || b[at + 4] !== 0) {
        if (!skipping) this.skippedRuns++;
        skipping = true;
        this.start++;
        continue;
      }
      const segments = b[at + 26];
      if (this.end - at < 27 + segments) break;
      let bodyLength = 0;
      for (let s = 0; s < segments; s++) bodyLength += b[at + 27 + s];
      if (this.end - at < 27 + segments + bodyLength) break;
      skipping = false;
      const serial = (b[at + 14] | (b[at + 15] << 8) | (b[at + 16] << 16) | (b[at + 17] << 24)) >>> 0;
      if (this.serial < 0) this.serial = serial;
      if (serial === this.serial) {
        const continued = (b[at + 5] & 1) !== 0;
        if (!continued) this.dropPartial();
        let offset = at + 27 + segments;
        let runStart = offset;
        for (let s = 0; s < segments; s++) {
          const lace = b[at + 27 + s];
          offset += lace;
          if (lace < 255) {
            if (this.partial.length === 0) packets.push(b.subarray(runStart, offset));
            else {
              this.partial.push(b.slice(runStart, offset));
              this.partialLength += offset - runStart;
              packets.push(this.takePartial());
            }
            runStart = offset;
          }
        }
        if (runStart < offset) {
          this.partial.push(b.slice(runStart, offset));
          this.partialLength += offset - runStart;
        }
      }
      this.start = at + 27 + segments + bodyLength;
    }
    return packets;
  }

  private dropPartial(): void {
    this.partial = [];
    this.partialLength = 0;
  }

  private takePartial(): Uint8Array {
    let packet: Uint8Array;
    if (this.partial.length === 1) packet = this.partial[0];
    else {
      packet = new Uint8Array(this.partialLength);
      let at = 0;
      for (const part of this.partial) {
        packet.set(part, at);
        at += part.length;
      }
    }
    this.dropPartial();
    return packet;
  }

  private append(chunk: Uint8Array): void {
    const pending = this.end - this.start;
    if (pending + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, pending + chunk.length));
      grown.set(this.buffer.subarray(this.start, this.end));
      this.buffer = grown;
    } else {
      this.buffer.copyWithin(0, this.start, this.end);
    }
    this.start = 0;
    this.end = pending;
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }
}
