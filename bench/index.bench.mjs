#!/usr/bin/env node
// @mediadna/index speed (imports its built dist/; build first: npx tsc -b packages/index).
//  1. 256-bit radius search at each size: linear scan vs exact multi-index hashing (MIH, and the
//     'auto' kind), same queries, ratio in the same run; k-nearest (k=10 within the radius) too.
//  2. Postings lookup throughput on a landmark-sized index, against a Map<key, number[]> baseline.
//   node bench/index.bench.mjs [--sizes 100000,1000000] [--radius 31] [--queries 200] [--seed 1]
//        [--data uniform,video] [--postings 10000000] [--keys 4194304] [--item-postings 2000]
//        [--time 1500] [--skip-map] [--append]    (--sizes none: postings only)
// Data 'uniform': uniformly random codes. Data 'video': items of 100 "frames" in shots of 25,
// each frame its predecessor with 0..4 bits flipped (clustered, like frame hashes of a shot).
// Each query is a stored code with 0..radius random bits flipped (4 in 5) or an unrelated
// random code (1 in 5). Postings: keys uniform over --keys values.
// --append adds the results with the machine to bench/RESULTS.md under "Index".
import { appendFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import {
  HammingHits,
  LinearHammingIndex,
  MultiIndexHammingIndex,
  PostingList,
  PostingsIndex,
  createHammingIndex,
} from '../packages/index/dist/index.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    radius: { type: 'string', default: '31' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    postings: { type: 'string', default: '10000000' },
    keys: { type: 'string', default: String(1 << 22) },
    'item-postings': { type: 'string', default: '2000' },
    time: { type: 'string', default: '1500' },
    data: { type: 'string', default: 'uniform,video' },
    'skip-map': { type: 'boolean', default: false },
    append: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes === '' || values.sizes === 'none' ? [] : values.sizes.split(',').map(Number);
const withMap = !values['skip-map'];
const radius = Number(values.radius);
const queryCount = Number(values.queries);
const postingTotal = Number(values.postings);
const keySpace = Number(values.keys);
const itemPostings = Number(values['item-postings']);
const time = Number(values.time);

/** mulberry32 */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
const next = random(Number(values.seed));

function randomWords(count) {
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = next();
  return words;
}

function nearQueries(codes, n, words) {
  const queries = new Uint32Array(queryCount * words);
  for (let q = 0; q < queryCount; q++) {
    const o = q * words;
    if (q % 5 === 4) {
      for (let w = 0; w < words; w++) queries[o + w] = next();
      continue;
    }
    const source = (next() % n) * words;
    for (let w = 0; w < words; w++) queries[o + w] = codes[source + w];
    const flips = next() % (radius + 1);
    for (let f = 0; f < flips; f++) {
      const bit = next() % (words * 32);
      queries[o + (bit >>> 5)] ^= 1 << (31 - (bit & 31)); // may hit a bit twice: distance <= flips
    }
  }
  return queries;
}

const lines = [];
function log(line = '') {
  console.log(line);
  lines.push(line);
}

function fmtMicros(ms) {
  return (ms * 1000).toFixed(ms < 0.01 ? 2 : 1);
}

async function runBench(tasks) {
  const bench = new Bench({ time, iterations: 3 });
  for (const [name, fn] of tasks) bench.add(name, fn);
  await bench.run();
  const means = new Map();
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw task.result.error ?? new Error(`${task.name}: ${task.result.state}`);
    means.set(task.name, task.result.latency.mean);
  }
  return means;
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
log(`### ${machine}`);
log();
log(`Load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared machine: absolute times vary, ratios are from the same run).`);
log();
log(`\`node bench/index.bench.mjs --sizes ${values.sizes} --radius ${radius} --queries ${queryCount} --postings ${postingTotal} --keys ${keySpace} --seed ${values.seed}\``);
log();
log('256-bit codes. uniform: random codes; video: items of 100 frames in shots of 25, each frame its predecessor');
log('with 0..4 bits flipped. Queries: stored codes with 0..radius bits flipped (4/5) or random codes (1/5).');
log('MIH = pure multi-index hashing (`kind: mih`), auto = default `createHammingIndex` (MIH with scan fallback).');
log('Times are per query (mean over the query set).');
log();
log(`| data | entries | search | linear µs | MIH µs | auto µs | linear/MIH | linear/auto | hits/query | MIH build s (adds + first query) | MIH MB | linear MB |`);
log(`|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);

/** Video-like codes: shots of 25 frames, each frame the previous one with 0..4 bits flipped. */
function videoWords(n) {
  const codes = new Uint32Array(n * 8);
  for (let i = 0; i < n; i++) {
    const o = i * 8;
    if (i % 25 === 0) {
      for (let w = 0; w < 8; w++) codes[o + w] = next();
      continue;
    }
    for (let w = 0; w < 8; w++) codes[o + w] = codes[o - 8 + w];
    for (let f = next() % 5; f > 0; f--) {
      const bit = next() % 256;
      codes[o + (bit >>> 5)] ^= 1 << (31 - (bit & 31));
    }
  }
  return codes;
}

for (const data of values.data.split(','))
for (const n of sizes) {
  const words = 8;
  const codes = data === 'video' ? videoWords(n) : randomWords(n * words);
  const linear = new LinearHammingIndex(256);
  const mih = new MultiIndexHammingIndex(256, { minTableSize: 0, linearFallback: false });
  const auto = createHammingIndex(256);
  const perItem = 100; // e.g. frames of one video
  const tags = new Uint32Array(perItem).map((_, i) => i);
  const hits = new HammingHits(1024);
  let t0 = performance.now();
  for (let i = 0; i < n; i += perItem) {
    const count = Math.min(perItem, n - i);
    const slice = codes.subarray(i * words, (i + count) * words);
    linear.addMany(i / perItem, slice, tags.subarray(0, count));
  }
  t0 = performance.now();
  for (let i = 0; i < n; i += perItem) {
    const count = Math.min(perItem, n - i);
    mih.addMany(i / perItem, codes.subarray(i * words, (i + count) * words), tags.subarray(0, count));
  }
  mih.searchRadius(codes, 0, hits, 0); // the tables are built lazily, at the first query
  const mihBuild = (performance.now() - t0) / 1000;
  for (let i = 0; i < n; i += perItem) {
    const count = Math.min(perItem, n - i);
    auto.addMany(i / perItem, codes.subarray(i * words, (i + count) * words), tags.subarray(0, count));
  }
  const queries = nearQueries(codes, n, words);
  // Same answers first (the tests check this in depth; here it guards the benchmark itself).
  let total = 0;
  for (let q = 0; q < queryCount; q++) {
    hits.clear();
    linear.searchRadius(queries, radius, hits, q * words);
    const expected = hits.length;
    hits.clear();
    mih.searchRadius(queries, radius, hits, q * words);
    if (hits.length !== expected) throw new Error(`MIH found ${hits.length} hits, linear ${expected}`);
    total += expected;
  }
  const radiusTask = (index) => () => {
    for (let q = 0; q < queryCount; q++) {
      hits.clear();
      index.searchRadius(queries, radius, hits, q * words);
    }
  };
  const knnTask = (index) => () => {
    for (let q = 0; q < queryCount; q++) {
      hits.clear();
      index.searchKnn(queries, 10, hits, radius, q * words);
    }
  };
  const means = await runBench([
    ['linear radius', radiusTask(linear)],
    ['mih radius', radiusTask(mih)],
    ['auto radius', radiusTask(auto)],
    ['linear knn', knnTask(linear)],
    ['mih knn', knnTask(mih)],
    ['auto knn', knnTask(auto)],
  ]);
  for (const kind of ['radius', 'knn']) {
    const l = means.get(`linear ${kind}`) / queryCount;
    const m = means.get(`mih ${kind}`) / queryCount;
    const a = means.get(`auto ${kind}`) / queryCount;
    const label = kind === 'radius' ? `radius ${radius}` : `10-NN within ${radius}`;
    log(
      `| ${data} | ${n.toLocaleString('en')} | ${label} | ${fmtMicros(l)} | ${fmtMicros(m)} | ${fmtMicros(a)} | ${(l / m).toFixed(1)}× | ${(l / a).toFixed(1)}× | ${kind === 'radius' ? (total / queryCount).toFixed(1) : '–'} | ${mihBuild.toFixed(2)} | ${(mih.byteSize / 2 ** 20).toFixed(0)} | ${(linear.byteSize / 2 ** 20).toFixed(0)} |`,
    );
  }
}

// Postings: items of `itemPostings` postings each, keys uniform over `keySpace`; the same keys
// feed the PostingsIndex and the Map baseline.
log();
const allKeys = new Uint32Array(postingTotal);
for (let i = 0; i < postingTotal; i++) allKeys[i] = next() % keySpace;
const times = new Uint32Array(itemPostings).map((_, i) => i * 3);
const lookupKeys = new Uint32Array(10000);
for (let i = 0; i < lookupKeys.length; i++) lookupKeys[i] = i % 2 === 0 ? allKeys[next() % postingTotal] : next() % keySpace;

const postings = new PostingsIndex();
let t0 = performance.now();
for (let start = 0, itemId = 0; start < postingTotal; start += itemPostings, itemId++) {
  const end = Math.min(start + itemPostings, postingTotal);
  postings.add(itemId, allKeys.subarray(start, end), times.subarray(0, end - start));
}
postings.compact();
const postingBuild = (performance.now() - t0) / 1000;

let baseline = null;
let baselineBuild = 0;
let baselineBytes = 0;
if (withMap) {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  t0 = performance.now();
  baseline = new Map();
  for (let start = 0, itemId = 0; start < postingTotal; start += itemPostings, itemId++) {
    const end = Math.min(start + itemPostings, postingTotal);
    for (let i = start; i < end; i++) {
      const key = allKeys[i];
      let list = baseline.get(key);
      if (list === undefined) baseline.set(key, (list = []));
      list.push(itemId, (i - start) * 3);
    }
  }
  baselineBuild = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  baselineBytes = process.memoryUsage().heapUsed - heapBefore;
}
const list = new PostingList(1024);
let found = 0;
for (const key of lookupKeys) found += postings.lookup(key, list).length;
const tasks = [
  [
    'postings lookup',
    () => {
      for (let i = 0; i < lookupKeys.length; i++) postings.lookup(lookupKeys[i], list);
    },
  ],
];
if (baseline !== null) {
  tasks.push([
    'Map<key, number[]> lookup',
    () => {
      let sum = 0;
      for (let i = 0; i < lookupKeys.length; i++) sum += baseline.get(lookupKeys[i])?.length ?? 0;
      if (sum < 0) throw new Error('unreachable');
    },
  ]);
}
const postingMeans = await runBench(tasks);
const perLookup = postingMeans.get('postings lookup') / lookupKeys.length;
log(`Postings: ${postings.postingCount.toLocaleString('en')} postings in ${postings.itemCount.toLocaleString('en')} items, keys uniform over ${keySpace.toLocaleString('en')}; lookups: half stored keys, half random keys.`);
log();
log('| structure | lookup µs | lookups/s | postings copied/s | build s | bytes/posting |');
log('|---|---:|---:|---:|---:|---:|');
log(
  `| PostingsIndex (compacted) | ${fmtMicros(perLookup)} | ${Math.round(1000 / perLookup).toLocaleString('en')} | ${Math.round(((found / lookupKeys.length) * 1000) / perLookup).toLocaleString('en')} | ${postingBuild.toFixed(1)} | ${(postings.byteSize / postings.postingCount).toFixed(1)} |`,
);
if (baseline !== null) {
  const perBaseline = postingMeans.get('Map<key, number[]> lookup') / lookupKeys.length;
  const bytes = globalThis.gc ? (baselineBytes / postingTotal).toFixed(1) : '– (run with --expose-gc)';
  log(`| Map<key, number[]> (baseline, no copy) | ${fmtMicros(perBaseline)} | ${Math.round(1000 / perBaseline).toLocaleString('en')} | – | ${baselineBuild.toFixed(1)} | ${bytes} |`);
  log();
  log(`PostingsIndex lookup vs Map baseline: ${(perBaseline / perLookup).toFixed(2)}× (>1 = faster). ${(found / lookupKeys.length).toFixed(1)} postings per looked-up key.`);
}
log();

if (values.append) {
  appendFileSync(new URL('./RESULTS.md', import.meta.url), `\n${lines.join('\n')}\n`);
  console.log('appended to bench/RESULTS.md');
}
