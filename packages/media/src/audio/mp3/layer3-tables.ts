/**
 * Fixed tables of MPEG audio Layer III (ISO/IEC 11172-3 and 13818-3): bit rates, scale-factor
 * bands, pretab, the synthesis window. Values are the standard's; the arrays are built once.
 */

/** Layer III bit rates in kb/s by index: MPEG-1, then MPEG-2 and 2.5. Index 0 is free format. */
export const BITRATES_KBPS: readonly (readonly number[])[] = [
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];

/** Sample rates by [version][index]; version 0 = MPEG-1, 1 = MPEG-2, 2 = MPEG-2.5. */
export const SAMPLE_RATES: readonly (readonly number[])[] = [
  [44100, 48000, 32000],
  [22050, 24000, 16000],
  [11025, 12000, 8000],
];

/** Widths of the long-block scale-factor bands (22 bands, 576 lines) by rate, in SAMPLE_RATES order. */
const LONG_BAND_WIDTHS: readonly string[] = [
  '4 4 4 4 4 4 6 6 8 8 10 12 16 20 24 28 34 42 50 54 76 158',
  '4 4 4 4 4 4 6 6 6 8 10 12 16 18 22 28 34 40 46 54 54 192',
  '4 4 4 4 4 4 6 6 8 10 12 16 20 24 30 38 46 56 68 84 102 26',
  '6 6 6 6 6 6 8 10 12 14 16 20 24 28 32 38 46 52 60 68 58 54',
  '6 6 6 6 6 6 8 10 12 14 16 18 22 26 32 38 46 52 64 70 76 36',
  '6 6 6 6 6 6 8 10 12 14 16 20 24 28 32 38 46 52 60 68 58 54',
  '6 6 6 6 6 6 8 10 12 14 16 20 24 28 32 38 46 52 60 68 58 54',
  '6 6 6 6 6 6 8 10 12 14 16 20 24 28 32 38 46 52 60 68 58 54',
  '12 12 12 12 12 12 16 20 24 28 32 40 48 56 64 76 90 2 2 2 2 2',
];

/** Widths of the short-block bands (13 bands, 192 lines per window) by rate. */
const SHORT_BAND_WIDTHS: readonly string[] = [
  '4 4 4 4 6 8 10 12 14 18 22 30 56',
  '4 4 4 4 6 6 10 12 14 16 20 26 66',
  '4 4 4 4 6 8 12 16 20 26 34 42 12',
  '4 4 4 6 6 8 10 14 18 26 32 42 18',
  '4 4 4 6 8 10 12 14 18 24 32 44 12',
  '4 4 4 6 8 10 12 14 18 24 30 40 18',
  '4 4 4 6 8 10 12 14 18 24 30 40 18',
  '4 4 4 6 8 10 12 14 18 24 30 40 18',
  '8 8 8 12 16 20 24 28 36 2 2 2 26',
];

/** Band starts (and the end) from widths. */
function starts(widths: string): Int16Array {
  const list = widths.split(' ').map(Number);
  const out = new Int16Array(list.length + 1);
  for (let i = 0; i < list.length; i++) out[i + 1] = out[i] + list[i];
  return out;
}

/** Long-band starts (23 values, last 576) for a rate index 0..8 (version * 3 + index). */
export const LONG_BANDS: readonly Int16Array[] = LONG_BAND_WIDTHS.map(starts);
/** Short-band starts (14 values, last 192) for a rate index 0..8. */
export const SHORT_BANDS: readonly Int16Array[] = SHORT_BAND_WIDTHS.map(starts);

/** Added to long-band scale factors when preflag is set. */
export const PRETAB: Int8Array = Int8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0]);

/** MPEG-1 scale-factor bit lengths (slen1, slen2) by scalefac_compress. */
export const SLEN: readonly (readonly [number, number])[] = [
  [0, 0], [0, 1], [0, 2], [0, 3], [3, 0], [1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3], [3, 1], [3, 2], [3, 3], [4, 2], [4, 3],
];

/**
 * MPEG-2 scale-factor counts per group: [table][block kind: long, short, mixed][4 groups]. The
 * table comes from scalefac_compress (and intensity stereo on the right channel).
 */
export const LSF_BAND_COUNTS: readonly (readonly (readonly number[])[])[] = [
  [[6, 5, 5, 5], [9, 9, 9, 9], [6, 9, 9, 9]],
  [[6, 5, 7, 3], [9, 9, 12, 6], [6, 9, 12, 6]],
  [[11, 10, 0, 0], [18, 18, 0, 0], [15, 18, 0, 0]],
  [[7, 7, 7, 0], [12, 12, 12, 0], [6, 15, 12, 0]],
  [[6, 6, 6, 3], [12, 9, 9, 6], [6, 12, 9, 6]],
  [[8, 8, 5, 0], [15, 12, 9, 0], [6, 18, 9, 0]],
];

/** Alias-reduction coefficients c_i; the butterflies use cs = 1/√(1+c²), ca = c/√(1+c²). */
const ALIAS_C = [-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037];
export const ALIAS_CS: Float32Array = Float32Array.from(ALIAS_C, (c) => 1 / Math.sqrt(1 + c * c));
export const ALIAS_CA: Float32Array = Float32Array.from(ALIAS_C, (c) => c / Math.sqrt(1 + c * c));

/**
 * First half of the synthesis window D[0..256] in units of 2^-16 (the standard's table of D,
 * which is 32 × the analysis window C). The second half mirrors it: D[512 - i] = -D[i], except
 * at multiples of 64 where D[512 - i] = D[i].
 */
const HALF_WINDOW = (
  '0 -1 -1 -1 -1 -1 -1 -2 -2 -2 -2 -3 -3 -4 -4 -5 -5 -6 -7 -7 -8 -9 -10 -11 -13 -14 -16 -17 -19 -21 -24 -26 ' +
  '-29 -31 -35 -38 -41 -45 -49 -53 -58 -63 -68 -73 -79 -85 -91 -97 -104 -111 -117 -125 -132 -139 -147 -154 -161 -169 -176 -183 -190 -196 -202 -208 ' +
  '213 218 222 225 227 228 228 227 224 221 215 208 200 189 177 163 146 127 106 83 57 29 -2 -36 -72 -111 -153 -197 -244 -294 -347 -401 ' +
  '-459 -519 -581 -645 -711 -779 -848 -919 -991 -1064 -1137 -1210 -1283 -1356 -1428 -1498 -1567 -1634 -1698 -1759 -1817 -1870 -1919 -1962 -2001 -2032 -2057 -2075 -2085 -2087 -2080 -2063 ' +
  '2037 2000 1952 1893 1822 1739 1644 1535 1414 1280 1131 970 794 605 402 185 -45 -288 -545 -814 -1095 -1388 -1692 -2006 -2330 -2663 -3004 -3351 -3705 -4063 -4425 -4788 ' +
  '-5153 -5517 -5879 -6237 -6589 -6935 -7271 -7597 -7910 -8209 -8491 -8755 -8998 -9219 -9416 -9585 -9727 -9838 -9916 -9959 -9966 -9935 -9863 -9750 -9592 -9389 -9139 -8840 -8492 -8092 -7640 -7134 ' +
  '6574 5959 5288 4561 3776 2935 2037 1082 70 -998 -2122 -3300 -4533 -5818 -7154 -8540 -9975 -11455 -12980 -14548 -16155 -17799 -19478 -21189 -22929 -24694 -26482 -28289 -30112 -31947 -33791 -35640 ' +
  '-37489 -39336 -41176 -43006 -44821 -46617 -48390 -50137 -51853 -53534 -55178 -56778 -58333 -59838 -61289 -62684 -64019 -65290 -66494 -67629 -68692 -69679 -70590 -71420 -72169 -72835 -73415 -73908 -74313 -74630 -74856 -74992 ' +
  '75038'
);

/** The synthesis window D[0..511]. */
export function synthesisWindow(): Float64Array {
  const half = HALF_WINDOW.split(' ').map(Number);
  if (half.length !== 257) throw new Error('mp3 synthesis window: wrong length');
  const window = new Float64Array(512);
  for (let i = 0; i <= 256; i++) {
    const value = half[i] / 65536;
    window[i] = value;
    if (i > 0 && i < 256) window[512 - i] = i % 64 === 0 ? value : -value;
  }
  return window;
}
