/** ID3v2 tags, which MP3 and FLAC files may start with. */

/**
 * Bytes of the ID3v2 tag at `at` (its 10-byte header, the syncsafe size, and a footer if flagged),
 * or 0 when none starts there. Needs the 10 header bytes.
 */
export function id3v2Length(bytes: Uint8Array, at = 0): number {
  if (at + 10 > bytes.length || bytes[at] !== 0x49 || bytes[at + 1] !== 0x44 || bytes[at + 2] !== 0x33) return 0;
  const size = ((bytes[at + 6] & 0x7f) << 21) | ((bytes[at + 7] & 0x7f) << 14) | ((bytes[at + 8] & 0x7f) << 7) | (bytes[at + 9] & 0x7f);
  return 10 + size + (bytes[at + 5] & 0x10 ? 10 : 0);
}
