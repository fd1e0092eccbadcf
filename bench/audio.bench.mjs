#!/usr/bin/env node
// Audio DNA speed: fingerprinting from PCM (× realtime per core), decode speed per format, end to
// end (decode + resample + fingerprint) against Chromaprint's fpcalc on the same files in the same
// run, and query time against a synthetic library of --hours hours (default 1000).
// Imports the built dist/ of core, media, audio and index: npx tsc -b packages/audio packages/media packages/index
//   node bench/audio.bench.mjs [--seconds 60] [--time 2000] [--hours 1000] [--queries 50] [--seed 1] [--skip-library]
//
// The test files are made with ffmpeg from a Wesnoth track in the corpus cache (else the 20 s
// fixture, looped). The library's postings are synthesised from REAL fingerprints: every corpus
// audio file is fingerprinted, and each synthetic 4-minute item is 24 blocks of 10 s of peaks
// taken from random places of random real fingerprints, each block transposed by a random
// non-zero shift of 1..24 FFT bins (so no block copies a real recording, while the anchor/target
// statistics and postings-list skew stay those of real music); landmarks are then paired across
// the whole item as for real audio. The real recordings themselves are added too, so the
// queries (10 s excerpts of them) have one true match among --hours hours of look-alikes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { concatFloat32, openInput } from '../packages/core/dist/index.js';
import { AudioResampler, decodeAudio, decodeAudioMono, decodeAudioMonoTo, hasSystemFfmpeg, LowBandMp3Decoder } from '../packages/media/dist/index.js';
import {
  AudioFingerprinter,
  AudioLibrary,
  defaultAudioConfig,
  hashAudio,
  landmarksFromPeaks,
} from '../packages/audio/dist/index.js';
import { PostingsIndex } from '../packages/index/dist/index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    time: { type: 'string', default: '2000' },
    hours: { type: 'string', default: '1000' },
    queries: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    'skip-library': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const hours = Number(values.hours);
let state = Number(values.seed) >>> 0 || 1;
const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;

const CORPUS = '/tmp/corpus-dev';
const TRACK = `${CORPUS}/.cache/x/wesnoth-1.16-music/usr/share/games/wesnoth/1.16/data/core/music/heroes_rite.ogg`;
const source = existsSync(TRACK) ? TRACK : new URL('../fixtures/audio/heroes-20s.opus', import.meta.url).pathname;
const hasFpcalc = spawnSync('fpcalc', ['-version']).status === 0;
if (spawnSync('ffmpeg', ['-version']).status !== 0) {
  console.error('ffmpeg is needed to make the test files (apt-get install ffmpeg)');
  process.exit(2);
}
if (!hasFpcalc) console.error('fpcalc not found (apt-get install -y libchromaprint-tools): the Chromaprint rows are skipped');

const dir = mkdtempSync(join(tmpdir(), 'mediadna-audio-bench-'));
const formats = [
  ['wav', ['-c:a', 'pcm_s16le', '-ar', '44100', '-ac', '2']],
  ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k', '-ar', '44100', '-ac', '2']],
  ['ogg', ['-c:a', 'libvorbis', '-q:a', '4', '-ar', '44100', '-ac', '2']],
  ['opus', ['-c:a', 'libopus', '-b:a', '96k', '-ac', '2']],
  ['flac', ['-c:a', 'flac', '-ar', '44100', '-ac', '2']],
  ['m4a', ['-c:a', 'aac', '-b:a', '128k', '-ar', '44100', '-ac', '2']],
];
const files = {};
for (const [ext, args] of formats) {
  const path = join(dir, `clip.${ext}`);
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', source, '-t', String(seconds), ...args, path]);
  if (run.status !== 0) throw new Error(`ffmpeg failed for ${ext}: ${run.stderr}`);
  files[ext] = path;
}

async function drain(path, options = {}) {
  let frames = 0;
  for await (const block of decodeAudio(await openInput(path), options)) frames += block.channelData[0].length;
  return frames;
}
// The low-band MP3 decoder alone, fed 64 KiB chunks as decodeAudio does.
function lowBandMp3(bytes, simd) {
  const decoder = new LowBandMp3Decoder(8000, { simd });
  let samples = 0;
  for (let at = 0; at < bytes.length; at += 65536) samples += decoder.decode(bytes.subarray(at, at + 65536)).samplesDecoded;
  return samples + decoder.flush().samplesDecoded;
}
async function endToEndFfmpeg(path) {
  const fingerprinter = new AudioFingerprinter();
  await decodeAudioMonoTo(await openInput(path), (pcm) => fingerprinter.push(pcm, false), { backend: 'ffmpeg' });
  return fingerprinter.push(new Float32Array(0), true);
}
async function endToEnd(path) {
  const fingerprinter = new AudioFingerprinter();
  for await (const pcm of decodeAudioMono(await openInput(path))) fingerprinter.push(pcm, false);
  return fingerprinter.push(new Float32Array(0), true);
}

// PCM inputs decoded once.
const stereo44 = [];
for await (const block of decodeAudio(await openInput(files.wav))) stereo44.push(block.channelData.map((c) => c.slice()));
const left = concatFloat32(stereo44.map((b) => b[0]));
const right = concatFloat32(stereo44.map((b) => b[1]));
const pcm8k = new AudioResampler(44100, 8000).push([left, right], true).slice();

const bench = new Bench({ time: Number(values.time), iterations: 5, warmupIterations: 1 });
// The resampler is fed 64 Ki-frame blocks, as the WAV decoder does.
const BLOCK = 65536;
function resampleBlocks(simd) {
  const resampler = new AudioResampler(44100, 8000, { simd });
  const parts = [];
  for (let i = 0; i < left.length; i += BLOCK) parts.push(resampler.push([left.subarray(i, i + BLOCK), right.subarray(i, i + BLOCK)], false).slice());
  parts.push(resampler.push([], true).slice());
  return concatFloat32(parts);
}
bench.add('fingerprint from 8 kHz mono PCM (hashAudio)', () => { hashAudio(pcm8k); });
bench.add('fingerprint from 8 kHz mono PCM, JavaScript spectra and peaks (fft.js, simd: false)', () => { hashAudio(pcm8k, defaultAudioConfig, { simd: false }); });
bench.add('resample 44.1 kHz stereo → 8 kHz mono', () => { resampleBlocks(true); });
bench.add('resample 44.1 kHz stereo → 8 kHz mono, JavaScript loops (simd: false)', () => { resampleBlocks(false); });
bench.add('resample + fingerprint from 44.1 kHz stereo PCM', () => { hashAudio(resampleBlocks(true)); });
for (const [ext] of formats) bench.add(`decode ${ext}`, async () => { await drain(files[ext]); });
// What decodeAudioMono asks for: the band below 4 kHz only (analysisRate 8000).
const mp3Bytes = readFileSync(files.mp3);
bench.add('decode mp3, band below 4 kHz (low-band decoder, decodeAudio analysisRate 8000)', async () => { await drain(files.mp3, { analysisRate: 8000 }); });
bench.add('decode mp3, band below 4 kHz, low-band decoder alone', () => { lowBandMp3(mp3Bytes, true); });
bench.add('decode mp3, band below 4 kHz, low-band decoder alone, JavaScript back end (simd: false)', () => { lowBandMp3(mp3Bytes, false); });
bench.add('decode ogg, band below 4 kHz (low-band Vorbis decoder, decodeAudio analysisRate 8000)', async () => { await drain(files.ogg, { analysisRate: 8000 }); });
bench.add('decode flac to mono (FLAC-to-mono decoder, decodeAudio analysisRate 8000)', async () => { await drain(files.flac, { analysisRate: 8000 }); });
bench.add('decode opus to mono at 8 kHz (Opus mono decoder, decodeAudio analysisRate 8000)', async () => { await drain(files.opus, { analysisRate: 8000 }); });
bench.add('decode m4a, band below 4 kHz (low-band AAC decoder, decodeAudio analysisRate 8000)', async () => { await drain(files.m4a, { analysisRate: 8000 }); });
for (const [ext] of formats) {
  bench.add(`end to end ${ext}: mediadna decode + resample + fingerprint`, async () => { await endToEnd(files[ext]); });
  if (ext !== 'wav' && (await hasSystemFfmpeg())) {
    bench.add(`end to end ${ext}: mediadna with system ffmpeg decoding (backend 'ffmpeg')`, async () => { await endToEndFfmpeg(files[ext]); });
  }
  if (hasFpcalc) {
    bench.add(`end to end ${ext}: fpcalc (process, full length)`, () => {
      const run = spawnSync('fpcalc', ['-length', '0', files[ext]]);
      if (run.status !== 0 && !String(run.stdout).includes('FINGERPRINT')) throw new Error(String(run.stderr));
    });
  }
}
// What starting any process costs from here, to read the fpcalc rows with and without it.
bench.add('spawn baseline: /bin/true (process start only)', () => { spawnSync('true'); });
await bench.run();

const rows = [];
for (const task of bench.tasks) {
  const mean = task.result.latency.mean;
  rows.push([task.name, mean, (seconds * 1000) / mean, (seconds * 1000) / task.result.latency.min]);
}
const machine = `${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
console.log(`\n${seconds} s of music (${source.split('/').pop()}), one thread; machine: ${machine}`);
console.log('| task | mean ms | × realtime (mean) | × realtime (fastest run) |');
console.log('|---|---|---|---|');
for (const [name, mean, realtime, best] of rows) console.log(`| ${name} | ${mean.toFixed(2)} | ${realtime.toFixed(0)}× | ${best.toFixed(0)}× |`);
if (hasFpcalc) {
  // fpcalc's time net of the spawn baseline is its best case (as if started for free).
  const spawnMs = rows.find((r) => r[0].startsWith('spawn baseline'))[1];
  console.log(`\n× realtime, means; fpcalc net = fpcalc's time minus the ${spawnMs.toFixed(1)} ms spawn baseline`);
  console.log('| format | mediadna (built-in decoders) | mediadna (system ffmpeg decoding) | fpcalc | fpcalc net | best ratio to fpcalc | to fpcalc net |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [ext] of formats) {
    const ours = rows.find((r) => r[0].startsWith(`end to end ${ext}: mediadna decode`));
    const native = rows.find((r) => r[0].startsWith(`end to end ${ext}: mediadna with system ffmpeg`));
    const theirs = rows.find((r) => r[0].startsWith(`end to end ${ext}: fpcalc`));
    const best = Math.max(ours[2], native?.[2] ?? 0);
    const net = (seconds * 1000) / Math.max(1e-3, theirs[1] - spawnMs);
    console.log(`| ${ext} | ${ours[2].toFixed(0)}× | ${native ? native[2].toFixed(0) + '×' : '(WAV is always parsed in TS)'} | ${theirs[2].toFixed(0)}× | ${net.toFixed(0)}× | ${(best / theirs[2]).toFixed(2)} | ${(best / net).toFixed(2)} |`);
  }
}
for (const [ext] of formats) console.log(`${ext}: ${statSync(files[ext]).size} bytes`);
rmSync(dir, { recursive: true, force: true });

// ---- query time against a synthetic library ----
if (!values['skip-library']) {
  const real = [];
  const audioDir = `${CORPUS}/audio`;
  const paths = existsSync(audioDir)
    ? ['orig', 'speech'].flatMap((sub) => readdirSync(join(audioDir, sub)).map((name) => join(audioDir, sub, name)))
    : [new URL('../fixtures/audio/heroes-20s.opus', import.meta.url).pathname, new URL('../fixtures/audio/battle-20s.opus', import.meta.url).pathname];
  const pcmOf = async (path) => {
    const parts = [];
    for await (const pcm of decodeAudioMono(await openInput(path))) parts.push(pcm);
    return concatFloat32(parts);
  };
  for (const path of paths) {
    const pcm = await pcmOf(path);
    real.push({ path, pcm, fingerprint: hashAudio(pcm) });
  }
  const config = defaultAudioConfig;
  const framesPerSecond = config.sampleRate / config.hopSize;
  const blockFrames = Math.round(10 * framesPerSecond);
  const itemFrames = Math.round(240 * framesPerSecond);
  const items = Math.round((hours * 3600) / 240);
  const postings = new PostingsIndex();
  const library = new AudioLibrary({ postings });
  // Synthetic items go straight into the postings (AudioLibrary only needs their frame counts, which
  // it learns from add(); we register them through a fingerprint-shaped object).
  const peakFrames = new Uint32Array(itemFrames);
  const peakBins = new Uint16Array(itemFrames);
  const buildStart = performance.now();
  let totalPostings = 0;
  for (let item = 0; item < items; item++) {
    let count = 0;
    for (let block = 0; block < 24; block++) {
      const from = real[Math.floor(random() * real.length)].fingerprint;
      const span = from.frameCount - blockFrames;
      const start = Math.floor(random() * Math.max(1, span));
      let shift = 1 + Math.floor(random() * 24);
      if (random() < 0.5) shift = -shift;
      // peaks of [start, start + blockFrames) of the source
      let lo = 0;
      while (lo < from.peakFrames.length && from.peakFrames[lo] < start) lo++;
      for (let p = lo; p < from.peakFrames.length && from.peakFrames[p] < start + blockFrames; p++) {
        const bin = from.peakBins[p] + shift;
        if (bin < config.minBin || bin >= config.maxBin) continue;
        peakFrames[count] = block * blockFrames + (from.peakFrames[p] - start);
        peakBins[count] = bin;
        count++;
      }
    }
    const fingerprint = { config, frameCount: itemFrames, peakFrames: peakFrames.slice(0, count), peakBins: peakBins.slice(0, count) };
    library.add(`synthetic-${item}`, fingerprint);
    totalPostings += landmarksFromPeaks(fingerprint.peakFrames, fingerprint.peakBins, count, config).length;
    if (item % 2000 === 0) process.stderr.write(`library: ${item}/${items} items\n`);
  }
  for (const r of real) library.add(r.path, r.fingerprint);
  postings.compact();
  const buildSeconds = (performance.now() - buildStart) / 1000;
  // Queries: 10 s excerpts of the real recordings at random places.
  const queries = [];
  for (let q = 0; q < Number(values.queries); q++) {
    const r = real[Math.floor(random() * real.length)];
    const start = Math.floor(random() * (r.pcm.length - 10 * config.sampleRate));
    queries.push({ key: r.path, pcm: r.pcm.subarray(start, start + 10 * config.sampleRate), fingerprint: null });
  }
  for (const q of queries) q.fingerprint = hashAudio(q.pcm);
  // Queries that match nothing: the same excerpts played backwards (music's spectral statistics,
  // no landmark in common), so every speed and tempo try of AudioLibrary.search runs.
  const unmatched = queries.map((q) => hashAudio(q.pcm.slice().reverse()));
  // The same excerpts played 5 % faster (tempo and pitch, linear interpolation): found by the speed tries.
  const faster = queries.map((q) => {
    const out = new Float32Array(Math.floor(q.pcm.length / 1.05) - 1);
    for (let i = 0; i < out.length; i++) {
      const x = i * 1.05;
      const k = Math.floor(x);
      out[i] = q.pcm[k] + (q.pcm[k + 1] - q.pcm[k]) * (x - k);
    }
    return { key: q.key, fingerprint: hashAudio(out) };
  });
  let nextFaster = 0;
  let nextUnmatched = 0;
  let next = 0;
  let correct = 0;
  let wrong = 0;
  const queryBench = new Bench({ time: Number(values.time), iterations: 20, warmupIterations: 5 });
  queryBench.add('search a 10 s query (fingerprint given)', () => {
    const q = queries[next++ % queries.length];
    library.search(q.fingerprint);
  });
  queryBench.add('fingerprint + search a 10 s query from 8 kHz PCM', () => {
    const q = queries[next++ % queries.length];
    library.search(hashAudio(q.pcm));
  });
  queryBench.add('search a 10 s query played 5 % faster (found by a speed try)', () => {
    library.search(faster[nextFaster++ % faster.length].fingerprint);
  });
  queryBench.add('search a 10 s query that matches nothing (the 4 speed tries run)', () => {
    library.search(unmatched[nextUnmatched++ % unmatched.length]);
  });
  await queryBench.run();
  for (const q of queries) {
    const matches = library.search(q.fingerprint);
    if (matches[0]?.key === q.key) correct++;
    wrong += matches.filter((m) => m.key !== q.key).length;
  }
  console.log(`\nlibrary: ${items} synthetic 4-min items (${hours} h) + ${real.length} real recordings, ${(totalPostings / 1e6).toFixed(0)} M postings, ` +
    `index ${(postings.byteSize / 2 ** 30).toFixed(2)} GiB, built in ${buildSeconds.toFixed(0)} s; heap ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB RSS`);
  console.log('| task | mean ms | p99 ms |');
  console.log('|---|---|---|');
  for (const task of queryBench.tasks) console.log(`| ${task.name} | ${task.result.latency.mean.toFixed(2)} | ${task.result.latency.p99.toFixed(2)} |`);
  const falseMatches = unmatched.filter((fingerprint) => library.search(fingerprint).length > 0).length;
  const fasterFound = faster.filter((q) => library.search(q.fingerprint)[0]?.key === q.key).length;
  console.log(`queries: ${queries.length}, top-1 correct ${correct}, other items reported ${wrong}; 5 % faster found ${fasterFound}/${faster.length}; reversed queries matching anything: ${falseMatches}`);
}
