/**
 * k-nearest selection by counting: distances are small integers (0..256), so a histogram finds
 * the k-th distance and one more pass places each selected entry straight into its output slot,
 * sorted by distance with ties in position (= insertion) order. O(n), no sorting, no allocation.
 */
import type { HammingHits } from './hits.js';

/** Distance marking an entry that must not be selected (dead or beyond the radius). */
export const NO_DISTANCE = 0xffff;

/**
 * Append to `out` the `k` entries of smallest `distances[i]` (i < count, distance <= maxDistance),
 * by increasing distance, ties by increasing i.
 * @param histogram scratch, at least maxDistance + 2 entries
 * @param slots scratch, at least maxDistance + 2 entries
 */
export function selectNearest(
  distances: Uint16Array, // entry distances, NO_DISTANCE for dead entries
  count: number,
  k: number,
  maxDistance: number,
  itemIds: Uint32Array,
  tags: Uint32Array,
  out: HammingHits,
  histogram: Uint32Array,
  slots: Uint32Array,
): void {
  if (k <= 0 || count === 0) return;
  histogram.fill(0, 0, maxDistance + 1);
  for (let i = 0; i < count; i++) {
    const d = distances[i];
    if (d <= maxDistance) histogram[d]++;
  }
  // Cut-off distance: the smallest d with at least k entries at distance <= d.
  let within = 0; // entries at distance <= cut
  let cut = 0;
  for (; cut <= maxDistance; cut++) {
    within += histogram[cut];
    if (within >= k) break;
  }
  if (cut > maxDistance) cut = maxDistance;
  const taken = Math.min(k, within);
  if (taken === 0) return;
  out.reserve(taken);
  const base = out.length;
  let position = base;
  for (let d = 0; d <= cut; d++) {
    slots[d] = position;
    position += histogram[d];
  }
  const end = base + taken;
  const outItemIds = out.itemIds;
  const outTags = out.tags;
  const outDistances = out.distances;
  for (let i = 0; i < count; i++) {
    const d = distances[i];
    if (d > cut) continue;
    const slot = slots[d];
    if (slot >= end) continue; // only the cut-off distance can overflow: later ties lose
    slots[d] = slot + 1;
    outItemIds[slot] = itemIds[i];
    outTags[slot] = tags[i];
    outDistances[slot] = d;
  }
  out.length = end;
}
