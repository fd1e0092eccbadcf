/**
 * Black-border removal: letterbox (bars above and below) and pillarbox (bars left and right)
 * are found per frame and cropped before hashing, so a letterboxed copy hashes like the original.
 *
 * A row (column) is border when nearly all its pixels are dark. Bars are only cropped in pairs
 * of similar size (letterboxing is symmetric), which keeps dark sky or a dark floor in the
 * picture from being cut, and never more than 40% of the frame per side.
 */

/** Crop rectangle in pixels of the input frame. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Luma at or under which a pixel counts as black (video black is 16; noise adds a little). */
export const BLACK_LEVEL = 40;
/** Share of a line's pixels that must be black for the line to count as border. */
const BLACK_SHARE = 0.97;
const MAX_SIDE_SHARE = 0.4;

function darkRow(gray: Uint8Array, width: number, y: number): boolean {
  const allowed = Math.floor(width * (1 - BLACK_SHARE));
  let bright = 0;
  const start = y * width;
  for (let x = 0; x < width; x++) {
    if (gray[start + x] > BLACK_LEVEL && ++bright > allowed) return false;
  }
  return true;
}

function darkColumn(gray: Uint8Array, width: number, height: number, x: number, top: number, bottom: number): boolean {
  const allowed = Math.floor((bottom - top) * (1 - BLACK_SHARE));
  let bright = 0;
  for (let y = top; y < bottom; y++) {
    if (gray[y * width + x] > BLACK_LEVEL && ++bright > allowed) return false;
  }
  return true;
}

/** Accept a pair of bars only when both exist and are of similar size; returns the crop per side. */
function pairedBars(first: number, second: number, length: number): [number, number] {
  const tolerance = Math.max(2, Math.round(length * 0.03));
  if (first < 2 || second < 2 || Math.abs(first - second) > tolerance) return [0, 0];
  return [first, second];
}

/**
 * Find the picture inside black bars of a gray frame. `out` is filled and returned.
 * @param gray height x width luma bytes, row-major
 */
export function findPicture(gray: Uint8Array, width: number, height: number, out: CropBox = { left: 0, top: 0, width, height }): CropBox {
  const maxRows = Math.floor(height * MAX_SIDE_SHARE);
  const maxColumns = Math.floor(width * MAX_SIDE_SHARE);
  let top = 0;
  while (top < maxRows && darkRow(gray, width, top)) top++;
  let bottom = 0;
  while (bottom < maxRows && darkRow(gray, width, height - 1 - bottom)) bottom++;
  [top, bottom] = pairedBars(top, bottom, height);
  let left = 0;
  while (left < maxColumns && darkColumn(gray, width, height, left, top, height - bottom)) left++;
  let right = 0;
  while (right < maxColumns && darkColumn(gray, width, height, width - 1 - right, top, height - bottom)) right++;
  [left, right] = pairedBars(left, right, width);
  out.left = left;
  out.top = top;
  out.width = width - left - right;
  out.height = height - top - bottom;
  return out;
}

/**
 * Copy the cropped picture into a float luma plane (what the image hashers read).
 * @param out at least crop.width x crop.height floats; row-major
 */
export function cropToLuma(gray: Uint8Array, width: number, crop: CropBox, out: Float32Array): Float32Array {
  const { left, top, width: w, height: h } = crop;
  let o = 0;
  for (let y = 0; y < h; y++) {
    let i = (top + y) * width + left;
    for (let x = 0; x < w; x++) out[o++] = gray[i++];
  }
  return out;
}
