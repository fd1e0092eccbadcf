/**
 * Image dimensions from file headers, without decoding pixels: PNG IHDR, JPEG SOFn, GIF logical
 * screen, WebP VP8/VP8L/VP8X, TIFF first IFD, BMP info header, AVIF/HEIF `ispe` boxes. This is
 * the decompression-bomb guard: it runs before any decoder allocates a pixel buffer.
 */
import { sniffFormat } from '@mediadna/core';
import type { SniffedFormat } from '@mediadna/core';
import type { ImageHeader } from './types.js';

/** Why a header could not be read: the data stops early, or it is malformed. */
export type HeaderFailure = 'truncated' | 'corrupt';

/** ISO-BMFF (AVIF/HEIF) metadata sits near the start; scan at most this many bytes for `ispe`. */
const ISPE_SCAN_BYTES = 1 << 20;

function u16be(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}
function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32be(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}
function u24le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
}

function size(format: SniffedFormat, width: number, height: number): ImageHeader | HeaderFailure {
  if (width <= 0 || height <= 0) return 'corrupt';
  return { format, width, height };
}

// PNG: 8-byte signature, then the IHDR chunk (length 13) with width and height big-endian.
function pngHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  if (b.length < 24) return 'truncated';
  if (u32be(b, 8) !== 13 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) return 'corrupt';
  return size('png', u32be(b, 16), u32be(b, 20));
}

// JPEG: walk marker segments until a start-of-frame (SOF0..SOF15 except DHT C4, JPG C8, DAC CC).
function jpegHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  let offset = 2;
  for (;;) {
    while (offset < b.length && b[offset] !== 0xff) offset++; // tolerate junk between segments
    while (offset < b.length && b[offset] === 0xff) offset++; // fill bytes
    if (offset >= b.length) return 'truncated';
    const marker = b[offset++];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return 'corrupt'; // end of image or scan before any frame header
    if (offset + 2 > b.length) return 'truncated';
    const length = u16be(b, offset);
    if (length < 2) return 'corrupt';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 7 > b.length) return 'truncated';
      return size('jpeg', u16be(b, offset + 5), u16be(b, offset + 3));
    }
    offset += length;
  }
}

// GIF: "GIF87a"/"GIF89a" then the logical screen width and height, little-endian.
function gifHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  if (b.length < 10) return 'truncated';
  return size('gif', u16le(b, 6), u16le(b, 8));
}

// WebP: RIFF container, first chunk VP8 (lossy), VP8L (lossless) or VP8X (extended, canvas size).
function webpHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  if (b.length < 30) return 'truncated';
  const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return 'corrupt';
    return size('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return 'corrupt';
    const bits = u32le(b, 21);
    return size('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return size('webp', u24le(b, 24) + 1, u24le(b, 27) + 1);
  return 'corrupt';
}

// TIFF: byte order mark, offset of the first IFD, then 12-byte entries; tags 256/257 are width/height.
function tiffHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  if (b.length < 8) return 'truncated';
  const little = b[0] === 0x49;
  const r16 = little ? u16le : u16be;
  const r32 = little ? u32le : u32be;
  const ifd = r32(b, 4);
  if (ifd < 8) return 'corrupt';
  if (ifd + 2 > b.length) return 'truncated';
  const count = r16(b, ifd);
  let width = -1;
  let height = -1;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) return 'truncated';
    const tag = r16(b, entry);
    if (tag !== 256 && tag !== 257) continue;
    const type = r16(b, entry + 2);
    const value = type === 3 ? r16(b, entry + 8) : type === 4 ? r32(b, entry + 8) : -1;
    if (value < 0) return 'corrupt';
    if (tag === 256) width = value;
    else height = value;
  }
  if (width < 0 || height < 0) return 'corrupt';
  return size('tiff', width, height);
}

// BMP: 14-byte file header, then a BITMAPCOREHEADER (12 bytes, 16-bit sizes) or a later info header.
function bmpHeader(b: Uint8Array): ImageHeader | HeaderFailure {
  if (b.length < 26) return 'truncated';
  const infoSize = u32le(b, 14);
  if (infoSize === 12) return size('bmp', u16le(b, 18), u16le(b, 20));
  if (b.length < 30) return 'truncated';
  const height = u32le(b, 22) | 0; // negative means top-down rows
  return size('bmp', u32le(b, 18) | 0, Math.abs(height));
}

// AVIF/HEIF: image spatial extents (`ispe`) property boxes; the largest one is the primary image
// (smaller ones are thumbnails or grid tiles).
function isoHeader(b: Uint8Array, format: SniffedFormat): ImageHeader | HeaderFailure {
  const end = Math.min(b.length, ISPE_SCAN_BYTES) - 16;
  let width = 0;
  let height = 0;
  for (let o = 4; o <= end; o++) {
    if (b[o] !== 0x69 || b[o + 1] !== 0x73 || b[o + 2] !== 0x70 || b[o + 3] !== 0x65) continue; // "ispe"
    if (u32be(b, o - 4) !== 20) continue;
    const w = u32be(b, o + 8);
    const h = u32be(b, o + 12);
    if (w * h > width * height) {
      width = w;
      height = h;
    }
  }
  if (width === 0) return b.length < ISPE_SCAN_BYTES ? 'truncated' : 'corrupt';
  return size(format, width, height);
}

/**
 * Parse the header of an image whose format is already sniffed. Returns why not when it can't.
 * @internal
 */
export function parseImageHeader(bytes: Uint8Array, format: SniffedFormat): ImageHeader | HeaderFailure | null {
  switch (format) {
    case 'png': return pngHeader(bytes);
    case 'jpeg': return jpegHeader(bytes);
    case 'gif': return gifHeader(bytes);
    case 'webp': return webpHeader(bytes);
    case 'tiff': return tiffHeader(bytes);
    case 'bmp': return bmpHeader(bytes);
    case 'avif':
    case 'heic': return isoHeader(bytes, format);
    default: return null;
  }
}

/**
 * Read an image's format and stored size from its first bytes, without decoding pixels.
 * Cheap (microseconds; AVIF/HEIF scan up to 1 MiB). Width and height are as stored, before EXIF
 * orientation. Returns `null` when the bytes are not a recognised image or the header is cut
 * short or malformed.
 * @example readImageHeader(bytes) // { format: 'png', width: 640, height: 480 }
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const parsed = parseImageHeader(bytes, sniffFormat(bytes.subarray(0, 4096)));
  return parsed === null || typeof parsed === 'string' ? null : parsed;
}
