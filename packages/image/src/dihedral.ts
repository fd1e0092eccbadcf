/**
 * Dihedral variants: the 8 flips and right-angle rotations of an image.
 *
 * Conventions (image coordinates: x to the right, y down; `W x H` source):
 * | name         | meaning                                   | source pixel of output (x, y) | size  |
 * |--------------|-------------------------------------------|-------------------------------|-------|
 * | `identity`   | unchanged                                 | (x, y)                        | W x H |
 * | `flip`       | mirror left↔right ("flipX", horizontal)   | (W-1-x, y)                    | W x H |
 * | `flipY`      | mirror top↔bottom (vertical)              | (x, H-1-y)                    | W x H |
 * | `rotate90`   | rotate 90° clockwise                      | (y, H-1-x)                    | H x W |
 * | `rotate180`  | rotate 180°                               | (W-1-x, H-1-y)                | W x H |
 * | `rotate270`  | rotate 270° clockwise (90° anticlockwise) | (W-1-y, x)                    | H x W |
 * | `transpose`  | mirror across the main diagonal           | (y, x)                        | H x W |
 * | `transverse` | mirror across the anti-diagonal           | (W-1-y, H-1-x)                | H x W |
 *
 * A variant named `t` is the hash of `t` applied to the input. So a query that is a stored
 * image rotated 90° clockwise matches through its `rotate270` variant; {@link DIHEDRAL_INVERSE}
 * maps a variant to the transform that turns the stored image into the query.
 *
 * From DCT coefficients: mirroring an axis of length N maps sample k to N-1-k, which multiplies
 * the DCT-II coefficient of frequency f by (-1)^f. Rows of the kept blocks are frequencies
 * 1..n, so index u has frequency u + 1 and flips sign when u is even. Transposing the image
 * transposes the block. Every variant is a sign pattern, optionally after a transpose, so
 * variants cost 256 + 64 sign flips instead of 8 re-hashes. The downsamples are symmetric up to
 * the filter's even-window half-pixel offset, so these equal the pixel-transform hashes up to a
 * few bits (tested against {@link transformRgbaImage}).
 */
import type { RgbaImage } from './luma.js';

/** The eight dihedral transforms, identity first (the order of variant lists and blobs). */
export const DIHEDRAL_TRANSFORMS: readonly DihedralTransform[] = Object.freeze([
  'identity',
  'flip',
  'flipY',
  'rotate90',
  'rotate180',
  'rotate270',
  'transpose',
  'transverse',
] as const);

/** Name of one dihedral transform (see the table in this module). */
export type DihedralTransform =
  | 'identity'
  | 'flip'
  | 'flipY'
  | 'rotate90'
  | 'rotate180'
  | 'rotate270'
  | 'transpose'
  | 'transverse';

/** The transform undoing each transform (rotations swap; mirrors are their own inverse). */
export const DIHEDRAL_INVERSE: Readonly<Record<DihedralTransform, DihedralTransform>> = Object.freeze({
  identity: 'identity',
  flip: 'flip',
  flipY: 'flipY',
  rotate90: 'rotate270',
  rotate180: 'rotate180',
  rotate270: 'rotate90',
  transpose: 'transpose',
  transverse: 'transverse',
});

/** Per transform: transpose the block first?, then negate even vertical / even horizontal indices? */
const DCT_RULES: Readonly<Record<DihedralTransform, { transpose: boolean; negateEvenRows: boolean; negateEvenColumns: boolean }>> =
  Object.freeze({
    identity: { transpose: false, negateEvenRows: false, negateEvenColumns: false },
    flip: { transpose: false, negateEvenRows: false, negateEvenColumns: true },
    flipY: { transpose: false, negateEvenRows: true, negateEvenColumns: false },
    rotate90: { transpose: true, negateEvenRows: false, negateEvenColumns: true },
    rotate180: { transpose: false, negateEvenRows: true, negateEvenColumns: true },
    rotate270: { transpose: true, negateEvenRows: true, negateEvenColumns: false },
    transpose: { transpose: true, negateEvenRows: false, negateEvenColumns: false },
    transverse: { transpose: true, negateEvenRows: true, negateEvenColumns: true },
  });

/**
 * DCT block of the transformed image, from the block of the original.
 * @param input side x side block (frequencies 1..side), row-major
 * @param out side x side, row-major (must not alias `input`)
 */
export function transformDctBlock(input: Float32Array, side: number, transform: DihedralTransform, out: Float32Array): void {
  const rule = DCT_RULES[transform];
  const transpose = rule.transpose;
  const negateRows = rule.negateEvenRows;
  const negateColumns = rule.negateEvenColumns;
  for (let u = 0; u < side; u++) {
    const rowNegated = negateRows && (u & 1) === 0;
    for (let v = 0; v < side; v++) {
      const value = transpose ? input[v * side + u] : input[u * side + v];
      const negate = rowNegated !== (negateColumns && (v & 1) === 0);
      out[u * side + v] = negate ? -value : value;
    }
  }
}

/**
 * Apply a dihedral transform to RGBA pixels (the slow reference for the DCT route; also handy
 * for making test queries). Allocates the output.
 */
export function transformRgbaImage(image: RgbaImage, transform: DihedralTransform): RgbaImage {
  const { width, height, data } = image;
  const swap = DCT_RULES[transform].transpose;
  const outWidth = swap ? height : width;
  const outHeight = swap ? width : height;
  const out = new Uint8Array(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sx: number;
      let sy: number;
      switch (transform) {
        case 'identity': sx = x; sy = y; break;
        case 'flip': sx = width - 1 - x; sy = y; break;
        case 'flipY': sx = x; sy = height - 1 - y; break;
        case 'rotate90': sx = y; sy = height - 1 - x; break;
        case 'rotate180': sx = width - 1 - x; sy = height - 1 - y; break;
        case 'rotate270': sx = width - 1 - y; sy = x; break;
        case 'transpose': sx = y; sy = x; break;
        case 'transverse': sx = width - 1 - y; sy = height - 1 - x; break;
      }
      const from = (sy * width + sx) * 4;
      const to = (y * outWidth + x) * 4;
      out[to] = data[from];
      out[to + 1] = data[from + 1];
      out[to + 2] = data[from + 2];
      out[to + 3] = data[from + 3];
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
