/**
 * A top-level scan of ISO-BMFF (MP4/MOV) boxes by reading 16-byte headers only: finds `moov`
 * and `mdat`, spots truncation (a box running past the end of the file) and reads the movie
 * duration from `mvhd` before anything big is parsed. Works on multi-GB files in a few reads.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type RangeRead = (offset: number, length: number) => Promise<Uint8Array>;

/** One top-level box. */
export interface TopLevelBox {
  readonly type: string;
  /** Offset of the box header in the file. */
  readonly offset: number;
  /** Size including the header (for a box that runs to the end of the file: up to the end). */
  readonly size: number;
  readonly headerSize: number;
}

/** What the top-level scan found. */
export interface BoxScan {
  readonly boxes: readonly TopLevelBox[];
  /** True when a box declares more bytes than the file holds. */
  readonly truncated: boolean;
  /** True when the bytes do not parse as boxes at all somewhere. */
  readonly malformed: boolean;
}

/** The four-character code at `offset`. */
export function fourcc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
}

/** The big-endian 32-bit unsigned integer at `offset`. */
export function uint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** Read a big-endian 64-bit unsigned integer as a double (exact below 2^53). */
export function uint64(bytes: Uint8Array, offset: number): number {
  return uint32(bytes, offset) * 4294967296 + uint32(bytes, offset + 4);
}

const PRINTABLE = /^[\x20-\x7e]{4}$/;

/** Scan the top-level boxes of a file of `fileSize` bytes (at most `maxBoxes`). */
export async function scanTopLevelBoxes(read: RangeRead, fileSize: number, maxBoxes = 4096): Promise<BoxScan> {
  const boxes: TopLevelBox[] = [];
  let offset = 0;
  let truncated = false;
  let malformed = false;
  while (offset < fileSize && boxes.length < maxBoxes) {
    if (fileSize - offset < 8) {
      truncated = true;
      break;
    }
    const header = await read(offset, 16);
    let size = uint32(header, 0);
    const type = fourcc(header, 4);
    if (!PRINTABLE.test(type)) {
      malformed = true;
      break;
    }
    let headerSize = 8;
    if (size === 1) {
      if (header.length < 16) {
        truncated = true;
        break;
      }
      size = uint64(header, 8);
      headerSize = 16;
    } else if (size === 0) {
      size = fileSize - offset;
    }
    if (size < headerSize) {
      malformed = true;
      break;
    }
    if (offset + size > fileSize) {
      truncated = true;
      boxes.push({ type, offset, size: fileSize - offset, headerSize });
      break;
    }
    boxes.push({ type, offset, size, headerSize });
    offset += size;
  }
  return { boxes, truncated, malformed };
}

/**
 * The movie duration in seconds from the `mvhd` inside `moov` (`null` when absent). Reads only
 * the first child boxes of `moov`.
 */
export async function readMovieDuration(read: RangeRead, moov: TopLevelBox): Promise<number | null> {
  let offset = moov.offset + moov.headerSize;
  const end = moov.offset + moov.size;
  for (let children = 0; offset + 8 <= end && children < 64; children++) {
    const header = await read(offset, 8);
    const size = uint32(header, 0);
    if (fourcc(header, 4) === 'mvhd') {
      const body = await read(offset + 8, 32);
      const version = body[0];
      if (version === 1) return uint32(body, 20) > 0 ? uint64(body, 24) / uint32(body, 20) : null;
      const timescale = uint32(body, 12);
      return timescale > 0 ? uint32(body, 16) / timescale : null;
    }
    if (size < 8) return null;
    offset += size;
  }
  return null;
}
