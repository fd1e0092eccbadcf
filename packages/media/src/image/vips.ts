/**
 * wasm-vips (libvips compiled to WebAssembly): a lazily created singleton, and a decode of any
 * format libvips reads (WebP, GIF first frame, TIFF first page, AVIF, JPEG and WebP with shrink-on-load)
 * into 8-bit RGBA.
 *
 * wasm-vips objects live in the WebAssembly heap and are not garbage collected: every `Image`
 * made here is `.delete()`d in a `finally`. The module (≈150 ms to instantiate, tens of MB of
 * heap) is only loaded when an image needs it.
 */
import { DnaErrorCode, dnaError } from '@mediadna/core';
import type { SniffedFormat } from '@mediadna/core';
import type VipsFactory from 'wasm-vips';
import { imageError, toMediaError } from './failures.js';
import { cmykToRgba } from './cmyk.js';
import { expandToRgba } from './expand.js';
import type { RgbaPixels } from './orient.js';

/** The instantiated wasm-vips module. */
export type Vips = Awaited<ReturnType<typeof VipsFactory>>;
type VipsImage = InstanceType<Vips['Image']>;

let vipsPromise: Promise<Vips> | undefined;

/**
 * The shared wasm-vips instance, created on first use. Only the HEIF side module is loaded (it
 * holds the AVIF decoder, libheif + aom; it has no HEVC decoder, so HEIC is not readable).
 * @throws DnaError `Decoder.Unavailable` when wasm-vips can't be loaded.
 */
export function loadVips(): Promise<Vips> {
  vipsPromise ??= (async () => {
    const module = await import('wasm-vips');
    const factory = ((module as { default?: typeof VipsFactory }).default ?? module) as typeof VipsFactory;
    const vips = await factory({
      dynamicLibraries: ['vips-heif.wasm'],
      // libvips prints warnings on stderr; a library must not write there. Errors still throw.
      print: () => {},
      printErr: () => {},
      preRun: (module: { ENV: Record<string, string> }) => {
        module.ENV.VIPS_WARNING = '0';
      },
    });
    vips.Cache.max(0); // no operation cache: decoded images must not linger in the WASM heap
    return vips;
  })().catch((error: unknown) => {
    vipsPromise = undefined;
    throw dnaError(DnaErrorCode.DecoderUnavailable, `[mediadna] [image] wasm-vips could not be loaded: ${(error as Error).message}`);
  });
  return vipsPromise;
}

/** Options of {@link decodeWithVips}. */
export interface VipsDecodeOptions {
  /** Pixel budget checked against the size libvips reads from the header, before decoding. */
  readonly maxPixels: number;
  /**
   * Shrink-on-load factor, 1, 2, 4 or 8 (default 1): JPEG DCT scaling (`shrink`) or WebP scaled
   * decoding (`scale` = 1 / factor). Ignored for other formats.
   */
  readonly shrink?: number;
}

/** Decoded RGBA plus the EXIF orientation libvips found (1 when none). */
export interface VipsDecoded extends RgbaPixels {
  readonly orientation: number;
}

function keep(made: VipsImage[], image: VipsImage): VipsImage {
  made.push(image);
  return image;
}

/**
 * Convert to 8-bit sRGB with 1 (grey), 3 (RGB) or 4 (RGBA) bands; the caller expands 1 and 3
 * bands to RGBA in JS ({@link expandToRgba}), which is cheaper than a libvips `bandjoin`.
 */
function toRgb8(vips: Vips, image: VipsImage, made: VipsImage[]): VipsImage {
  let current = image;
  const keep = (next: VipsImage): VipsImage => {
    made.push(next);
    current = next;
    return next;
  };
  // 8-bit greyscale (e.g. a greyscale JPEG) is expanded in JS as is.
  const grey8 = current.bands === 1 && current.format === 'uchar' && current.interpretation === 'b-w';
  if (!grey8 && (current.interpretation !== 'srgb' || current.format !== 'uchar')) keep(current.colourspace('srgb'));
  if (current.format !== 'uchar') keep(current.cast('uchar'));
  if (current.bands === 2) {
    // grey + alpha after a conversion that kept two bands
    const grey = keep(current.extractBand(0));
    keep(vips.Image.bandjoin([grey, grey, grey]));
  }
  if (current.bands > 4) keep(current.extractBand(0, { n: 4 }));
  return current;
}

/**
 * Decode `bytes` with libvips into 8-bit sRGB RGBA. The load is lazy: the header is read first
 * and checked against `maxPixels` before any pixels are decoded.
 * @throws DnaError `InvalidMedia.TooManyPixels`, `InvalidMedia.Truncated`, `InvalidMedia.Corrupt`
 */
export async function decodeWithVips(bytes: Uint8Array, format: SniffedFormat, options: VipsDecodeOptions): Promise<VipsDecoded> {
  const vips = await loadVips();
  const made: VipsImage[] = [];
  try {
    const requested = options.shrink ?? 1;
    const shrink = format === 'jpeg' || format === 'webp' ? requested : 1;
    const loaded = format === 'jpeg'
      ? vips.Image.jpegloadBuffer(bytes, { shrink, fail_on: 'error', access: 'sequential' })
      : format === 'webp'
        ? vips.Image.webploadBuffer(bytes, { scale: 1 / shrink, fail_on: 'error', access: 'sequential' })
        : vips.Image.newFromBuffer(bytes, '', { fail_on: 'error', access: 'sequential' });
    made.push(loaded);
    const declared = loaded.width * loaded.height * shrink * shrink;
    if (declared > options.maxPixels) {
      throw imageError(DnaErrorCode.MediaTooManyPixels, `The ${format} image declares about ${declared} pixels, over the budget of ${options.maxPixels}`);
    }
    const orientation = loaded.getTypeof('orientation') !== 0 ? loaded.getInt('orientation') : 1;
    const cmyk = loaded.interpretation === 'cmyk' && loaded.format === 'uchar' && loaded.bands >= 4;
    const out = cmyk ? (loaded.bands === 4 ? loaded : keep(made, loaded.extractBand(0, { n: 4 }))) : toRgb8(vips, loaded, made);
    const { width, height, bands } = out;
    const memory = out.writeToMemory();
    const raw = new Uint8Array(memory.buffer, memory.byteOffset, memory.byteLength);
    if (raw.length !== width * height * bands || (bands !== 1 && bands !== 3 && bands !== 4)) {
      throw imageError(DnaErrorCode.MediaCorrupt, `libvips returned ${raw.length} bytes for a ${width}x${height} image of ${bands} bands`);
    }
    const data = cmyk ? cmykToRgba(raw) : bands === 4 ? raw : expandToRgba(raw, width * height, bands);
    return { width, height, data, orientation: orientation >= 1 && orientation <= 8 ? orientation : 1 };
  } catch (error) {
    throw toMediaError(error, format, 'libvips', format === 'jpeg' || format === 'png'); // those two were checked for truncation already
  } finally {
    for (let i = made.length - 1; i >= 0; i--) made[i].delete();
  }
}
