/**
 * How many samples an Ogg Opus file holds, from its pages: the granule position of the last
 * complete page minus the pre-skip of its OpusHead (both at 48 kHz, RFC 7845). The Opus decoder's
 * flush() returns the audio it still buffers (up to a second of real sound on a whole file) but,
 * on a cut file, also seconds of loss concealment; this count says where the real audio ends.
 */
import type { ByteReader } from './reader.js';

/** Bytes searched at the end of the file for the last page (pages are at most ~64 KiB). */
const TAIL_BYTES = 1 << 17;

/** "OggS" at `at`. */
function isCapture(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x4f && bytes[at + 1] === 0x67 && bytes[at + 2] === 0x67 && bytes[at + 3] === 0x53;
}

/** Length of the page starting at `at` (header, segment table and body), or -1 if cut. */
function pageLength(bytes: Uint8Array, at: number): number {
  if (at + 27 > bytes.length) return -1;
  const segments = bytes[at + 26];
  if (at + 27 + segments > bytes.length) return -1;
  let body = 0;
  for (let s = 0; s < segments; s++) body += bytes[at + 27 + s];
  const length = 27 + segments + body;
  return at + length <= bytes.length ? length : -1;
}

/** The granule position of the page at `at` (the low 53 bits are plenty for 48 kHz audio). */
function granuleOf(bytes: Uint8Array, at: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at + 6, 8);
  const high = view.getInt32(4, true);
  if (high < 0) return -1; // -1: no packet ends on this page
  return high * 2 ** 32 + view.getUint32(0, true);
}

/**
 * The decodable length in 48 kHz samples of the Ogg Opus file behind `reader`, or null when its
 * first page has no OpusHead or no complete page with a granule position is found at its end.
 */
export async function oggOpusSamples(reader: ByteReader): Promise<number | null> {
  const head = await reader.read(0, 4096);
  if (!isCapture(head, 0) || pageLength(head, 0) < 0) return null;
  const body = 27 + head[26];
  const magic = String.fromCharCode(...head.subarray(body, body + 8));
  if (magic !== 'OpusHead' || body + 12 > head.length) return null;
  const preSkip = head[body + 10] | (head[body + 11] << 8);
  const start = Math.max(0, reader.size - TAIL_BYTES);
  const tail = (await reader.read(start, reader.size - start)).slice();
  // The last complete page with a granule position, searching back from the end.
  for (let at = tail.length - 27; at >= 0; at--) {
    if (!isCapture(tail, at)) continue;
    const length = pageLength(tail, at);
    if (length < 0) continue;
    const granule = granuleOf(tail, at);
    if (granule >= 0) return Math.max(0, granule - preSkip);
  }
  return null;
}
