#!/usr/bin/env node
// Video DNA speed, in one run:
//   1. fingerprinting a 60 s 720p30 H.264 High clip per decoder backend (system ffmpeg, @ffmpeg/core
//      WASM; full sampling and keyframes only), against ffmpeg's own MPEG-7 `signature` filter and a
//      plain ffmpeg decode, all single-threaded. Reported as x realtime by wall clock and per core
//      (video seconds / CPU seconds of this process and its ffmpeg children).
//   2. searching a 60 s query (the clip re-encoded at 480x270, CRF 30, mirrored) in a library of
//      100 hours: the clip's own fingerprint plus synthetic videos made from real frame hashes
//      (runs of consecutive frames of real videos, each synthetic video with its own random
//      permutation of the 256 hash bits: real bit statistics and frame-to-frame correlation,
//      unrelated to each other and to the query). Baseline: the same search on a linear-scan index.
// Imports the built dist/ (npx tsc -b packages/dna). Needs a system ffmpeg to make
// its inputs (and for the system-backend and signature tasks).
//   node bench/video.bench.mjs [--input clip.mp4] [--hours 100] [--iterations 3] [--skip-wasm] [--seed 1]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { VideoLibrary } from '../packages/video/dist/index.js';
// Decoding + fingerprinting is the Video engine's side (the video package is pure, over frames).
import { hashVideo } from '../packages/dna/dist/engines/video-extract.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    hours: { type: 'string', default: '100' },
    iterations: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'skip-wasm': { type: 'boolean', default: false },
    'skip-fingerprint': { type: 'boolean', default: false },
  },
});
const iterations = Number(values.iterations);
const work = join(tmpdir(), 'mediadna-video-bench');
mkdirSync(work, { recursive: true });
const ffmpeg = (args) => execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

// ---- inputs ----
const opencv = '/tmp/corpus-dev/.cache/x/opencv-doc/usr/share/doc/opencv-doc/examples/data';
let input = values.input;
if (!input) {
  input = join(work, '720p.mp4');
  if (!existsSync(input)) {
    if (existsSync(join(opencv, 'vtest.avi'))) {
      const d = (name) => join(opencv, name);
      ffmpeg(['-i', d('Megamind.avi'), '-i', d('Megamind_bugy.avi'), '-i', d('vtest.avi'), '-filter_complex',
        '[0:v]scale=1280:720,setsar=1,fps=30[a];[1:v]scale=1280:720,setsar=1,fps=30[b];[2:v]trim=0:40,setpts=PTS-STARTPTS,scale=1280:720,setsar=1,fps=30[c];[a][b][c]concat=n=3:v=1:a=0[v]',
        '-map', '[v]', '-map', '0:a', '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'medium', '-crf', '21', '-c:a', 'aac', '-b:a', '96k', '-t', '60', input]);
    } else {
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30', '-f', 'lavfi', '-i', 'mandelbrot=s=1280x720:r=30', '-filter_complex', '[0:v][1:v]blend=all_mode=average[v]', '-map', '[v]',
        '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'medium', '-crf', '21', '-t', '60', input]);
    }
  }
}
const query = join(work, 'query-480p-hflip.mp4');
if (!existsSync(query)) ffmpeg(['-i', input, '-vf', 'hflip,scale=480:270', '-c:v', 'libx264', '-crf', '30', '-preset', 'veryfast', '-an', query]);
const videoSeconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', input]).toString().trim());
const source = { type: 'path', path: input, size: statSync(input).size };

// ---- CPU accounting: this process plus reaped children (Linux /proc) ----
function cpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    const ticks = (i) => Number(fields[i - 3]) / 100;
    return ticks(14) + ticks(15) + ticks(16) + ticks(17);
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
}
const cpuOf = new Map();
const keyOfTask = new Map();
function timed(name, fn, title) {
  keyOfTask.set(title, name);
  return async () => {
    const before = cpuSeconds();
    await fn();
    const entry = cpuOf.get(name) ?? { cpu: 0, runs: 0 };
    entry.cpu += cpuSeconds() - before;
    entry.runs++;
    cpuOf.set(name, entry);
  };
}

// ---- 1. fingerprinting ----
const fingerprinting = new Bench({ time: 0, iterations, warmupIterations: 0, warmup: false });
fingerprinting
  .add('ffmpeg signature filter, 1 thread (baseline)', timed('signature', () => ffmpeg(['-threads', '1', '-i', input, '-an', '-vf', `signature=filename=${join(work, 'sig.bin')}`, '-f', 'null', '-']), 'ffmpeg signature filter, 1 thread (baseline)'))
  .add('ffmpeg decode only, 1 thread', timed('decode', () => ffmpeg(['-threads', '1', '-i', input, '-an', '-f', 'null', '-']), 'ffmpeg decode only, 1 thread'))
  .add('hashVideo system ffmpeg (2 fps + scene cuts, video only)', timed('system', () => hashVideo(source, { backend: 'system', audio: false }), 'hashVideo system ffmpeg (2 fps + scene cuts, video only)'))
  .add('hashVideo system ffmpeg + soundtrack AudioDNA', timed('system+audio', () => hashVideo(source, { backend: 'system' }), 'hashVideo system ffmpeg + soundtrack AudioDNA'))
  .add('hashVideo system ffmpeg keyframes only', timed('system-key', () => hashVideo(source, { backend: 'system', audio: false, keyframesOnly: true }), 'hashVideo system ffmpeg keyframes only'));
if (!values['skip-wasm']) {
  fingerprinting
    .add('hashVideo @ffmpeg/core WASM (2 fps + scene cuts, video only)', timed('wasm', () => hashVideo(source, { backend: 'wasm', audio: false }), 'hashVideo @ffmpeg/core WASM (2 fps + scene cuts, video only)'))
    .add('hashVideo @ffmpeg/core WASM keyframes only', timed('wasm-key', () => hashVideo(source, { backend: 'wasm', audio: false, keyframesOnly: true }), 'hashVideo @ffmpeg/core WASM keyframes only'));
}
const log = (text) => process.stderr.write(`[video.bench] ${text}\n`);
if (!values['skip-fingerprint']) {
  await hashVideo(source, { backend: 'wasm', audio: false, keyframesOnly: true }); // load the WASM core once, outside the timings
  log('fingerprinting…');
  await fingerprinting.run();
}

// ---- 2. query against a 100-hour library ----
let state = Number(values.seed) >>> 0 || 1;
const random = () => {
  state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
  return state / 4294967296;
};
const pool = [];
const poolSources = [input, ...['tree', 'slide01', 'slide02', 'slide03', 'slide04'].map((id) => `/tmp/corpus-dev/video/orig/${id}.mp4`).filter(existsSync),
  ...['tree.mp4', 'megamind.mp4', 'vtest.webm', 'mixed.mkv'].map((name) => new URL(`../fixtures/video/${name}`, import.meta.url).pathname)];
for (const path of poolSources) pool.push((await hashVideo({ type: 'path', path, size: statSync(path).size }, { backend: 'auto', audio: false })).fingerprint);
const poolFrames = pool.reduce((sum, fp) => sum + fp.frameCount, 0);
log(`pool: ${poolFrames} real frame hashes from ${pool.length} videos`);

function permuted(words, offset, permutation, out, outOffset) {
  out.fill(0, outOffset, outOffset + 8);
  for (let bit = 0; bit < 256; bit++) {
    if ((words[offset + (bit >>> 5)] >>> (31 - (bit & 31))) & 1) {
      const to = permutation[bit];
      out[outOffset + (to >>> 5)] |= 1 << (31 - (to & 31));
    }
  }
}

function syntheticVideo(seconds) {
  const rate = 2;
  const n = Math.round(seconds * rate);
  const permutation = new Uint16Array(256).map((_, i) => i);
  for (let i = 255; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [permutation[i], permutation[j]] = [permutation[j], permutation[i]];
  }
  const times = new Float32Array(n);
  const quality = new Uint8Array(n);
  const pdq = new Uint32Array(n * 8);
  const pdqCenter = new Uint32Array(n * 8);
  let k = 0;
  while (k < n) {
    const fp = pool[Math.floor(random() * pool.length)];
    const from = Math.floor(random() * fp.frameCount);
    const run = Math.min(n - k, fp.frameCount - from, 20 + Math.floor(random() * 60));
    for (let i = 0; i < run; i++, k++) {
      times[k] = k / rate;
      quality[k] = fp.quality[from + i];
      permuted(fp.pdq, (from + i) * 8, permutation, pdq, k * 8);
      permuted(fp.pdqCenter, (from + i) * 8, permutation, pdqCenter, k * 8);
    }
  }
  return { durationSeconds: seconds, width: 1280, height: 720, sampleRate: rate, keyframesOnly: false, frameCount: n, times, quality, pdq, pdqFlip: new Uint32Array(0), pdqCenter, audio: null };
}

const hours = Number(values.hours);
const itemSeconds = 1800;
const target = (await hashVideo(source, { backend: 'auto', audio: false })).fingerprint;
const queryFingerprint = (await hashVideo({ type: 'path', path: query, size: statSync(query).size }, { backend: 'auto', audio: false })).fingerprint;
const libraries = { auto: new VideoLibrary({ indexKind: 'auto' }), linear: new VideoLibrary({ indexKind: 'linear' }) };
const buildStarted = performance.now();
const items = Math.round((hours * 3600) / itemSeconds);
for (let i = 0; i < items; i++) {
  if (i % 20 === 0) log(`library: ${i}/${items} synthetic videos`);
  const fp = syntheticVideo(itemSeconds);
  libraries.auto.add(`synthetic-${i}`, fp);
  libraries.linear.add(`synthetic-${i}`, fp);
}
libraries.auto.add('target', target);
libraries.linear.add('target', target);
const buildSeconds = (performance.now() - buildStarted) / 1000;
log(`library built in ${buildSeconds.toFixed(1)} s`);
let started = performance.now();
const found = libraries.auto.search(queryFingerprint).video;
log(`first search (auto) ${(performance.now() - started).toFixed(0)} ms`);
started = performance.now();
const foundLinear = libraries.linear.search(queryFingerprint).video;
log(`first search (linear) ${(performance.now() - started).toFixed(0)} ms`);

const querying = new Bench({ time: 0, iterations: Math.max(3, iterations * 2), warmupIterations: 1 });
querying
  .add(`search 60 s query in ${hours} h, linear-scan index (baseline)`, () => { libraries.linear.search(queryFingerprint); })
  .add(`search 60 s query in ${hours} h, multi-index hashing (auto)`, () => { libraries.auto.search(queryFingerprint); });
log('querying…');
await querying.run();

// ---- report ----
const machine = `${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`;
console.log(`input: ${input}, ${videoSeconds.toFixed(1)} s, ${statSync(input).size} bytes; machine: ${machine}`);
const keyOf = (task) => keyOfTask.get(task.name);
const baseline = fingerprinting.tasks[0];
const baselineCpu = cpuOf.get('signature');
console.log('\n| task | mean s | x realtime (wall) | x realtime per core (CPU) | vs signature (CPU) |');
console.log('|---|---|---|---|---|');
for (const task of values['skip-fingerprint'] ? [] : fingerprinting.tasks) {
  const mean = task.result.latency.mean / 1000;
  const entry = cpuOf.get(keyOf(task));
  const perCore = entry ? videoSeconds / (entry.cpu / entry.runs) : NaN;
  const vs = entry && baselineCpu ? (baselineCpu.cpu / baselineCpu.runs) / (entry.cpu / entry.runs) : NaN;
  console.log(`| ${task.name} | ${mean.toFixed(2)} | ${(videoSeconds / mean).toFixed(1)}x | ${perCore.toFixed(1)}x | ${vs.toFixed(2)}x |`);
}
const libraryFrames = libraries.auto.frameCount;
console.log(`\nlibrary: ${items} synthetic videos of ${itemSeconds / 60} min + the clip = ${hours} h, ${libraryFrames} index entries (frame + centre hashes), built in ${buildSeconds.toFixed(1)} s from ${poolFrames} real frame hashes`);
console.log(`query found: ${JSON.stringify(found.map((m) => [m.key, m.similarity.toFixed(3), m.segments.map((s) => [s.inputStart.toFixed(1), s.inputDuration.toFixed(1), s.duplicationStart.toFixed(1), s.flipped])]))}; linear agrees: ${JSON.stringify(found.map((m) => m.key)) === JSON.stringify(foundLinear.map((m) => m.key))}`);
console.log('\n| task | mean ms | p99 ms | vs linear |');
console.log('|---|---|---|---|');
const linearMean = querying.tasks[0].result.latency.mean;
for (const task of querying.tasks) {
  console.log(`| ${task.name} | ${task.result.latency.mean.toFixed(1)} | ${task.result.latency.p99.toFixed(1)} | ${(linearMean / task.result.latency.mean).toFixed(2)}x |`);
}
