// Audio DNA evaluation: `npm run eval -- audio /tmp/corpus-dev [--lengths 5,10,30] [--excerpts 3]`.
//
// Library: the queried originals of the corpus plus distractor originals. Positive queries are
// excerpts (5, 10, 30 s by default) cut at seeded offsets from every transform of every queried
// original: the corpus' own transformed files (mp3_32k, aac_48k, noise10db, vol-12db, phone8k,
// speechmix, speed105, and excerpt10 as is) plus transforms made here with ffmpeg into a temp dir
// (identity, mp3_64k, tempo105 = time-stretched 5 % faster with the pitch kept, vorbis_q0, and the goal case
// mp3_64k+noise10db = the corpus' noise10db file re-encoded to MP3 64 kb/s). Negative queries are excerpts of held-out originals and speech recordings
// that are NOT in the library: any match there is a false positive at chance level.
//
// Printed per transform and query length: recall (the original is reported with a segment that
// overlaps the truth), precision (reported items that are the right one), and boundary error of
// the matched range (input start/end and library start, seconds). This goes through the audio
// packages directly (decode → fingerprint → PostingsIndex), the same code the Audio engine runs.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvalArgs, readManifest } from './common.mjs';

const lib = (name) => import(new URL(`../../packages/${name}/dist/index.js`, import.meta.url).href);

const USAGE = `usage: npm run eval -- audio DIR [--lengths 5,10,30] [--excerpts 3] [--holdout 6] [--seed 1] [--no-generate] [--backend wasm]
  --lengths     excerpt lengths in seconds
  --excerpts    excerpts per transformed file and length (seeded offsets)
  --holdout     originals without queries kept OUT of the library as negatives (the rest are distractors)
  --no-generate skip the ffmpeg-made transforms (identity, mp3_64k, tempo105, vorbis_q0, mp3_64k+noise10db)
  --max-gap     segment gap in seconds (default: the library's, 4 s)
  --backend     decoders for compressed audio: wasm (the Audio engine's: the same on every
                machine), ffmpeg (a system ffmpeg, native speed), or auto (ffmpeg when on PATH)
`;

const RATE = 8000;

function ffmpegAvailable() {
  const probe = spawnSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' });
  return probe.status === 0;
}

function ffmpeg(args) {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${run.stderr}`);
}

let backend = 'wasm';

async function pcmOf(path, media, core) {
  const parts = [];
  await media.decodeAudioMonoTo(await core.openInput(path), (pcm) => parts.push(pcm.slice()), { sampleRate: RATE, backend });
  return core.concatFloat32(parts);
}

function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function fmt(value, digits = 3) {
  return value === null || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function main(dir, argv) {
  const args = parseEvalArgs(
    argv,
    {
      lengths: { type: 'string', default: '5,10,30' },
      excerpts: { type: 'string', default: '3' },
      holdout: { type: 'string', default: '6' },
      seed: { type: 'string', default: '1' },
      'no-generate': { type: 'boolean', default: false },
      backend: { type: 'string', default: 'wasm' },
      'max-gap': { type: 'string' },
    },
    USAGE,
  );
  backend = String(args.backend);
  // --max-gap: the segment gap in seconds (the engine's MaxGapSeconds), to compare settings.
  const searchOptions = args['max-gap'] === undefined ? {} : { maxGapFrames: Math.round(Number(args['max-gap']) / 0.032) };
  if (!['auto', 'wasm', 'ffmpeg'].includes(backend)) throw new Error(`--backend must be auto, wasm or ffmpeg\n${USAGE}`);
  const lengths = String(args.lengths).split(',').map(Number).filter((n) => n > 0);
  const excerpts = Number(args.excerpts);
  const holdout = Number(args.holdout);
  const random = seeded(Number(args.seed));
  const log = (text) => args.quiet || process.stderr.write(text + '\n');
  const [core, media, audio, indexPackage] = await Promise.all([lib('core'), lib('media'), lib('audio'), lib('index')]);

  const { originals, queries } = await readManifest(dir, ['audio', 'speech']);
  const music = originals.filter((o) => o.modality === 'audio');
  const speech = originals.filter((o) => o.modality === 'speech');
  const queried = new Set(queries.map((q) => q.original_id));
  const unqueried = music.filter((o) => !queried.has(o.id));
  const heldOut = unqueried.slice(0, holdout);
  const distractors = unqueried.slice(holdout);
  const libraryItems = [...music.filter((o) => queried.has(o.id)), ...distractors];
  if (libraryItems.length === 0) {
    process.stderr.write(`No audio originals in ${dir}/manifest/originals.tsv\n`);
    return 1;
  }

  // 1. library
  const library = new audio.AudioLibrary({ postings: new indexPackage.PostingsIndex() });
  let storedSeconds = 0;
  let storedBytes = 0;
  const t0 = performance.now();
  const originalPcm = new Map();
  for (const item of libraryItems) {
    const pcm = await pcmOf(item.path, media, core);
    originalPcm.set(item.id, pcm);
    const fingerprint = audio.hashAudio(pcm);
    storedSeconds += audio.fingerprintSeconds(fingerprint);
    storedBytes += audio.serializeFingerprint(fingerprint).length;
    library.add(item.id, fingerprint);
  }
  log(`library: ${libraryItems.length} items (${queried.size} queried + ${distractors.length} distractors), ${(storedSeconds / 60).toFixed(1)} min, ` +
    `${((storedBytes / storedSeconds) * 60 / 1024).toFixed(2)} KB per minute stored, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // 2. transformed sources of positives
  const sources = []; // {transform, id, path | pcm, timeScale, offset}
  for (const q of queries) {
    if (q.transform === 'excerpt10') {
      const offset = Number(/offset=([\d.]+)s/.exec(q.notes)?.[1] ?? 0);
      sources.push({ transform: 'excerpt10(corpus)', id: q.original_id, path: q.path, timeScale: 1, offset, whole: true });
    } else {
      sources.push({ transform: q.transform, id: q.original_id, path: q.path, timeScale: q.transform === 'speed105' ? 1.05 : 1, offset: 0 });
    }
  }
  let tempDir = null;
  const generate = !args['no-generate'];
  if (generate && !ffmpegAvailable()) {
    process.stderr.write('ffmpeg was not found on PATH: the identity, mp3_64k, tempo105 and mp3_64k+noise10db transforms are skipped (install ffmpeg, e.g. apt-get install ffmpeg)\n');
  } else if (generate) {
    tempDir = await mkdtemp(join(tmpdir(), 'mediadna-eval-audio-'));
    for (const id of queried) {
      const original = music.find((o) => o.id === id);
      const noisy = queries.find((q) => q.original_id === id && q.transform === 'noise10db');
      sources.push({ transform: 'identity', id, pcm: originalPcm.get(id), timeScale: 1, offset: 0 });
      const mp3 = join(tempDir, `${id}__mp3_64k.mp3`);
      ffmpeg(['-i', original.path, '-c:a', 'libmp3lame', '-b:a', '64k', mp3]);
      sources.push({ transform: 'mp3_64k', id, path: mp3, timeScale: 1, offset: 0 });
      if (noisy) {
        const goal = join(tempDir, `${id}__mp3_64k_noise10db.mp3`);
        ffmpeg(['-i', noisy.path, '-c:a', 'libmp3lame', '-b:a', '64k', goal]);
        sources.push({ transform: 'mp3_64k+noise10db', id, path: goal, timeScale: 1, offset: 0 });
      }
    }
  }
  if (tempDir) {
    // Time-stretched, pitch kept (the corpus' speed105 changes both): 5 % faster. Added last, so
    // the seeded excerpts of the transforms above are drawn as before it existed.
    for (const id of queried) {
      const original = music.find((o) => o.id === id);
      const tempo = join(tempDir, `${id}__tempo105.opus`);
      ffmpeg(['-i', original.path, '-af', 'atempo=1.05', '-c:a', 'libopus', '-b:a', '96k', tempo]);
      sources.push({ transform: 'tempo105', id, path: tempo, timeScale: 1.05, offset: 0 });
    }
    // Ogg Vorbis q0 (about 64 kb/s), decoded by the low-band Vorbis decoder. Also added last.
    for (const id of queried) {
      const original = music.find((o) => o.id === id);
      const vorbis = join(tempDir, `${id}__vorbis_q0.ogg`);
      ffmpeg(['-i', original.path, '-c:a', 'libvorbis', '-q:a', '0', vorbis]);
      sources.push({ transform: 'vorbis_q0', id, path: vorbis, timeScale: 1, offset: 0, ownDraws: true });
    }
  }
  const limit = args.limit ? Number(args.limit) : Infinity;

  // 3. positives
  const groups = new Map(); // "transform|L" → stats
  const stat = (transform, length) => {
    const key = `${transform}|${length}`;
    if (!groups.has(key)) groups.set(key, { transform, length, queries: 0, hits: 0, reported: 0, correctReported: 0, startErr: [], endErr: [], dupErr: [], maxErr: [] });
    return groups.get(key);
  };
  let searchMs = 0;
  let searches = 0;
  const searchPcm = (pcm) => {
    const start = performance.now();
    const matches = library.search(audio.hashAudio(pcm), searchOptions);
    searchMs += performance.now() - start;
    searches++;
    return matches;
  };
  const score = (s, matches, id, length, dupStart, dupEnd) => {
    s.queries++;
    s.reported += matches.length;
    const mine = matches.find((m) => m.key === id);
    if (mine) s.correctReported++;
    const segment = mine?.segments
      .filter((g) => g.duplicationStart < dupEnd && g.duplicationStart + g.duplicationDuration > dupStart)
      .sort((a, b) => b.votes - a.votes)[0];
    if (!segment) return;
    s.hits++;
    const startErr = Math.abs(segment.inputStart);
    const endErr = Math.abs(segment.inputStart + segment.inputDuration - length);
    const dupErr = Math.abs(segment.duplicationStart - segment.inputStart * (dupEnd - dupStart) / length - dupStart);
    s.startErr.push(startErr);
    s.endErr.push(endErr);
    s.dupErr.push(dupErr);
    s.maxErr.push(Math.max(startErr, endErr));
  };
  let done = 0;
  // Transforms added later draw their excerpts from their own stream, so the mixes and negatives
  // below keep the draws they had before those transforms existed.
  const laterRandom = seeded(Number(args.seed) + 7919);
  for (const source of sources.slice(0, limit)) {
    const draw = source.ownDraws ? laterRandom : random;
    const pcm = source.pcm ?? (await pcmOf(source.path, media, core));
    if (source.whole) {
      const length = pcm.length / RATE;
      score(stat(source.transform, Math.round(length)), searchPcm(pcm), source.id, length, source.offset, source.offset + length);
    } else {
      const seconds = pcm.length / RATE;
      for (const length of lengths) {
        if (length > seconds) continue;
        for (let k = 0; k < excerpts; k++) {
          const start = Math.floor((((k + draw()) / excerpts) * (seconds - length)) * 10) / 10;
          const excerpt = pcm.subarray(Math.round(start * RATE), Math.round((start + length) * RATE));
          const dupStart = (source.offset + start) * source.timeScale;
          score(stat(source.transform, length), searchPcm(excerpt), source.id, length, dupStart, dupStart + length * source.timeScale);
        }
      }
    }
    done++;
    if (done % 20 === 0) log(`positives: ${done}/${Math.min(limit, sources.length)} files`);
  }

  // 3b. two-track mixes: 10 s of one queried original straight into 10 s of another (a DJ mix
  // cut hard), three per original. Both must be reported, each ending where the other starts.
  const mixIds = [...queried].filter((id) => originalPcm.has(id));
  let mixes = 0;
  let mixBoth = 0;
  const junctionErr = [];
  for (let n = 0; n < mixIds.length * 3; n++) {
    const a = mixIds[n % mixIds.length];
    const b = mixIds[(n + 1 + Math.floor(random() * (mixIds.length - 1))) % mixIds.length];
    const pa = originalPcm.get(a);
    const pb = originalPcm.get(b);
    if (a === b || pa.length < 12 * RATE || pb.length < 12 * RATE) continue;
    const sa = Math.floor(random() * (pa.length / RATE - 10));
    const sb = Math.floor(random() * (pb.length / RATE - 10));
    const mix = core.concatFloat32([pa.subarray(sa * RATE, (sa + 10) * RATE), pb.subarray(sb * RATE, (sb + 10) * RATE)]);
    const matches = library.search(audio.hashAudio(mix), searchOptions);
    mixes++;
    const ma = matches.find((m) => m.key === a);
    const mb = matches.find((m) => m.key === b);
    if (!ma || !mb) continue;
    mixBoth++;
    junctionErr.push(Math.abs(Math.max(...ma.segments.map((g) => g.inputStart + g.inputDuration)) - 10));
    junctionErr.push(Math.abs(Math.min(...mb.segments.map((g) => g.inputStart)) - 10));
  }

  // 4. negatives: held-out music and speech, not in the library
  let negatives = 0;
  let falsePositives = 0;
  let nullMax = { significance: 0, votes: 0 };
  let tryMax = { significance: 0, votes: 0, kind: '' };
  // The best chance candidates, with every threshold off: of the direct search (which needs
  // minSignificance) and of the speed/tempo tries (which need log10(tries + 1) more).
  const probe = { minSignificance: -1e9, minVotes: 5, minSegmentVotes: 1, speedFactors: [], tempoFactors: [] };
  const tries = [
    ...audio.DEFAULT_SPEED_FACTORS.map((factor) => ({ kind: `speed ${factor}`, scale: (fingerprint) => audio.scaleFingerprintSpeed(fingerprint, factor) })),
    ...audio.DEFAULT_TEMPO_FACTORS.map((factor) => ({ kind: `tempo ${factor}`, scale: (fingerprint) => audio.scaleFingerprintTempo(fingerprint, factor) })),
  ];
  const tryThreshold = audio.defaultMatchOptions.minSignificance + Math.log10(tries.length + 1);
  for (const item of [...heldOut, ...speech]) {
    const pcm = await pcmOf(item.path, media, core);
    const seconds = pcm.length / RATE;
    for (const length of [...lengths, Math.floor(seconds)]) {
      if (length > seconds) continue;
      const count = length === Math.floor(seconds) ? 1 : excerpts * 3;
      for (let k = 0; k < count; k++) {
        const start = count === 1 ? 0 : Math.floor(random() * (seconds - length) * 10) / 10;
        const excerpt = pcm.subarray(Math.round(start * RATE), Math.round((start + length) * RATE));
        const fingerprint = audio.hashAudio(excerpt);
        negatives++;
        if (library.search(fingerprint).length > 0) falsePositives++;
        for (const m of library.search(fingerprint, probe)) if (m.significance > nullMax.significance) nullMax = { significance: m.significance, votes: m.votes };
        for (const { kind, scale } of tries) {
          for (const m of library.search(scale(fingerprint), probe)) if (m.significance > tryMax.significance) tryMax = { significance: m.significance, votes: m.votes, kind };
        }
      }
    }
  }
  if (tempDir) await rm(tempDir, { recursive: true, force: true });

  // 5. report
  const columns = ['transform', 'len', 'queries', 'recall', 'precision', 'startErr', 'endErr', 'dupErr', 'p95err', '≤0.5s'];
  const rows = [];
  const ordered = [...groups.values()].sort((a, b) => a.transform.localeCompare(b.transform) || a.length - b.length);
  const summary = {};
  for (const s of ordered) {
    const recall = s.hits / s.queries;
    const precision = s.reported ? s.correctReported / s.reported : 1;
    const within = s.maxErr.length ? s.maxErr.filter((e) => e <= 0.5).length / s.maxErr.length : NaN;
    const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
    rows.push([s.transform, String(s.length), String(s.queries), fmt(recall), fmt(precision), fmt(mean(s.startErr), 2), fmt(mean(s.endErr), 2), fmt(mean(s.dupErr), 2), fmt(percentile(s.maxErr, 0.95), 2), fmt(within, 2)]);
    summary[`${s.transform}|${s.length}`] = { queries: s.queries, recall, precision, meanStartErr: mean(s.startErr), meanEndErr: mean(s.endErr), meanDupErr: mean(s.dupErr), p95Err: percentile(s.maxErr, 0.95), within05: within };
  }
  const widths = columns.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ');
  process.stdout.write(`\naudio evaluation on ${dir}: library ${libraryItems.length} items, ${sources.length} transformed files, excerpts ${lengths.join("/")} s x ${excerpts}, decoders: ${backend}\n`);
  process.stdout.write(line(columns) + '\n' + rows.map(line).join('\n') + '\n');
  process.stdout.write(`errors in seconds: startErr/endErr = input range ends vs truth, dupErr = library start vs truth, p95err = 95th percentile of max(start,end) error, ≤0.5s = share of hits with both ends within 0.5 s\n`);
  process.stdout.write(`negatives (not in library): ${negatives} queries, ${falsePositives} false positives (rate ${fmt(falsePositives / Math.max(1, negatives), 4)}); ` +
    `best chance candidate: significance ${nullMax.significance.toFixed(1)} with ${nullMax.votes} votes (threshold ${audio.defaultMatchOptions.minSignificance}); ` +
    `in the speed/tempo tries ${tryMax.significance.toFixed(1)} with ${tryMax.votes} votes, ${tryMax.kind} (threshold ${tryThreshold.toFixed(2)} for speed, 2 more for tempo)\n`);
  process.stdout.write(`two-track mixes (10 s + 10 s of two originals): ${mixes} queries, both reported in ${mixBoth}; ` +
    `junction error p95 ${fmt(percentile(junctionErr, 0.95), 2)} s, ${junctionErr.filter((e) => e > 0.5).length} of ${junctionErr.length} ends off by more than 0.5 s\n`);
  const goal = summary['mp3_64k+noise10db|10'];
  if (goal) {
    const met = goal.recall >= 0.95 && goal.precision >= 0.99 && goal.p95Err <= 0.5;
    process.stdout.write(`goal (10 s, MP3 64k + noise 10 dB): recall ${fmt(goal.recall)} ≥ 0.95, precision ${fmt(goal.precision)} ≥ 0.99, p95 boundary error ${fmt(goal.p95Err, 2)} s ≤ 0.5: ${met ? 'MET' : 'NOT MET'}\n`);
  }
  process.stdout.write(`search: ${(searchMs / Math.max(1, searches)).toFixed(1)} ms per query (fingerprint + search, ${searches} queries)\n`);
  process.stdout.write(JSON.stringify({ modality: 'audio', corpus: dir, storedKBPerMinute: (storedBytes / storedSeconds) * 60 / 1024, negatives, falsePositives, nullMax, tryMax, mixes: { queries: mixes, bothReported: mixBoth, junctionP95: percentile(junctionErr, 0.95) }, groups: summary }) + '\n');
  return 0;
}
