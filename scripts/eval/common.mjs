// Shared helpers of the evaluation harness (`npm run eval -- <modality> DIR`).
//
// A modality script (scripts/eval/<modality>.mjs) exports `async function main(dir, argv)` and:
//   1. reads the corpus manifests            readManifest(dir, modality)
//   2. opens a throw-away data dir + library openEval({ model })
//   3. stores originals and distractors      storeItems(session, items, { mediaType })
//   4. searches the queries with nosave      searchItems(session, queries, { mediaType })
//   5. scores the top match per query        scoreTopMatches(results, { judge })  (segmentOverlap for time ranges)
//   6. prints a table and a JSON line         printReport(report)
// Everything goes through the public DNA API of the BUILT @mediadna/dna (run `npm run build` first).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Import the built facade (`npm run setup` builds it).
 * @returns {Promise<typeof import('@mediadna/dna')>}
 */
export async function loadDna() {
  return import('@mediadna/dna');
}

/**
 * Parse a modality's flags with `node:util` parseArgs; `--help` prints `usage` and exits.
 * Common flags every modality accepts: `--workers N`, `--concurrency N` (jobs in flight, default 32),
 * `--limit N` (first N queries only, for a quick run), `--config JSON` (extra job Config for searches),
 * `--keep` (keep the temp data dir), `--quiet` (no progress on stderr).
 * @param {string[]} argv
 * @param {Record<string, {type: 'string'|'boolean', default?: string|boolean}>} options modality-specific options
 * @param {string} usage text for --help
 * @returns {Record<string, string|boolean|undefined>}
 */
export function parseEvalArgs(argv, options, usage) {
  const { values } = parseArgs({
    args: argv,
    options: {
      workers: { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      limit: { type: 'string' },
      config: { type: 'string' },
      keep: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...options,
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      usage +
        '\ncommon flags: --workers N  --concurrency N (default 32)  --limit N  --config JSON  --keep  --quiet\n',
    );
    process.exit(0);
  }
  return values;
}

/**
 * Read a TSV file with a header line into objects keyed by the header names.
 * @param {string} path
 * @returns {Promise<Record<string, string>[]>}
 */
export async function readTsv(path) {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines.shift()?.split('\t') ?? [];
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']));
  });
}

/**
 * The manifests of a corpus for one modality, paths made absolute.
 * originals: `{id, modality, path, package, version, source}`; queries: `{query, modality, original_id, transform, notes, path}`.
 * @param {string} dir corpus directory (holds `manifest/originals.tsv` and `manifest/queries.tsv`)
 * @param {string | string[]} modality value(s) of the `modality` column to keep
 * @returns {Promise<{originals: Record<string,string>[], queries: Record<string,string>[]}>}
 */
export async function readManifest(dir, modality) {
  const wanted = new Set(Array.isArray(modality) ? modality : [modality]);
  const root = resolve(dir);
  const originals = (await readTsv(join(root, 'manifest', 'originals.tsv')))
    .filter((row) => wanted.has(row.modality))
    .map((row) => ({ ...row, path: join(root, row.path) }));
  const queries = (await readTsv(join(root, 'manifest', 'queries.tsv')))
    .filter((row) => wanted.has(row.modality))
    .map((row) => ({ ...row, path: join(root, row.query) }));
  return { originals, queries };
}

/**
 * Pick `count` items spread evenly over `items` (deterministic), and the rest.
 * @template T
 * @param {T[]} items
 * @param {number} count
 * @returns {{picked: T[], rest: T[]}}
 */
export function spreadPick(items, count) {
  const picked = [];
  const rest = [];
  const n = Math.min(count, items.length);
  const chosen = new Set();
  for (let i = 0; i < n; i++) chosen.add(Math.floor(((i + 0.5) * items.length) / n));
  items.forEach((item, index) => (chosen.has(index) ? picked : rest).push(item));
  return { picked, rest };
}

/**
 * An evaluation session: a temp data dir, an open facade and one library.
 * @typedef {{ dna: any, dbId: string, dataDir: string, concurrency: number, quiet: boolean, keep: boolean }} EvalSession
 */

/**
 * Create a temp data dir, open the facade and create a library of `model`.
 * @param {{ model: 'Video'|'Audio'|'Image'|'Text', workers?: number, concurrency?: number, quiet?: boolean, keep?: boolean, dnaOptions?: object }} options
 * @returns {Promise<EvalSession>}
 */
export async function openEval(options) {
  const { createDna } = await loadDna();
  const dataDir = await mkdtemp(join(tmpdir(), 'mediadna-eval-'));
  const dna = await createDna({ dataDir, ...(options.workers ? { workers: options.workers } : {}), ...(options.dnaOptions ?? {}) });
  const { DBInfo } = await dna.CreateDNADB({ Name: `eval-${options.model.toLowerCase()}`, Model: options.model });
  return {
    dna,
    dbId: DBInfo.DBId,
    dataDir,
    concurrency: options.concurrency ?? 32,
    quiet: options.quiet ?? false,
    keep: options.keep ?? false,
  };
}

/**
 * Close the facade and remove the temp data dir (unless `keep`).
 * @param {EvalSession} session
 */
export async function closeEval(session) {
  await session.dna.close();
  if (session.keep) process.stderr.write(`data dir kept: ${session.dataDir}\n`);
  else await rm(session.dataDir, { recursive: true, force: true });
}

function progress(session, label, done, total, startedAt) {
  if (session.quiet) return;
  const seconds = (Date.now() - startedAt) / 1000;
  const line = `${label}: ${done}/${total} (${(done / Math.max(seconds, 0.001)).toFixed(1)}/s)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
  else if (done === total || done % 100 === 0) process.stderr.write(line + '\n');
}

/**
 * Submit one job per item and wait for all, at most `session.concurrency` in flight.
 * Returns the finished jobs in item order (a submit that throws gives `{Status:'Fail', Code, Message}`).
 * @param {EvalSession} session
 * @param {{ key: string, path: string }[]} items
 * @param {{ label: string, config: object }} options `config` is the job Config object (stringified here)
 * @returns {Promise<{ jobs: object[], seconds: number }>}
 */
export async function runJobs(session, items, options) {
  const { dna, dbId } = session;
  const config = JSON.stringify(options.config);
  const jobs = new Array(items.length);
  const inFlight = new Set();
  const startedAt = Date.now();
  let done = 0;
  const finish = (index, job) => {
    jobs[index] = job;
    done++;
    progress(session, options.label, done, items.length, startedAt);
  };
  for (let index = 0; index < items.length; index++) {
    while (inFlight.size >= session.concurrency) await Promise.race(inFlight);
    const item = items[index];
    let jobId;
    try {
      ({ JobId: jobId } = await dna.SubmitDNAJob({ Input: { Type: 'Media', Media: item.path }, PrimaryKey: item.key, DBId: dbId, Config: config }));
    } catch (error) {
      finish(index, { Status: 'Fail', Code: error?.code ?? 'InternalError', Message: error?.message ?? String(error), PrimaryKey: item.key });
      continue;
    }
    const pending = dna
      .waitForJob(jobId)
      .then(
        (job) => finish(index, job),
        (error) => finish(index, { Id: jobId, Status: 'Fail', Code: error?.code ?? 'InternalError', Message: error?.message ?? String(error), PrimaryKey: item.key }),
      )
      .finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }
  await Promise.all(inFlight);
  if (items.length === 0) progress(session, options.label, 0, 0, startedAt);
  return { jobs, seconds: (Date.now() - startedAt) / 1000 };
}

/**
 * Store items in the library (`onlysave`: always stored, no search). Throws when any item fails,
 * since a missing original would make the scores meaningless.
 * @param {EvalSession} session
 * @param {{ key: string, path: string }[]} items
 * @param {{ mediaType: string, config?: object }} options
 * @returns {Promise<{ stored: number, seconds: number }>}
 */
export async function storeItems(session, items, options) {
  const { jobs, seconds } = await runJobs(session, items, {
    label: 'store',
    config: { ...(options.config ?? {}), SaveType: 'onlysave', MediaType: options.mediaType },
  });
  const failed = jobs.filter((job) => job.Status !== 'Success');
  if (failed.length > 0) {
    const first = failed[0];
    throw new Error(`${failed.length} of ${items.length} items could not be stored; first: ${first.PrimaryKey}: ${first.Code}: ${first.Message}`);
  }
  return { stored: items.length, seconds };
}

/**
 * Search items with `nosave`. Each result carries the item's fields plus `job`.
 * @template {{ key: string, path: string }} T
 * @param {EvalSession} session
 * @param {T[]} items
 * @param {{ mediaType: string, config?: object }} options
 * @returns {Promise<{ results: (T & { job: object })[], seconds: number }>}
 */
export async function searchItems(session, items, options) {
  const { jobs, seconds } = await runJobs(session, items, {
    label: 'search',
    config: { ...(options.config ?? {}), SaveType: 'nosave', MediaType: options.mediaType },
  });
  return { results: items.map((item, index) => ({ ...item, job: jobs[index] })), seconds };
}

/**
 * The best match of a finished job across its result keys (`ImageDNA`, `AudioDNA`, …), or null.
 * `match` is the match object itself (with `Detail`), `kind` its result key.
 * @param {object} job
 * @param {string[]} [resultKeys] which DNAResult keys to consider (default: all)
 * @returns {{ key: string, similarity: number, match: object, kind: string } | null}
 */
export function topMatch(job, resultKeys) {
  if (job?.Status !== 'Success' || !job.DNAResult) return null;
  let best = null;
  for (const [name, matches] of Object.entries(job.DNAResult)) {
    if (resultKeys && !resultKeys.includes(name)) continue;
    for (const match of matches ?? []) {
      const similarity = Number(match.Similarity);
      if (!best || similarity > best.similarity) best = { key: match.PrimaryKey, similarity, match, kind: name };
    }
  }
  return best;
}

/**
 * How well a match's segments cover an expected range, as intersection over union (0..1), on
 * one side of `Detail`: `'Duplication'` (times in the library item, the default) or `'Input'`
 * (times in the query); for text use `'DuplicationFragment'`/`'InputFragment'`.
 * Use it in a `judge` for timed media, e.g. an excerpt must also be placed right.
 * @param {{ Detail?: object[] }} match
 * @param {{ start: number, end: number }} expected seconds (or characters for text)
 * @param {string} [side]
 * @returns {number}
 */
export function segmentOverlap(match, expected, side = 'Duplication') {
  let covered = 0;
  let union = expected.end - expected.start;
  for (const detail of match?.Detail ?? []) {
    const range = detail[side];
    if (!range) continue;
    const start = Number(range.Start);
    const end = start + Number(range.Duration);
    const overlap = Math.max(0, Math.min(end, expected.end) - Math.max(start, expected.start));
    covered += overlap;
    union += end - start - overlap;
  }
  return union > 0 ? covered / union : 0;
}

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(value) {
  return value === null || Number.isNaN(value) ? null : Math.round(value * 10000) / 10000;
}

/**
 * Score the top match of each search.
 * Each result: `{ group, expected, job }`: `group` is the transform (or `"unrelated"`), `expected` the
 * PrimaryKey that should be the top match, or null when nothing should match.
 * - related query: top = expected → true positive; top = another item → false positive (and a miss);
 *   no match → false negative. A job that ended `Fail` counts as a miss (reported as `failed`).
 * - unrelated query: any match → false positive.
 * recall = TP / related queries; precision = TP / (TP + FP). `overall` sums the groups listed in
 * `overallGroups` (default: every group), so unrelated false positives lower overall precision.
 * `judge(result, top)` decides whether a top match on the expected key is right (default: yes);
 * a judged-wrong top match counts as a false positive, e.g. the right item at the wrong time.
 * @param {{ group: string, expected: string|null, job: object }[]} results
 * @param {{ resultKeys?: string[], overallGroups?: string[], judge?: (result: object, top: ReturnType<typeof topMatch>) => boolean }} [options]
 */
export function scoreTopMatches(results, options = {}) {
  const groups = new Map();
  const blank = () => ({ queries: 0, related: 0, truePositive: 0, falsePositive: 0, falseNegative: 0, failed: 0, trueSimilarity: [], falseSimilarity: [] });
  for (const result of results) {
    if (!groups.has(result.group)) groups.set(result.group, blank());
    const tally = groups.get(result.group);
    tally.queries++;
    if (result.job?.Status !== 'Success') tally.failed++;
    const top = topMatch(result.job, options.resultKeys);
    if (result.expected !== null) {
      tally.related++;
      if (top && top.key === result.expected && (!options.judge || options.judge(result, top))) {
        tally.truePositive++;
        tally.trueSimilarity.push(top.similarity);
      } else {
        tally.falseNegative++;
        if (top) {
          tally.falsePositive++;
          tally.falseSimilarity.push(top.similarity);
        }
      }
    } else if (top) {
      tally.falsePositive++;
      tally.falseSimilarity.push(top.similarity);
    }
  }
  const summarise = (tally) => ({
    queries: tally.queries,
    related: tally.related,
    truePositive: tally.truePositive,
    falsePositive: tally.falsePositive,
    falseNegative: tally.falseNegative,
    failed: tally.failed,
    recall: tally.related ? round(tally.truePositive / tally.related) : null,
    precision: tally.truePositive + tally.falsePositive ? round(tally.truePositive / (tally.truePositive + tally.falsePositive)) : null,
    minTrueSimilarity: tally.trueSimilarity.length ? round(Math.min(...tally.trueSimilarity)) : null,
    medianTrueSimilarity: round(median(tally.trueSimilarity)),
    maxFalseSimilarity: tally.falseSimilarity.length ? round(Math.max(...tally.falseSimilarity)) : null,
  });
  const perGroup = {};
  for (const [name, tally] of [...groups.entries()].sort(([a], [b]) => (a === 'unrelated' ? 1 : b === 'unrelated' ? -1 : a < b ? -1 : 1))) {
    perGroup[name] = summarise(tally);
  }
  const overallNames = options.overallGroups ?? [...groups.keys()];
  const total = blank();
  for (const name of overallNames) {
    const tally = groups.get(name);
    if (!tally) continue;
    for (const field of ['queries', 'related', 'truePositive', 'falsePositive', 'falseNegative', 'failed']) total[field] += tally[field];
    total.trueSimilarity.push(...tally.trueSimilarity);
    total.falseSimilarity.push(...tally.falseSimilarity);
  }
  return { perGroup, overall: summarise(total), overallGroups: overallNames };
}

function cell(value) {
  if (value === null || value === undefined) return '-';
  return typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value);
}

/**
 * Print the score table (stdout) and one JSON summary line starting with `{"eval":`.
 * @param {{ modality: string, corpus: string, scores: ReturnType<typeof scoreTopMatches>, goal?: {recall: number, precision: number}, extra?: object }} report
 * @returns {boolean} true when a goal was given and met by `overall`
 */
export function printReport(report) {
  const columns = ['group', 'queries', 'TP', 'FP', 'FN', 'failed', 'recall', 'precision', 'minSimTP', 'maxSimFP'];
  const rows = Object.entries(report.scores.perGroup).map(([name, s]) => [
    name, s.queries, s.truePositive, s.falsePositive, s.falseNegative, s.failed, s.recall, s.precision, s.minTrueSimilarity, s.maxFalseSimilarity,
  ]);
  const o = report.scores.overall;
  rows.push(['OVERALL', o.queries, o.truePositive, o.falsePositive, o.falseNegative, o.failed, o.recall, o.precision, o.minTrueSimilarity, o.maxFalseSimilarity]);
  const text = rows.map((row) => row.map(cell));
  const widths = columns.map((title, index) => Math.max(title.length, ...text.map((row) => row[index].length)));
  const line = (cells) => cells.map((value, index) => (index === 0 ? value.padEnd(widths[index]) : value.padStart(widths[index]))).join('  ');
  process.stdout.write(`\n${report.modality} evaluation on ${report.corpus} (overall = ${report.scores.overallGroups.join(', ')})\n`);
  process.stdout.write(line(columns) + '\n' + text.map(line).join('\n') + '\n');
  let met = null;
  if (report.goal) {
    met = (o.recall ?? 0) >= report.goal.recall && (o.precision ?? 0) >= report.goal.precision;
    process.stdout.write(`goal recall >= ${report.goal.recall} at precision >= ${report.goal.precision}: ${met ? 'MET' : 'NOT MET'} overall\n`);
    const below = report.scores.overallGroups.filter((name) => {
      const group = report.scores.perGroup[name];
      if (!group) return false;
      return (group.recall !== null && group.recall < report.goal.recall) || (group.precision !== null && group.related > 0 && group.precision < report.goal.precision);
    });
    process.stdout.write(below.length ? `groups below the goal: ${below.join(', ')}\n` : 'every group meets the goal\n');
  }
  process.stdout.write(
    JSON.stringify({ eval: report.modality, corpus: report.corpus, goal: report.goal ?? null, goalMet: met, overall: o, perGroup: report.scores.perGroup, ...(report.extra ?? {}) }) + '\n',
  );
  return met === true;
}

/**
 * Integer flag value or a default.
 * @param {string|boolean|undefined} value
 * @param {number} fallback
 */
export function intFlag(value, fallback) {
  if (value === undefined || value === false) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`expected a non-negative integer, got ${value}`);
  return number;
}

/**
 * Parse `--config JSON` into an object (or `{}`).
 * @param {string|boolean|undefined} value
 */
export function configFlag(value) {
  if (typeof value !== 'string') return {};
  const parsed = JSON.parse(value);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('--config must be a JSON object');
  return parsed;
}
