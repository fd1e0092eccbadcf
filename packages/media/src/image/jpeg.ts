/**
 * JPEG: structure check (does the entropy-coded data reach an end-of-image marker?) and the
 * pure-JS decode with jpeg-js (baseline and progressive; greyscale, YCbCr, Adobe CMYK/YCCK).
 * jpeg-js is imported lazily so importing `@mediadna/media` stays cheap.
 */
import { DnaErrorCode } from '@mediadna/core';
import { imageError } from './failures.js';
import type { RgbaPixels } from './orient.js';

type JpegJs = typeof import('jpeg-js');
let jpegJs: Promise<JpegJs> | undefined;

function loadJpegJs(): Promise<JpegJs> {
  jpegJs ??= import('jpeg-js').then((module) => ((module as { default?: JpegJs }).default ?? module) as JpegJs);
  return jpegJs;
}

/**
 * True when the JPEG's marker structure reaches EOI (FFD9). Walks marker segments by their
 * lengths and skips entropy-coded data (where FF is always followed by 00, a restart marker or
 * fill) with the native `indexOf`, so it costs well under a millisecond per megabyte.
 */
export function jpegReachesEnd(b: Uint8Array): boolean {
  let offset = 2;
  const length = b.length;
  while (offset < length) {
    if (b[offset] !== 0xff) {
      // Entropy-coded data (after SOS) or junk: jump to the next FF that starts a marker.
      const next = b.indexOf(0xff, offset + 1);
      if (next < 0) return false;
      offset = next;
      continue;
    }
    if (offset + 1 >= length) return false;
    const marker = b[offset + 1];
    if (marker === 0xd9) return true;
    if (marker === 0x00 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      offset += marker === 0xff ? 1 : 2; // stuffed zero, fill byte, restart, SOI, TEM: no length
      continue;
    }
    if (offset + 4 > length) return false;
    const segment = (b[offset + 2] << 8) | b[offset + 3];
    if (segment < 2) return false;
    offset += 2 + segment;
  }
  return false;
}

/**
 * Decode a JPEG with jpeg-js into RGBA. `maxPixels` is passed on as jpeg-js' own resolution and
 * memory limits (a second guard behind the header check).
 * @throws DnaError `InvalidMedia.TooManyPixels`; other jpeg-js errors are rethrown as they are.
 */
export async function decodeJpegJs(bytes: Uint8Array, maxPixels: number): Promise<RgbaPixels> {
  const { decode } = await loadJpegJs();
  // jpeg-js holds about 2 bytes of coefficients + 1 byte of samples per component and pixel, plus RGBA out.
  const maxMemoryUsageInMB = Math.max(512, Math.ceil((maxPixels * 16) / 1048576) + 64);
  try {
    const image = decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: true,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB,
    });
    return { width: image.width, height: image.height, data: image.data };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/maxResolutionInMP|maxMemoryUsageInMB|Could not allocate/.test(message)) {
      throw imageError(DnaErrorCode.MediaTooManyPixels, `The JPEG is over the pixel budget of ${maxPixels} pixels (jpeg-js: ${message})`);
    }
    throw error;
  }
}
