/**
 * PNG: chunk-structure check (truncation) and the pure-JS decode with pngjs, which expands
 * greyscale, palette, transparency (tRNS) and 16-bit samples to 8-bit RGBA and checks CRCs.
 * pngjs is imported lazily so importing `@mediadna/media` stays cheap.
 */
import type { RgbaPixels } from './orient.js';

type PngJs = typeof import('pngjs');
let pngJs: Promise<PngJs> | undefined;

function loadPngJs(): Promise<PngJs> {
  pngJs ??= import('pngjs').then((module) => ((module as { default?: PngJs }).default ?? module) as PngJs);
  return pngJs;
}

/**
 * Walk the PNG chunks: `'complete'` when IEND is reached inside the data, `'truncated'` when a
 * chunk runs past the end or the data stops before IEND.
 */
export function pngChunkState(b: Uint8Array): 'complete' | 'truncated' {
  let offset = 8;
  while (offset + 8 <= b.length) {
    const length = ((b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3]) >>> 0;
    const isEnd = b[offset + 4] === 0x49 && b[offset + 5] === 0x45 && b[offset + 6] === 0x4e && b[offset + 7] === 0x44; // IEND
    const next = offset + 12 + length;
    if (next > b.length) return 'truncated';
    if (isEnd) return 'complete';
    offset = next;
  }
  return 'truncated';
}

/** Decode a PNG with pngjs into 8-bit RGBA (16-bit samples are scaled down). Throws pngjs' errors. */
export async function decodePngJs(bytes: Uint8Array): Promise<RgbaPixels> {
  const { PNG } = await loadPngJs();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const png = PNG.sync.read(buffer, { checkCRC: true });
  const data = png.data;
  return { width: png.width, height: png.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
