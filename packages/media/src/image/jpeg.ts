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
 * Most scans a JPEG may have. Real progressive JPEGs use about 10; thousands of tiny scans are a
 * known way to make libjpeg and jpeg-js spin for minutes on a small file.
 */
export const MAX_JPEG_SCANS = 500;

/** What {@link jpegStructure} found. */
export interface JpegStructure {
  /** The marker walk reached EOI (FFD9) inside the data. */
  readonly complete: boolean;
  /** Start-of-scan markers seen (1 for baseline, several for progressive). */
  readonly scans: number;
}

/**
 * Walk the JPEG's marker segments by their lengths, skipping entropy-coded data (where FF is
 * always followed by 00, a restart marker or fill) with the native `indexOf`; well under a
 * millisecond per megabyte. Stops early once more than {@link MAX_JPEG_SCANS} scans are seen.
 */
export function jpegStructure(b: Uint8Array): JpegStructure {
  let offset = 2;
  let scans = 0;
  const length = b.length;
  while (offset < length) {
    if (b[offset] !== 0xff) {
      // Entropy-coded data (after SOS) or junk: jump to the next FF that starts a marker.
      const next = b.indexOf(0xff, offset + 1);
      if (next < 0) break;
      offset = next;
      continue;
    }
    if (offset + 1 >= length) break;
    const marker = b[offset + 1];
    if (marker === 0xd9) return { complete: true, scans };
    if (marker === 0x00 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd8) || marker === 0x01) {
      offset += marker === 0xff ? 1 : 2; // stuffed zero, fill byte, restart, SOI, TEM: no length
      continue;
    }
    if (marker === 0xda && ++scans > MAX_JPEG_SCANS) break;
    if (offset + 4 > length) break;
    const segment = (b[offset + 2] << 8) | b[offset + 3];
    if (segment < 2) break;
    offset += 2 + segment;
  }
  return { complete: false, scans };
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
