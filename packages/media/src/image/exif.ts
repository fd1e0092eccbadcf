/**
 * EXIF orientation of a JPEG, parsed here rather than by a library: walk the marker segments to
 * the APP1 "Exif" segment, read its TIFF header and look up tag 0x0112 (Orientation) in IFD0.
 * Values 1..8 follow the EXIF/TIFF convention (see `orient.ts`); anything missing or malformed
 * counts as 1 (upright), because a broken EXIF block must not make a decodable image fail.
 */

const ORIENTATION_TAG = 0x0112;

function u16(b: Uint8Array, o: number, little: boolean): number {
  return little ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}
function u32(b: Uint8Array, o: number, little: boolean): number {
  return little
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Orientation from a TIFF structure (the body of an EXIF block) starting at `start`, ending at `end`. */
export function readTiffOrientation(b: Uint8Array, start: number, end: number): number {
  if (start + 8 > end) return 1;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  if (!little && !(b[start] === 0x4d && b[start + 1] === 0x4d)) return 1;
  if (u16(b, start + 2, little) !== 42) return 1;
  const ifd = start + u32(b, start + 4, little);
  if (ifd + 2 > end) return 1;
  const count = u16(b, ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return 1;
    if (u16(b, entry, little) !== ORIENTATION_TAG) continue;
    if (u16(b, entry + 2, little) !== 3) return 1; // must be SHORT
    const value = u16(b, entry + 8, little);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

/**
 * EXIF orientation (1..8) of a JPEG; 1 when there is none.
 * @example readJpegOrientation(bytes) // 6: stored rotated, display after turning 90° clockwise
 */
export function readJpegOrientation(b: Uint8Array): number {
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return 1;
    const marker = b[offset + 1];
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return 1; // image data starts: no EXIF before it
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    const length = (b[offset + 2] << 8) | b[offset + 3];
    const body = offset + 4;
    const end = Math.min(b.length, offset + 2 + length);
    // APP1 starting with "Exif\0\0"
    if (marker === 0xe1 && end - body >= 14 && b[body] === 0x45 && b[body + 1] === 0x78 && b[body + 2] === 0x69 && b[body + 3] === 0x66 && b[body + 4] === 0 && b[body + 5] === 0) {
      return readTiffOrientation(b, body + 6, end);
    }
    if (length < 2) return 1;
    offset += 2 + length;
  }
  return 1;
}
