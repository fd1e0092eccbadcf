/** Floor type 1 (Vorbis spec section 7.2): packet decode and curve synthesis. */
import type { BitReader } from './bit-reader.js';
import { ilog } from './bit-reader.js';
import { decodeEntry, type Codebook } from './codebook.js';
import type { Floor1 } from './setup.js';

/** The spec's FLOOR1_inverse_dB_table: 10^(((i + 1) * 140/256 - 140) / 20), i.e. -139.5 dB … 0 dB. */
const INVERSE_DB = Float64Array.from({ length: 256 }, (_, i) => Math.pow(10, ((i + 1) * (140 / 256) - 140) / 20));

const RANGES = [256, 128, 86, 64];

/**
 * Reads a floor's Y values into `y`; false when the floor is unused in this packet (the channel
 * is silent) or the packet ended.
 */
export function readFloor1(reader: BitReader, floor: Floor1, books: readonly Codebook[], y: Int32Array): boolean {
  if (reader.read(1) === 0) return false;
  const range = RANGES[floor.multiplier - 1];
  const bits = ilog(range - 1);
  y[0] = reader.read(bits);
  y[1] = reader.read(bits);
  let offset = 2;
  for (let p = 0; p < floor.partitionClasses.length; p++) {
    const cls = floor.partitionClasses[p];
    const dimensions = floor.classDimensions[cls];
    const subclassBits = floor.classSubclasses[cls];
    const mask = (1 << subclassBits) - 1;
    let value = 0;
    if (subclassBits > 0) {
      value = decodeEntry(reader, books[floor.classMasterbooks[cls]]);
      if (value < 0) return false;
    }
    for (let j = 0; j < dimensions; j++) {
      const book = floor.subclassBooks[cls][value & mask];
      value >>>= subclassBits;
      if (book >= 0) {
        const entry = decodeEntry(reader, books[book]);
        if (entry < 0) return false;
        y[offset + j] = entry;
      } else {
        y[offset + j] = 0;
      }
    }
    offset += dimensions;
  }
  return !reader.overrun;
}

function renderPoint(x0: number, y0: number, x1: number, y1: number, x: number): number {
  const dy = y1 - y0;
  const adx = x1 - x0;
  const offset = Math.floor((Math.abs(dy) * (x - x0)) / adx);
  return dy < 0 ? y0 - offset : y0 + offset;
}

/**
 * Bresenham-style line of integer dB steps from x0 to x1 (exclusive), for x < limit: adds
 * amplitude × residue[x] × scale to out[x] (the floor curve applied and summed at once).
 */
function renderLine(x0: number, y0: number, x1: number, y1: number, residue: Float64Array, scale: number, out: Float64Array, limit: number): void {
  const dy = y1 - y0;
  const adx = x1 - x0;
  let ady = Math.abs(dy);
  const base = Math.trunc(dy / adx);
  const sy = dy < 0 ? base - 1 : base + 1;
  ady -= Math.abs(base) * adx;
  let y = y0;
  let err = 0;
  const end = Math.min(x1, limit);
  if (x0 < end) out[x0] += INVERSE_DB[y & 255] * residue[x0] * scale;
  const extra = sy - base;
  for (let x = x0 + 1; x < end; x++) {
    // The spec's error step without a branch (taken or not in no predictable pattern).
    err += ady;
    const over = +(err >= adx);
    err -= over * adx;
    y += base + over * extra;
    out[x] += INVERSE_DB[y & 255] * residue[x] * scale;
  }
}

/**
 * Applies the floor curve to `residue` for bins [0, limit) of a block of `half` bins, adding
 * curve × residue × scale to `out`. The curve comes from the Y values `readFloor1` gave;
 * `finalY` and `used` are scratch.
 */
export function applyFloor1(floor: Floor1, y: Int32Array, half: number, limit: number, residue: Float64Array, scale: number, out: Float64Array, finalY: Int32Array, used: Uint8Array): void {
  const range = RANGES[floor.multiplier - 1];
  const xs = floor.xList;
  const count = xs.length;
  finalY[0] = y[0];
  finalY[1] = y[1];
  used[0] = used[1] = 1;
  for (let i = 2; i < count; i++) {
    const low = floor.lowNeighbour[i];
    const high = floor.highNeighbour[i];
    const predicted = renderPoint(xs[low], finalY[low], xs[high], finalY[high], xs[i]);
    const value = y[i];
    const highRoom = range - predicted;
    const lowRoom = predicted;
    const room = highRoom < lowRoom ? highRoom * 2 : lowRoom * 2;
    if (value !== 0) {
      used[low] = used[high] = used[i] = 1;
      if (value >= room) finalY[i] = highRoom > lowRoom ? value - lowRoom + predicted : predicted - value + highRoom - 1;
      else finalY[i] = value & 1 ? predicted - ((value + 1) >> 1) : predicted + (value >> 1);
    } else {
      used[i] = 0;
      finalY[i] = predicted;
    }
  }
  const order = floor.sortedOrder;
  const multiplier = floor.multiplier;
  let lx = 0;
  let ly = finalY[order[0]] * multiplier;
  let hx = 0;
  let hy = 0;
  const end = Math.min(half, limit);
  for (let k = 1; k < count; k++) {
    const i = order[k];
    if (!used[i]) continue;
    hy = finalY[i] * multiplier;
    hx = xs[i];
    if (lx < end) renderLine(lx, ly, hx, hy, residue, scale, out, end);
    lx = hx;
    ly = hy;
  }
  if (hx < end) {
    const amplitude = INVERSE_DB[hy & 255] * scale;
    for (let x = hx; x < end; x++) out[x] += amplitude * residue[x];
  }
}
