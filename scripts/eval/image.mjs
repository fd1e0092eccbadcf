// Image evaluation: `npm run eval -- image DIR [--unrelated N] [--no-pairs] [--limit N] [--config JSON]`.
//
// Library: every original that has transformed queries, plus distractors: the other originals
// except N held out (default 20), plus the light (-l) variant of each GNOME light/dark pair in
// images/pairs (natural near-duplicates that a false match could latch onto).
// Searches (nosave): the 400 transformed copies (10 transforms); the held-out originals as
// "unrelated" queries (nothing should match); the dark (-d) pair variants as group "pair-dark"
// (expected: their light twin). The goal (recall >= 0.98 at precision >= 0.99) is scored over the
// ten transforms plus the unrelated queries; "pair-dark" is reported apart, since whether a
// re-coloured variant counts as a copy is a policy choice rather than a transform of the corpus.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  closeEval,
  configFlag,
  intFlag,
  openEval,
  parseEvalArgs,
  printReport,
  readManifest,
  scoreTopMatches,
  searchItems,
  spreadPick,
  storeItems,
} from './common.mjs';

const USAGE = `usage: npm run eval -- image DIR [--unrelated N (default 20)] [--no-pairs]`;
const GOAL = { recall: 0.98, precision: 0.99 };

/** Light/dark pairs listed in images/pairs/PAIRS.tsv (no header: "<light> <dark>\\t<note>"). */
async function readPairs(root) {
  const file = join(root, 'images', 'pairs', 'PAIRS.tsv');
  if (!existsSync(file)) return [];
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const [light, dark] = line.split('\t')[0].split(/\s+/);
    return {
      light: { key: light, path: join(root, 'images', 'pairs', `${light}.jpg`) },
      dark: { key: dark, path: join(root, 'images', 'pairs', `${dark}.jpg`) },
    };
  });
}

/**
 * @param {string} dir corpus directory
 * @param {string[]} argv flags
 */
export async function main(dir, argv) {
  const flags = parseEvalArgs(argv, { unrelated: { type: 'string', default: '20' }, 'no-pairs': { type: 'boolean', default: false } }, USAGE);
  const root = resolve(dir);
  const { originals, queries: allQueries } = await readManifest(root, 'image');
  if (originals.length === 0) throw new Error(`no image originals in ${root}/manifest/originals.tsv`);
  const limit = intFlag(flags.limit, Infinity);
  const queries = allQueries.slice(0, limit);
  const queried = new Set(allQueries.map((query) => query.original_id));
  const { picked: heldOut, rest: distractors } = spreadPick(
    originals.filter((original) => !queried.has(original.id)),
    intFlag(flags.unrelated, 20),
  );
  const pairs = flags['no-pairs'] ? [] : await readPairs(root);
  const stored = [
    ...originals.filter((original) => queried.has(original.id)).map((original) => ({ key: original.id, path: original.path })),
    ...distractors.map((original) => ({ key: original.id, path: original.path })),
    ...pairs.map((pair) => pair.light),
  ];
  const searches = [
    ...queries.map((query) => ({ key: `q:${query.query}`, path: query.path, group: query.transform, expected: query.original_id })),
    ...heldOut.map((original) => ({ key: `u:${original.id}`, path: original.path, group: 'unrelated', expected: null })),
    ...pairs.map((pair) => ({ key: `p:${pair.dark.key}`, path: pair.dark.path, group: 'pair-dark', expected: pair.light.key })),
  ];
  process.stderr.write(
    `image eval: storing ${stored.length} (${queried.size} queried originals, ${distractors.length} distractors, ${pairs.length} pair variants); ` +
      `searching ${queries.length} copies, ${heldOut.length} unrelated, ${pairs.length} pair variants\n`,
  );

  const session = await openEval({
    model: 'Image',
    workers: flags.workers ? intFlag(flags.workers, 1) : undefined,
    concurrency: intFlag(flags.concurrency, 32),
    quiet: flags.quiet,
    keep: flags.keep,
  });
  try {
    const extraConfig = configFlag(flags.config);
    const store = await storeItems(session, stored, { mediaType: 'image', config: extraConfig });
    const search = await searchItems(session, searches, { mediaType: 'image', config: extraConfig });
    const transforms = [...new Set(queries.map((query) => query.transform))].sort();
    const scores = scoreTopMatches(search.results, { resultKeys: ['ImageDNA'], overallGroups: [...transforms, 'unrelated'] });
    const failures = search.results.filter((result) => result.job.Status !== 'Success');
    for (const failure of failures.slice(0, 5)) {
      process.stderr.write(`failed: ${failure.path}: ${failure.job.Code}: ${failure.job.Message}\n`);
    }
    const met = printReport({
      modality: 'image',
      corpus: root,
      scores,
      goal: GOAL,
      extra: {
        stored: store.stored,
        storePerSecond: Math.round((store.stored / store.seconds) * 10) / 10,
        searched: searches.length,
        searchPerSecond: Math.round((searches.length / search.seconds) * 10) / 10,
        config: extraConfig,
      },
    });
    const misses = search.results.filter((result) => {
      const top = result.job.DNAResult?.ImageDNA?.[0]?.PrimaryKey ?? null;
      return result.group !== 'pair-dark' && top !== result.expected;
    });
    if (misses.length > 0 && !flags.quiet) {
      process.stderr.write(`misses (first 20 of ${misses.length}):\n`);
      for (const miss of misses.slice(0, 20)) {
        const top = miss.job.DNAResult?.ImageDNA?.[0];
        process.stderr.write(
          `  ${miss.group}\t${miss.key}\texpected ${miss.expected ?? '-'}\tgot ${top ? `${top.PrimaryKey} (${top.Similarity}${top.Distance !== undefined ? `, d=${top.Distance}` : ''})` : miss.job.Status === 'Success' ? 'no match' : `${miss.job.Code}`}\n`,
        );
      }
    }
    return met ? 0 : 1;
  } finally {
    await closeEval(session);
  }
}
