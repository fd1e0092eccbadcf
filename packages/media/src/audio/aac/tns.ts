/**
 * Temporal noise shaping, decoder side (ISO/IEC 14496-3 4.6.9): an all-pole filter run along
 * frequency over a range of bands, upwards or downwards, whose coefficients come from the
 * transmitted reflection coefficients.
 */
import type { BandTables } from './band-tables.js';
import { EIGHT_SHORT, type ChannelStream } from './channel-stream.js';

/** Highest filter order of AAC-LC: 12 in long windows, 7 in short ones. */
const MAX_ORDER_LONG = 12;
const MAX_ORDER_SHORT = 7;

const lpc = new Float64Array(21);
const previous = new Float64Array(21);
const state = new Float64Array(21);

/** Reflection coefficients to direct-form filter coefficients `lpc[1..order]` (the step-up recursion). */
function toLpc(coefficients: Float64Array, at: number, order: number): void {
  lpc[0] = 1;
  for (let m = 1; m <= order; m++) {
    const k = coefficients[at + m - 1];
    for (let i = 1; i < m; i++) previous[i] = lpc[i];
    for (let i = 1; i < m; i++) lpc[i] = previous[i] + k * previous[m - i];
    lpc[m] = k;
  }
}

/** Filters `channel.spectrum` in place with its TNS data. */
export function applyTns(channel: ChannelStream, bands: BandTables): void {
  const tns = channel.tns;
  if (!tns.present) return;
  const info = channel.info;
  const short = info.sequence === EIGHT_SHORT;
  const edges = short ? bands.short : bands.long;
  const bandCount = edges.length - 1;
  const reach = Math.min(short ? bands.tnsMaxShort : bands.tnsMaxLong, info.maxSfb);
  const maxOrder = short ? MAX_ORDER_SHORT : MAX_ORDER_LONG;
  const spectrum = channel.spectrum;
  for (let w = 0; w < info.windows; w++) {
    let top = bandCount;
    for (let f = 0; f < tns.filters[w]; f++) {
      const at = w * 4 + f;
      const bottom = Math.max(top - tns.length[at], 0);
      const order = Math.min(tns.order[at], maxOrder);
      const start = w * 128 + edges[Math.min(bottom, reach)];
      const end = w * 128 + edges[Math.min(top, reach)];
      top = bottom;
      if (order === 0 || end <= start) continue;
      toLpc(tns.coefficients, at * 32, order);
      state.fill(0, 0, order);
      const step = tns.direction[at] ? -1 : 1;
      let line = step > 0 ? start : end - 1;
      for (let n = end - start; n > 0; n--, line += step) {
        // y[n] = x[n] − Σ lpc[i]·y[n − i]; state holds y[n − 1 …] newest first.
        let y = spectrum[line];
        for (let i = 0; i < order; i++) y -= lpc[i + 1] * state[i];
        for (let i = order - 1; i > 0; i--) state[i] = state[i - 1];
        state[0] = y;
        spectrum[line] = y;
      }
    }
  }
}
