// Video evaluation: `npm run eval -- video DIR [--backend auto|system|wasm] [--no-generated] [--limit N] [--config JSON]`.
//
// Library: the corpus video originals (tree + 4 slideshows). Queries:
//   corpus      the 30 transformed copies (crf35_240p letterbox crop20 fps30 hflip embedded); an
//               "embedded" query also copies its host video (8 s before and after), scored too
//   excerpt     10–30 s excerpts of each original embedded in unrelated footage (OpenCV's vtest.avi,
//               Megamind.avi or lavfi fractals), re-encoded at 480x270 (one in three letterboxed)
//   multi       two excerpts of different originals in one input, the second mirrored
//   unrelated   footage and slideshows of other corpus photos (same motion style): nothing may match
// Generated queries are made with the system ffmpeg into $TMPDIR/mediadna-video-eval (reused).
//
// Scores in the manner of VCSL (He et al., CVPR 2022): per (query, library video) pair, each copied
// segment is a box (input time x library time); precision = covered share of the predicted boxes'
// widths times that of their heights, recall likewise over the true boxes; averaged over pairs
// that have a true or a predicted segment; F1 from those means. Pairs predicted with no truth
// are false alarms (precision 0). Boundaries: |error| of each true segment's best-overlapping
// prediction at input start/end and library start. Goal: F1 >= 0.9, boundaries within ±1 s,
// no match on the unrelated queries.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { closeEval, configFlag, intFlag, openEval, parseEvalArgs, readManifest, runJobs, storeItems } from './common.mjs';

const USAGE = 'usage: npm run eval -- video DIR [--backend auto|system|wasm] [--no-generated]';
const GOAL = { f1: 0.9, boundarySeconds: 1 };

function ffmpeg(args) {
  execFileSync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function duration(path) {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]).toString().trim());
}

const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p', '-an', '-threads', '2'];
const SIZE = 'scale=480:270:force_original_aspect_ratio=decrease,pad=480:270:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25';

/** Unrelated footage: OpenCV sample videos from the corpus cache, else lavfi fractals. */
function footageSources(root) {
  const opencv = join(root, '.cache', 'x', 'opencv-doc', 'usr', 'share', 'doc', 'opencv-doc', 'examples', 'data');
  const files = ['vtest.avi', 'Megamind.avi', 'Megamind_bugy.avi'].map((name) => join(opencv, name)).filter((path) => existsSync(path));
  if (files.length > 0) return files.map((path) => ({ args: ['-i', path], name: basename(path), duration: duration(path) }));
  return [
    { args: ['-f', 'lavfi', '-i', 'mandelbrot=s=640x360:rate=25'], name: 'mandelbrot', duration: Infinity },
    { args: ['-f', 'lavfi', '-i', 'life=s=320x240:rate=25:mold=10:ratio=0.1'], name: 'life', duration: Infinity },
  ];
}

/** Concatenate pieces [{input args, start, length, extra filter}] into one query. */
function stitch(out, pieces) {
  const inputs = [];
  const chains = [];
  pieces.forEach((piece, index) => {
    inputs.push('-ss', String(piece.start), '-t', String(piece.length), ...piece.args);
    chains.push(`[${index}:v]${piece.filter ? piece.filter + ',' : ''}${SIZE},trim=duration=${piece.length},setpts=PTS-STARTPTS[v${index}]`);
  });
  const concat = pieces.map((_, index) => `[v${index}]`).join('') + `concat=n=${pieces.length}:v=1:a=0[v]`;
  ffmpeg([...inputs, '-filter_complex', chains.join(';') + ';' + concat, '-map', '[v]', ...ENCODE, out]);
}

/** Slideshow of photos with slow zoom, 6 s each (the corpus slideshows' style, other photos). */
function slideshow(out, photos) {
  const inputs = photos.flatMap((photo) => ['-loop', '1', '-t', '6', '-i', photo]);
  const chains = photos.map((_, index) =>
    `[${index}:v]scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,zoompan=z='min(zoom+0.0012,1.25)':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=150:s=640x360:fps=25,setsar=1,trim=duration=6,setpts=PTS-STARTPTS[v${index}]`);
  ffmpeg([...inputs, '-filter_complex', chains.join(';') + ';' + photos.map((_, i) => `[v${i}]`).join('') + `concat=n=${photos.length}:v=1:a=0[v]`, '-map', '[v]', ...ENCODE, out]);
}

/** Generated queries with ground truth; files cached in `work`. */
function generateQueries(root, originals, work) {
  mkdirSync(work, { recursive: true });
  const footage = footageSources(root);
  const queries = [];
  const make = (name, build) => {
    const path = join(work, name);
    if (!existsSync(path) || statSync(path).size === 0) build(path);
    return path;
  };
  const lengths = [10, 20, 30];
  originals.forEach((original, index) => {
    const length = Math.min(lengths[index % 3], Math.floor(duration(original.path)) - 1);
    const start = Math.max(0, Math.floor((duration(original.path) - length) / 2));
    const a = footage[index % footage.length];
    const b = footage[(index + 1) % footage.length];
    // Whole seconds of unrelated footage before the excerpt (as much as the source holds).
    const before = Math.min(6 + (index % 3) * 4, Math.floor(a.duration - 1.5));
    const letterbox = index % 3 === 2 ? 'scale=iw:ih*3/4,pad=iw:ih*4/3:0:(oh-ih)/2' : '';
    const path = make(`excerpt-${original.id}.mp4`, (out) =>
      stitch(out, [
        { args: a.args, start: 1, length: before },
        { args: ['-i', original.path], start, length, filter: letterbox },
        { args: b.args, start: 1, length: Math.min(7, Math.floor(b.duration - 1.5)) },
      ]),
    );
    queries.push({ key: `excerpt-${original.id}`, path, group: 'excerpt', truth: [{ id: original.id, input: [before, before + length], dup: [start, start + length] }] });
  });
  for (let i = 0; i + 1 < originals.length; i += 2) {
    const first = originals[i];
    const second = originals[i + 1];
    const path = make(`multi-${first.id}-${second.id}.mp4`, (out) =>
      stitch(out, [
        { args: ['-i', first.path], start: 4, length: 12 },
        { args: footage[i % footage.length].args, start: 1, length: 5 },
        { args: ['-i', second.path], start: 10, length: 14, filter: 'hflip' },
      ]),
    );
    queries.push({
      key: `multi-${first.id}-${second.id}`,
      path,
      group: 'multi',
      truth: [
        { id: first.id, input: [0, 12], dup: [4, 16] },
        { id: second.id, input: [17, 31], dup: [10, 24] },
      ],
    });
  }
  footage.forEach((source, index) => {
    const path = make(`unrelated-${index}.mp4`, (out) => stitch(out, [{ args: source.args, start: 0, length: Math.min(30, Math.floor(source.duration)) }]));
    queries.push({ key: `unrelated-${source.name}`, path, group: 'unrelated', truth: [] });
  });
  const used = new Set(originals.flatMap((original) => (original.source.match(/img\d+/g) ?? []).map((name) => `${name}.jpg`)));
  const photos = existsSync(join(root, 'images', 'orig')) ? readdirSync(join(root, 'images', 'orig')).filter((name) => name.endsWith('.jpg') && !used.has(name)).sort() : [];
  for (let s = 0; s < 3 && (s + 1) * 5 <= photos.length; s++) {
    const pick = [0, 1, 2, 3, 4].map((k) => join(root, 'images', 'orig', photos[Math.floor(((s * 5 + k + 0.5) * photos.length) / 15)]));
    const path = make(`slides-unrelated-${s}.mp4`, (out) => slideshow(out, pick));
    queries.push({ key: `unrelated-slides-${s}`, path, group: 'unrelated', truth: [] });
  }
  return queries;
}

/** Ground truth of a corpus query from its manifest row. */
function corpusTruth(row, originals) {
  const original = originals.find((o) => o.id === row.original_id);
  const length = duration(original.path);
  if (row.transform !== 'embedded') return [{ id: row.original_id, input: [0, length], dup: [0, length] }];
  const match = /orig\[(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)s\] at (\d+(?:\.\d+)?)s inside (\S+)/.exec(row.notes);
  if (!match) throw new Error(`cannot read embedded notes: ${row.notes}`);
  const [from, to, at, host] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4]];
  const len = to - from;
  const truth = [{ id: row.original_id, input: [at, at + len], dup: [from, to] }];
  if (originals.some((o) => o.id === host)) {
    truth.push({ id: host, input: [0, at], dup: [0, at] }, { id: host, input: [at + len, at + len + 8], dup: [at, at + 8] });
  }
  return truth;
}

// ---- VCSL-style segment metric ----

/** Total length of the union of intervals. */
function unionLength(intervals) {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let current = null;
  for (const [a, b] of sorted) {
    if (!current || a > current[1]) {
      if (current) total += current[1] - current[0];
      current = [a, b];
    } else current[1] = Math.max(current[1], b);
  }
  if (current) total += current[1] - current[0];
  return total;
}

/** Precision or recall of `boxes` covered by `others` (boxes: {input:[a,b], dup:[c,d]}). */
function coverage(boxes, others) {
  if (boxes.length === 0) return 1;
  let coveredW = 0;
  let coveredH = 0;
  let totalW = 0;
  let totalH = 0;
  for (const box of boxes) {
    totalW += box.input[1] - box.input[0];
    totalH += box.dup[1] - box.dup[0];
    const inter = others
      .map((o) => ({
        input: [Math.max(box.input[0], o.input[0]), Math.min(box.input[1], o.input[1])],
        dup: [Math.max(box.dup[0], o.dup[0]), Math.min(box.dup[1], o.dup[1])],
      }))
      .filter((i) => i.input[1] > i.input[0] && i.dup[1] > i.dup[0]);
    coveredW += unionLength(inter.map((i) => i.input));
    coveredH += unionLength(inter.map((i) => i.dup));
  }
  return (coveredW / (totalW || 1e-9)) * (coveredH / (totalH || 1e-9));
}

function predictedSegments(job) {
  const byKey = new Map();
  for (const match of job?.DNAResult?.VideoDNA ?? []) {
    byKey.set(
      match.PrimaryKey,
      match.Detail.map((d) => {
        const inputStart = Number(d.Input.Start);
        const dupStart = Number(d.Duplication.Start);
        return { input: [inputStart, inputStart + Number(d.Input.Duration)], dup: [dupStart, dupStart + Number(d.Duplication.Duration)] };
      }),
    );
  }
  return byKey;
}

function f1(p, r) {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function scoreGroup(results) {
  const pairs = [];
  const boundary = [];
  let falseAlarms = 0;
  let failed = 0;
  for (const result of results) {
    if (result.job.Status !== 'Success') failed++;
    const predicted = predictedSegments(result.job);
    const truthById = new Map();
    for (const t of result.truth) truthById.set(t.id, [...(truthById.get(t.id) ?? []), t]);
    for (const id of new Set([...predicted.keys(), ...truthById.keys()])) {
      const pred = predicted.get(id) ?? [];
      const truth = truthById.get(id) ?? [];
      if (truth.length === 0) falseAlarms++;
      pairs.push({ precision: pred.length === 0 ? 1 : truth.length === 0 ? 0 : coverage(pred, truth), recall: coverage(truth, pred) });
      for (const t of truth) {
        let best = null;
        let bestOverlap = 0;
        for (const p of pred) {
          const overlap = Math.min(t.input[1], p.input[1]) - Math.max(t.input[0], p.input[0]);
          if (overlap > bestOverlap) {
            bestOverlap = overlap;
            best = p;
          }
        }
        boundary.push(best ? Math.max(Math.abs(best.input[0] - t.input[0]), Math.abs(best.input[1] - t.input[1]), Math.abs(best.dup[0] - t.dup[0])) : Infinity);
      }
    }
  }
  const precision = pairs.length ? pairs.reduce((s, p) => s + p.precision, 0) / pairs.length : 1;
  const recall = pairs.length ? pairs.reduce((s, p) => s + p.recall, 0) / pairs.length : 1;
  const within = boundary.filter((error) => error <= GOAL.boundarySeconds).length;
  const finite = boundary.filter(Number.isFinite);
  return {
    queries: results.length,
    pairs: pairs.length,
    precision,
    recall,
    f1: f1(precision, recall),
    falseAlarms,
    failed,
    segments: boundary.length,
    boundaryWithin1s: boundary.length ? within / boundary.length : 1,
    boundaryMeanError: finite.length ? finite.reduce((s, e) => s + e, 0) / finite.length : 0,
  };
}

const fixed = (value, digits = 3) => (value === undefined || value === null ? '-' : Number(value).toFixed(digits));

export async function main(dir, argv) {
  const flags = parseEvalArgs(argv, { backend: { type: 'string' }, 'no-generated': { type: 'boolean', default: false } }, USAGE);
  const root = resolve(dir);
  const { originals, queries: rows } = await readManifest(root, 'video');
  const config = { ...configFlag(flags.config), ...(flags.backend ? { Backend: flags.backend } : {}) };
  let queries = rows.map((row) => ({ key: basename(row.query), path: row.path, group: row.transform, truth: corpusTruth(row, originals) }));
  if (!flags['no-generated']) queries.push(...generateQueries(root, originals, join(tmpdir(), 'mediadna-video-eval')));
  const limit = intFlag(flags.limit, queries.length);
  queries = queries.slice(0, limit);

  const session = await openEval({ model: 'Video', workers: intFlag(flags.workers, 2), concurrency: intFlag(flags.concurrency, 4), quiet: flags.quiet, keep: flags.keep });
  try {
    const stored = await storeItems(session, originals.map((o) => ({ key: o.id, path: o.path })), { mediaType: 'video', config });
    const { jobs, seconds } = await runJobs(session, queries, { label: 'search', config: { ...config, SaveType: 'nosave', MediaType: 'video' } });
    const results = queries.map((query, index) => ({ ...query, job: jobs[index] }));
    const groups = [...new Set(results.map((r) => r.group))];
    const perGroup = Object.fromEntries(groups.map((group) => [group, scoreGroup(results.filter((r) => r.group === group))]));
    const overall = scoreGroup(results);
    const columns = ['group', 'queries', 'pairs', 'precision', 'recall', 'F1', 'falseAlarms', 'failed', 'bound<=1s', 'boundErr'];
    const rowsOut = [...Object.entries(perGroup), ['OVERALL', overall]].map(([name, s]) => [
      name, String(s.queries), String(s.pairs), fixed(s.precision), fixed(s.recall), fixed(s.f1), String(s.falseAlarms), String(s.failed), fixed(s.boundaryWithin1s), fixed(s.boundaryMeanError, 2),
    ]);
    const widths = columns.map((title, i) => Math.max(title.length, ...rowsOut.map((row) => row[i].length)));
    const line = (cells) => cells.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join('  ');
    process.stdout.write(`\nvideo evaluation on ${root}: ${originals.length} originals stored in ${stored.seconds.toFixed(1)} s, ${queries.length} queries searched in ${seconds.toFixed(1)} s\n`);
    process.stdout.write(line(columns) + '\n' + rowsOut.map(line).join('\n') + '\n');
    for (const result of results) {
      if (result.job.Status !== 'Success') process.stdout.write(`  failed ${result.key}: ${result.job.Code}: ${result.job.Message}\n`);
    }
    const unrelatedAlarms = perGroup.unrelated?.falseAlarms ?? 0;
    const met = overall.f1 >= GOAL.f1 && overall.boundaryWithin1s === 1 && unrelatedAlarms === 0 && overall.falseAlarms === 0;
    process.stdout.write(`goal F1 >= ${GOAL.f1}, every boundary within ±${GOAL.boundarySeconds} s, no false alarm: ${met ? 'MET' : 'NOT MET'}\n`);
    const detail = process.env.MEDIADNA_EVAL_DETAIL ? results.map((r) => ({ key: r.key, truth: r.truth, found: r.job.DNAResult?.VideoDNA })) : undefined;
    process.stdout.write(JSON.stringify({ eval: 'video', corpus: root, goal: GOAL, goalMet: met, overall, perGroup, config, detail }) + '\n');
    return met ? 0 : 1;
  } finally {
    await closeEval(session);
  }
}
