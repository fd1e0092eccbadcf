/**
 * Ogg pages to packets (RFC 3533), streaming: bytes in, whole packets of the first logical stream
 * out. Packets spanning pages are joined; pages of other streams are ignored; bytes that are not a
 * page are skipped to the next capture pattern and counted.
 */
import { ByteQueue } from './byte-queue.js';

/** A packet and whether it completed the stream's last page. */
export interface OggPacket {
  readonly data: Uint8Array;
}

export class OggPacketReader {
  private readonly queue = new ByteQueue();
  private serial = -1;
  private partial: Uint8Array[] = [];
  private partialLength = 0;
  /** Runs of bytes skipped because they were not an Ogg page. */
  skippedRuns = 0;
  /** Granule position of the stream's last page read that ends a packet (-1 before one). */
  lastGranule = -1;

  /**
   * Append bytes; returns the packets completed by them. Packets inside one page are views of the
   * reader's buffer, valid until the next call.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    this.queue.append(chunk);
    const queue = this.queue;
    const packets: Uint8Array[] = [];
    let skipping = false;
    while (queue.end - queue.start >= 27) {
      const b = queue.bytes;
      const at = queue.start;
      if (b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53 || b[at + 4] !== 0) {
        if (!skipping) this.skippedRuns++;
        skipping = true;
        queue.start++;
        continue;
      }
      const segments = b[at + 26];
      if (queue.end - at < 27 + segments) break;
      let bodyLength = 0;
      for (let s = 0; s < segments; s++) bodyLength += b[at + 27 + s];
      if (queue.end - at < 27 + segments + bodyLength) break;
      skipping = false;
      const serial = (b[at + 14] | (b[at + 15] << 8) | (b[at + 16] << 16) | (b[at + 17] << 24)) >>> 0;
      if (this.serial < 0) this.serial = serial;
      if (serial === this.serial) {
        // The low 53 bits of the 64-bit granule position are plenty; -1 means no packet ends here.
        const high = b[at + 10] | (b[at + 11] << 8) | (b[at + 12] << 16) | (b[at + 13] << 24);
        const low = (b[at + 6] | (b[at + 7] << 8) | (b[at + 8] << 16) | (b[at + 9] << 24)) >>> 0;
        if (high >= 0) this.lastGranule = high * 2 ** 32 + low;
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
      queue.start = at + 27 + segments + bodyLength;
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
}
