/**
 * Stage 1: decoded pixels → luminance.
 *
 * Luma is Rec. 601 `Y = 0.299 R + 0.587 G + 0.114 B` in 0..255 (the coefficients PDQ uses);
 * alpha is ignored, so a transparent pixel counts by its colour.
 */
import { DnaErrorCode, invalidParameter, isInteger } from '@mediadna/core';

/** Decoded RGBA pixels (what `@mediadna/media` produces; an `ImageData` also fits). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** height x width x 4 bytes, RGBA, row-major. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** A single-channel image, values 0..255. */
export interface LumaImage {
  readonly width: number;
  readonly height: number;
  /** height x width, row-major, 0..255. */
  readonly luma: Float32Array;
}

/** Either pixel type accepted by the hashers. */
export type PixelImage = RgbaImage | LumaImage;

/** Rec. 601 luma weight of red. */
export const LUMA_FROM_RED = 0.299;
/** Rec. 601 luma weight of green. */
export const LUMA_FROM_GREEN = 0.587;
/** Rec. 601 luma weight of blue. */
export const LUMA_FROM_BLUE = 0.114;

/** Largest width or height accepted (guards index arithmetic, not memory: callers set pixel budgets). */
export const MAX_IMAGE_DIMENSION: number = 1 << 20;

/** True when `image` carries a luma plane rather than RGBA bytes. */
export function isLumaImage(image: PixelImage): image is LumaImage {
  return (image as LumaImage).luma !== undefined;
}

/**
 * Check a pixel image once at the public boundary; inner stages then trust it.
 * Throws `DnaError` `InvalidParameter` for bad dimensions or a short buffer.
 */
export function validatePixelImage(image: unknown, where: string): asserts image is PixelImage {
  if (typeof image !== 'object' || image === null) {
    throw invalidParameter(where, 'image', 'an object {width, height, data} or {width, height, luma}', image);
  }
  const candidate = image as { width?: unknown; height?: unknown; data?: unknown; luma?: unknown };
  const { width, height } = candidate;
  if (!isInteger(width) || width < 1 || width > MAX_IMAGE_DIMENSION) {
    throw invalidParameter(where, 'image.width', `an integer in 1..${MAX_IMAGE_DIMENSION}`, width);
  }
  if (!isInteger(height) || height < 1 || height > MAX_IMAGE_DIMENSION) {
    throw invalidParameter(where, 'image.height', `an integer in 1..${MAX_IMAGE_DIMENSION}`, height);
  }
  if (candidate.luma !== undefined) {
    if (!(candidate.luma instanceof Float32Array) || candidate.luma.length < width * height) {
      throw invalidParameter(where, 'image.luma', `a Float32Array of at least ${width * height} values`, candidate.luma);
    }
    return;
  }
  const data = candidate.data;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray) || data.length < width * height * 4) {
    throw invalidParameter(
      where,
      'image.data',
      `a Uint8Array or Uint8ClampedArray of at least ${width * height * 4} bytes (RGBA)`,
      data,
      DnaErrorCode.InvalidParameter,
    );
  }
}

/**
 * Luma of one row of an RGBA image into `out[0 .. width)`.
 * @param data RGBA bytes, height x width x 4, row-major
 */
export function rgbaRowToLuma(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  row: number,
  out: Float32Array, // width values
): void {
  let p = row * width * 4;
  for (let x = 0; x < width; x++, p += 4) {
    out[x] = LUMA_FROM_RED * data[p] + LUMA_FROM_GREEN * data[p + 1] + LUMA_FROM_BLUE * data[p + 2];
  }
}

/** Luma of a whole image into `out` (height x width, row-major); allocates when `out` is omitted. */
export function rgbaToLuma(image: RgbaImage, out?: Float32Array): Float32Array {
  const { width, height, data } = image;
  const luma = out ?? new Float32Array(width * height);
  const n = width * height;
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    luma[i] = LUMA_FROM_RED * data[p] + LUMA_FROM_GREEN * data[p + 1] + LUMA_FROM_BLUE * data[p + 2];
  }
  return luma;
}

/**
 * Prefix sums of one row's luma: `prefix[0] = 0`, `prefix[x + 1] = prefix[x] + luma(x)`.
 * Box filters and area averages of the row are then differences of two entries.
 * @param data RGBA bytes, height x width x 4, row-major
 */
export function rgbaRowToLumaPrefix(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  row: number,
  prefix: Float64Array, // width + 1 values
): void {
  let p = row * width * 4;
  let sum = 0;
  prefix[0] = 0;
  for (let x = 0; x < width; x++, p += 4) {
    // Round to float32 like a stored luma plane, so RGBA and LumaImage inputs hash identically.
    sum += Math.fround(LUMA_FROM_RED * data[p] + LUMA_FROM_GREEN * data[p + 1] + LUMA_FROM_BLUE * data[p + 2]);
    prefix[x + 1] = sum;
  }
}

/** Prefix sums of one row of a luma plane (see {@link rgbaRowToLumaPrefix}). */
export function lumaRowToPrefix(
  luma: Float32Array, // height x width, row-major
  width: number,
  row: number,
  prefix: Float64Array, // width + 1 values
): void {
  let p = row * width;
  let sum = 0;
  prefix[0] = 0;
  for (let x = 0; x < width; x++, p++) {
    sum += luma[p];
    prefix[x + 1] = sum;
  }
}
