/**
 * `decodeImage`: bytes → RGBA. Sniff the format from magic bytes, read the header and refuse
 * decompression bombs before allocating, pick a decoder, apply EXIF orientation.
 *
 * Decoder choice (measured, see README "Speed"):
 * - JPEG and PNG under 100 000 pixels: jpeg-js / pngjs (pure JS, no WebAssembly start-up).
 * - JPEG and PNG from 100 000 pixels, and any JPEG whose `minSide` allows shrink-on-load by 2 or
 *   more: wasm-vips (`jpegload` with `shrink`, DCT-domain scaling). If the first decoder fails
 *   or wasm-vips can't be loaded, the other one gets a try (jpeg-js can't do arithmetic coding
 *   or CMYK without an Adobe marker; libvips is stricter about damaged data).
 * - WebP (scaled decoding by 2/4/8 when `minSide` allows), GIF (first frame), TIFF (first page),
 *   AVIF: wasm-vips, loaded lazily.
 * - HEIC/HEIF, BMP and SVG: refused with `InvalidMedia.UnsupportedFormat` (wasm-vips has no HEVC
 *   decoder, libvips no BMP loader, and vector images are out of scope).
 */
import {
  DnaErrorCode,
  SNIFF_BYTES,
  invalidParameter,
  isDnaError,
  isInteger,
  kindOfFormat,
  readAllBytes,
  sniffFormat,
} from '@mediadna/core';
import type { DnaError, MediaSource, SniffedFormat } from '@mediadna/core';
import { readJpegOrientation } from './exif.js';
import { imageError, toMediaError } from './failures.js';
import { parseImageHeader } from './header.js';
import { MAX_JPEG_SCANS, decodeJpegJs, jpegStructure } from './jpeg.js';
import { applyOrientation, orientationSwapsSides } from './orient.js';
import type { RgbaPixels } from './orient.js';
import { decodePngJs, pngChunkState } from './png.js';
import { DEFAULT_MAX_PIXELS } from './types.js';
import type { DecodeImageOptions, DecodedImage, ImageHeader } from './types.js';
import { decodeWithVips } from './vips.js';

/**
 * JPEGs and PNGs with at least this many pixels decode in wasm-vips, smaller ones in pure JS.
 * Measured on a 2-core Xeon (see README): wasm-vips and jpeg-js break even near 320x240
 * (≈77 000 pixels), and wasm-vips is 4x faster at 1080p for JPEG, 2.6x for PNG.
 */
const VIPS_MIN_PIXELS = 100_000;

/** Shrink-on-load factors (libjpeg DCT scaling offers these; WebP uses the same), largest first. */
const SHRINK_FACTORS: readonly number[] = [8, 4, 2];

/** Largest read size for {@link decodeImageFile}: 512 MiB. */
const MAX_IMAGE_FILE_BYTES = 512 * 1024 * 1024;

function validateOptions(options: DecodeImageOptions | undefined): { maxPixels: number; minSide: number } {
  if (options === undefined) return { maxPixels: DEFAULT_MAX_PIXELS, minSide: 0 };
  if (typeof options !== 'object' || options === null) throw invalidParameter('image', 'options', 'an object', options);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const minSide = options.minSide ?? 0;
  if (!isInteger(maxPixels) || maxPixels < 1) throw invalidParameter('image', 'maxPixels', 'a positive integer', maxPixels);
  if (!isInteger(minSide) || minSide < 0) throw invalidParameter('image', 'minSide', 'a non-negative integer', minSide);
  return { maxPixels, minSide };
}

/** Error for bytes that sniff as something other than a decodable image. */
function notAnImage(format: SniffedFormat, head: Uint8Array): DnaError {
  const kind = kindOfFormat(format);
  if (format === 'heic') {
    return imageError(DnaErrorCode.MediaUnsupported, 'HEIC/HEIF images are not supported: the bundled wasm-vips build has no HEVC decoder. Convert to JPEG, PNG or AVIF first');
  }
  if (format === 'bmp') {
    return imageError(DnaErrorCode.MediaUnsupported, 'BMP images are not supported: libvips (wasm-vips) has no BMP loader. Convert to PNG first');
  }
  if (kind === 'text') {
    if (/<svg[\s>]/i.test(new TextDecoder('utf-8', { fatal: false }).decode(head))) {
      return imageError(DnaErrorCode.MediaUnsupported, 'SVG vector images are not supported: rasterise to PNG first');
    }
    return imageError(DnaErrorCode.MediaTypeMismatch, 'Expected an image but the data is plain text');
  }
  if (kind === 'audio' || kind === 'video') return imageError(DnaErrorCode.MediaTypeMismatch, `Expected an image but the data is ${kind} (${format})`);
  if (format === 'pdf') return imageError(DnaErrorCode.MediaUnsupported, 'Expected an image but the data is a PDF document');
  return imageError(DnaErrorCode.MediaUnsupported, 'Expected an image but the data is not a recognised image format (JPEG, PNG, WebP, GIF, TIFF, AVIF)');
}

function checkedHeader(bytes: Uint8Array, format: SniffedFormat, maxPixels: number): ImageHeader {
  const header = parseImageHeader(bytes, format);
  if (header === 'truncated') throw imageError(DnaErrorCode.MediaTruncated, `The ${format} data ends before its header is complete (${bytes.length} bytes)`);
  if (header === 'corrupt' || header === null) throw imageError(DnaErrorCode.MediaCorrupt, `The ${format} header is malformed`);
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw imageError(DnaErrorCode.MediaTooManyPixels, `The ${format} image declares ${header.width}x${header.height} = ${pixels} pixels, over the budget of ${maxPixels} pixels`);
  }
  return header;
}

/**
 * The shrink-on-load factor for a JPEG: the largest of 8, 4, 2 that keeps both sides at least
 * `minSide` (libjpeg rounds scaled sides up), or 1 when none does or `minSide` is 0.
 * @example jpegShrinkFactor(1920, 1080, 256) // 4: decodes at 480x270
 */
export function jpegShrinkFactor(width: number, height: number, minSide: number): number {
  if (minSide <= 0) return 1;
  const shorter = Math.min(width, height);
  for (const factor of SHRINK_FACTORS) if (Math.ceil(shorter / factor) >= minSide) return factor;
  return 1;
}

/** The same for WebP scaled decoding, assuming sides round down (libwebp's rounding is not promised). */
function webpShrinkFactor(width: number, height: number, minSide: number): number {
  if (minSide <= 0) return 1;
  const shorter = Math.min(width, height);
  for (const factor of SHRINK_FACTORS) if (Math.floor(shorter / factor) >= minSide) return factor;
  return 1;
}

/** Decoded pixels and the EXIF orientation still to apply. */
interface Decoded {
  readonly pixels: RgbaPixels;
  readonly orientation: number;
}

async function decodePure(bytes: Uint8Array, format: 'jpeg' | 'png', maxPixels: number): Promise<RgbaPixels> {
  try {
    return format === 'jpeg' ? await decodeJpegJs(bytes, maxPixels) : await decodePngJs(bytes);
  } catch (error) {
    // the data was checked to be structurally complete, so anything else is damage
    throw toMediaError(error, format, format === 'jpeg' ? 'jpeg-js' : 'pngjs', true);
  }
}

/**
 * JPEG and PNG: two decoders each, chosen by the rule in the file comment; when the first one
 * fails (or wasm-vips can't be loaded) the other gets a try, and the first one's error is
 * reported if both fail.
 */
async function decodeJpegOrPng(bytes: Uint8Array, format: 'jpeg' | 'png', header: ImageHeader, maxPixels: number, minSide: number): Promise<Decoded> {
  if (format === 'jpeg') {
    const structure = jpegStructure(bytes);
    if (structure.scans > MAX_JPEG_SCANS) throw imageError(DnaErrorCode.MediaCorrupt, `The jpeg has more than ${MAX_JPEG_SCANS} scans (decoding it could take minutes)`);
    if (!structure.complete) throw imageError(DnaErrorCode.MediaTruncated, 'The jpeg data is truncated (no end-of-image marker)');
  }
  if (format === 'png' && pngChunkState(bytes) === 'truncated') throw imageError(DnaErrorCode.MediaTruncated, 'The png data is truncated (a chunk runs past the end or IEND is missing)');
  // PNG eXIf orientation is ignored on both paths (rare, and pngjs does not read it).
  const orientation = format === 'jpeg' ? readJpegOrientation(bytes) : 1;
  const jpegShrink = format === 'jpeg' ? jpegShrinkFactor(header.width, header.height, minSide) : 1;
  const vipsFirst = jpegShrink > 1 || header.width * header.height >= VIPS_MIN_PIXELS;
  const viaVips = async (): Promise<RgbaPixels> => decodeWithVips(bytes, format, { maxPixels, shrink: jpegShrink });
  const viaPure = (): Promise<RgbaPixels> => decodePure(bytes, format, maxPixels);
  const [first, second] = vipsFirst ? [viaVips, viaPure] : [viaPure, viaVips];
  try {
    return { pixels: await first(), orientation };
  } catch (firstError) {
    if (isDnaError(firstError) && firstError.code === DnaErrorCode.MediaTooManyPixels) throw firstError;
    try {
      return { pixels: await second(), orientation };
    } catch (secondError) {
      const firstUnavailable = isDnaError(firstError) && firstError.code === DnaErrorCode.DecoderUnavailable;
      throw firstUnavailable ? secondError : firstError;
    }
  }
}

/**
 * Decode an image to 8-bit RGBA with EXIF orientation applied.
 *
 * The format comes from the magic bytes, never a file name. The header is read first and images
 * over `maxPixels` are refused before any pixel buffer exists. Small JPEGs and PNGs decode in
 * pure JS; larger ones, WebP, GIF (first frame), TIFF and AVIF use wasm-vips, loaded on first use
 * (≈150 ms once per thread). JPEG and WebP decode much faster when `minSide` allows
 * shrink-on-load (1080p JPEG with `minSide: 256`: ≈8 ms instead of ≈25 ms).
 *
 * @throws DnaError `InvalidMedia.Empty`, `InvalidMedia.TypeMismatch` (text, audio, video),
 *   `InvalidMedia.UnsupportedFormat` (HEIC, BMP, SVG, PDF, unknown), `InvalidMedia.TooManyPixels`,
 *   `InvalidMedia.Truncated`, `InvalidMedia.Corrupt`; `InvalidParameter` for bad options.
 * @example
 * const image = await decodeImage(await readFile('photo.jpg'), { minSide: 256 })
 * image.width; image.height; image.data // RGBA, height x width x 4
 */
export async function decodeImage(input: Uint8Array, options?: DecodeImageOptions): Promise<DecodedImage> {
  if (!(input instanceof Uint8Array)) throw invalidParameter('image', 'input', 'a Uint8Array', input);
  const { maxPixels, minSide } = validateOptions(options);
  if (input.length === 0) throw imageError(DnaErrorCode.MediaEmpty, 'The image data is empty (0 bytes)');
  const head = input.subarray(0, SNIFF_BYTES);
  const format = sniffFormat(head);
  if (kindOfFormat(format) !== 'image' || format === 'heic' || format === 'bmp') throw notAnImage(format, head);
  const header = checkedHeader(input, format, maxPixels);

  let pixels: RgbaPixels;
  let orientation = 1;
  if (format === 'jpeg' || format === 'png') {
    ({ pixels, orientation } = await decodeJpegOrPng(input, format, header, maxPixels, minSide));
  } else {
    const shrink = format === 'webp' ? webpShrinkFactor(header.width, header.height, minSide) : 1;
    const decoded = await decodeWithVips(input, format, { maxPixels, shrink });
    pixels = decoded;
    orientation = decoded.orientation;
  }
  const oriented = applyOrientation(pixels, orientation);
  const swap = orientationSwapsSides(orientation);
  return {
    width: oriented.width,
    height: oriented.height,
    data: oriented.data,
    format,
    originalWidth: swap ? header.height : header.width,
    originalHeight: swap ? header.width : header.height,
  };
}

/**
 * {@link decodeImage} for a resolved input (`openInput` from `@mediadna/core`): reads the whole
 * source (refusing files over 512 MiB) and decodes it.
 * @example const image = await decodeImageFile(await openInput('photo.jpg'), { maxPixels: 50_000_000 })
 */
export async function decodeImageFile(source: MediaSource, options?: DecodeImageOptions): Promise<DecodedImage> {
  const bytes = await readAllBytes(source, MAX_IMAGE_FILE_BYTES);
  if (bytes.length === 0) throw imageError(DnaErrorCode.MediaEmpty, 'The image data is empty (0 bytes)');
  return decodeImage(bytes, options);
}
