/**
 * Shapes shared by the image decoders: the decoded RGBA image, its options and a cheap header.
 */
import type { SniffedFormat } from '@mediadna/core';

/** Default pixel budget of {@link DecodeImageOptions.maxPixels}: 100 megapixels. */
export const DEFAULT_MAX_PIXELS: number = 100_000_000;

/**
 * A decoded image, structurally the RGBA image that `@mediadna/image` hashes.
 * EXIF orientation is already applied, so `width`/`height` are the displayed size.
 */
export interface DecodedImage {
  /** Width in pixels of `data` (after orientation and any shrink-on-load). */
  readonly width: number;
  /** Height in pixels of `data`. */
  readonly height: number;
  /** Pixels: height x width x 4 bytes, RGBA row-major, 8 bits per channel, straight (not premultiplied) alpha. */
  readonly data: Uint8Array;
  /** Format recognised from the magic bytes (never from a file name). */
  readonly format: SniffedFormat;
  /** Full-resolution width as displayed (after EXIF orientation, before shrink-on-load). */
  readonly originalWidth: number;
  /** Full-resolution height as displayed (after EXIF orientation, before shrink-on-load). */
  readonly originalHeight: number;
}

/** Options of `decodeImage`. */
export interface DecodeImageOptions {
  /**
   * Largest accepted image in pixels (width x height as declared by the file header). Larger
   * images are refused before any pixel buffer is allocated (decompression-bomb guard).
   * Default 100 000 000. Example: `maxPixels: 40_000_000`.
   */
  maxPixels?: number;
  /**
   * Smallest side the caller needs. When set, the decoder may shrink on load (JPEG DCT scaling
   * by 2, 4 or 8) as long as both sides stay at least `minSide`. Default: no shrink.
   * Example: `minSide: 256` for a perceptual hash that works on 64x64 pixels.
   */
  minSide?: number;
}

/** Format and size read from a file header without decoding pixels. */
export interface ImageHeader {
  readonly format: SniffedFormat;
  /** Width as stored in the file (before EXIF orientation). */
  readonly width: number;
  /** Height as stored in the file (before EXIF orientation). */
  readonly height: number;
}
