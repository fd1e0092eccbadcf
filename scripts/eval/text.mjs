// Text evaluation: `npm run eval -- text DIR [--unrelated N] [--generated N] [--seed N] [--limit N] [--config JSON]`.
//
// Library: every text original that has transformed queries, plus the other originals as
// distractors except N held out (default 20).
// Searches (nosave):
//   - the corpus queries (transforms ws del10 sub5 excerpt40 boiler reorder typo2 html, s2t for Chinese);
//   - generated near-duplicates of the queried originals: words (characters for Chinese) inserted,
//     deleted or substituted at 5%, 10% and 20% (edit5/edit10/edit20), paragraphs shuffled
//     (shuffle), lines re-wrapped with CRLF and extra spaces (rewrap), ASCII punctuation and
//     digits turned full-width (fullwidth);
//   - passages of 200–2000 characters of a queried original pasted into a held-out original
//     (group "passage"; truth: the pasted range in both texts);
//   - re-encoded copies made with the system's iconv when present: Chinese originals in GB18030
//     (gb18030), the corpus s2t (Traditional) copies in Big5 (big5, characters Big5 lacks dropped),
//     English originals in UTF-16LE without BOM (utf16);
//   - the held-out originals themselves ("unrelated": nothing should match);
//   - --extra-unrelated N (default 100) more texts of the same genre and packages: ~4 KB chunks of
//     the fortune files (English and Chinese) in DIR/.cache/x, also "unrelated" (or
//     "unrelated-shared" when they verifiably contain library text; fortunes repeat quotes).
// Scores: top-match recall/precision per group (common.mjs), precision over EVERY reported match
// (a second key reported for a query counts as a false positive), and for passages the overlap
// (intersection over union, in characters) of the reported fragments with the true ones.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

const USAGE = 'usage: npm run eval -- text DIR [--unrelated N (default 20)] [--generated N (originals with generated queries, default all)] [--seed N]';
const GOAL = { recall: 0.95, precision: 0.99 };
const FRAGMENT_GOAL = 0.9;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isChinese = (lang) => lang.startsWith('zh');

/** Units to edit: words with their following whitespace (spaced text) or single characters (Chinese). */
function units(text, lang) {
  return isChinese(lang) ? Array.from(text) : text.split(/(?<=\s)(?=\S)/);
}

function editWords(text, lang, rate, random, vocabulary) {
  const out = [];
  for (const unit of units(text, lang)) {
    if (unit.trim() === '' || random() >= rate) {
      out.push(unit);
      continue;
    }
    const op = Math.floor(random() * 3);
    const word = vocabulary[Math.floor(random() * vocabulary.length)];
    const joiner = isChinese(lang) ? '' : ' ';
    if (op === 0) continue; // delete
    if (op === 1) out.push(word + (isChinese(lang) ? '' : unit.match(/\s*$/)[0] || ' ')); // substitute
    else out.push(word + joiner + unit); // insert
  }
  return out.join('');
}

function shuffleParagraphs(text, random) {
  const paragraphs = text.split(/\n\s*\n/);
  for (let i = paragraphs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [paragraphs[i], paragraphs[j]] = [paragraphs[j], paragraphs[i]];
  }
  return paragraphs.join('\n\n');
}

function rewrap(text, lang) {
  const width = isChinese(lang) ? 30 : 56;
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const flat = paragraph.replace(/\s+/g, isChinese(lang) ? '' : ' ').trim();
      const lines = [];
      if (isChinese(lang)) for (let i = 0; i < flat.length; i += width) lines.push(flat.slice(i, i + width));
      else {
        let line = '';
        for (const word of flat.split(' ')) {
          if (line.length + word.length + 1 > width && line) {
            lines.push(line);
            line = '';
          }
          line = line ? `${line}  ${word}` : word;
        }
        if (line) lines.push(line);
      }
      return lines.map((l) => '    ' + l).join('\r\n');
    })
    .join('\r\n\r\n\r\n');
}

function fullWidth(text) {
  return text.replace(/[!-~]/g, (c) => (/[A-Za-z]/.test(c) ? c : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).replace(/ /g, '\u3000');
}

/** A passage of 200–2000 characters starting at a line or sentence start when possible. */
function pickPassage(text, random) {
  const length = Math.min(text.length - 1, 200 + Math.floor(random() * 1801));
  let start = Math.floor(random() * Math.max(1, text.length - length));
  const boundary = text.slice(start, start + 80).search(/(?<=[\n.。！？!?]\s*)\S/);
  if (boundary > 0 && start + boundary + length <= text.length) start += boundary;
  let end = Math.min(text.length, start + length);
  while (end > start && /\s/.test(text[end - 1])) end--;
  while (start < end && /\s/.test(text[start])) start++;
  return { start, end };
}

function pasteInto(host, passage, random) {
  let at = Math.floor(random() * host.length);
  const lineStart = host.lastIndexOf('\n', at);
  at = lineStart < 0 ? 0 : lineStart + 1;
  return { text: host.slice(0, at) + passage + '\n' + host.slice(at), at };
}

function iou(found, truth) {
  // found: [start, end][] (may overlap), truth: [start, end]
  const ranges = found.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let union = 0;
  let intersection = 0;
  let curS = -1;
  let curE = -1;
  const flush = () => {
    if (curE <= curS) return;
    union += curE - curS;
    intersection += Math.max(0, Math.min(curE, truth[1]) - Math.max(curS, truth[0]));
  };
  for (const [s, e] of ranges) {
    if (s > curE) {
      flush();
      curS = s;
      curE = e;
    } else curE = Math.max(curE, e);
  }
  flush();
  const foundOutside = union - intersection;
  const total = truth[1] - truth[0] + foundOutside;
  return total === 0 ? 0 : intersection / total;
}

/**
 * Independent ground-truth check: which documents share verbatim text. Texts are lower-cased
 * with whitespace, punctuation and symbols removed (a plain regex, not the library under test),
 * and every window of `SHARED_WINDOW` characters is compared. Returns a predicate on id pairs.
 */
const SHARED_WINDOW = 50;
function flatten(text) {
  // ANSI colour escapes (the Chinese fortunes use them) are not text
  return text.toLowerCase().replace(/\u001b\[[0-9;]*[a-z]/g, '').replace(/[\s\p{P}\p{S}\p{Cc}]/gu, '');
}

/** True when `a` and `b` share a window of `SHARED_WINDOW` flattened characters. */
function sharesWindow(a, b) {
  const flatA = flatten(a);
  const flatB = flatten(b);
  const windows = new Set();
  for (let i = 0; i + SHARED_WINDOW <= flatA.length; i++) windows.add(flatA.slice(i, i + SHARED_WINDOW));
  for (let i = 0; i + SHARED_WINDOW <= flatB.length; i++) if (windows.has(flatB.slice(i, i + SHARED_WINDOW))) return true;
  return false;
}

function sharedTextPairs(texts) {
  const owner = new Map();
  const pairs = new Set();
  for (const [id, text] of texts) {
    const flat = flatten(text);
    const seen = new Set();
    for (let i = 0; i + SHARED_WINDOW <= flat.length; i++) {
      const window = flat.slice(i, i + SHARED_WINDOW);
      if (seen.has(window)) continue;
      seen.add(window);
      const first = owner.get(window);
      if (first === undefined) owner.set(window, id);
      else if (first !== id) pairs.add(first < id ? `${first}|${id}` : `${id}|${first}`);
    }
  }
  return (a, b) => pairs.has(a < b ? `${a}|${b}` : `${b}|${a}`);
}

/**
 * About `count` chunks of ~4 KB (whole fortunes) spread over the fortune files of the corpus cache.
 * @returns {Promise<{id: string, text: string}[]>}
 */
async function fortuneChunks(root, count) {
  const { readdir } = await import('node:fs/promises');
  const { existsSync } = await import('node:fs');
  const chunks = [];
  for (const pkg of ['fortunes', 'fortunes-zh']) {
    const dir = join(root, '.cache', 'x', pkg, 'usr', 'share', 'games', 'fortunes');
    if (!existsSync(dir)) continue;
    for (const name of (await readdir(dir)).sort()) {
      if (name.includes('.')) continue;
      const entries = (await readFile(join(dir, name), 'utf8')).split(/\n%\n/);
      let current = '';
      let part = 0;
      for (const entry of entries) {
        current += entry + '\n\n';
        if (current.length >= (pkg === 'fortunes' ? 4000 : 1500)) {
          chunks.push({ id: `x_${pkg}_${name}_${part++}`, text: current });
          current = '';
        }
      }
    }
  }
  return spreadPick(chunks, count).picked;
}

/**
 * @param {string} dir corpus directory
 * @param {string[]} argv flags
 */
export async function main(dir, argv) {
  const flags = parseEvalArgs(
    argv,
    {
      unrelated: { type: 'string', default: '20' },
      generated: { type: 'string' },
      seed: { type: 'string', default: '42' },
      'extra-unrelated': { type: 'string', default: '100' },
    },
    USAGE,
  );
  const root = resolve(dir);
  const { originals, queries: allQueries } = await readManifest(root, 'text');
  if (originals.length === 0) throw new Error(`no text originals in ${root}/manifest/originals.tsv`);
  const random = mulberry32(intFlag(flags.seed, 42));
  const limit = intFlag(flags.limit, Infinity);
  const queries = allQueries.slice(0, limit);
  const queried = new Set(allQueries.map((query) => query.original_id));
  const { picked: heldOut, rest: distractors } = spreadPick(
    originals.filter((original) => !queried.has(original.id)),
    intFlag(flags.unrelated, 20),
  );
  const langOf = (original) => (original.source.match(/lang=([\w-]+)/)?.[1] ?? original.path.split('/').at(-2));
  const storedOriginals = originals.filter((original) => queried.has(original.id));
  const texts = new Map();
  for (const original of originals) texts.set(original.id, await readFile(original.path, 'utf8'));
  const extras = await fortuneChunks(root, intFlag(flags['extra-unrelated'], 100));
  for (const extra of extras) texts.set(extra.id, extra.text);
  const shares = sharedTextPairs(texts);
  const storedIds = [...storedOriginals, ...distractors].map((original) => original.id);
  const sharesWithLibrary = (id) => storedIds.some((other) => other !== id && shares(id, other));

  // generated queries
  const work = await mkdtemp(join(tmpdir(), 'mediadna-text-eval-'));
  const generated = [];
  const truths = new Map();
  const generatedFor = storedOriginals.slice(0, intFlag(flags.generated, storedOriginals.length));
  const vocabulary = { en: [], zh: [] };
  for (const original of heldOut) {
    const lang = langOf(original);
    const list = isChinese(lang) ? vocabulary.zh : vocabulary.en;
    for (const unit of units(texts.get(original.id), lang)) if (unit.trim().length > 0 && list.length < 20000) list.push(unit.trim());
  }
  // hosts for pasted passages: held-out texts that share no verbatim text with the library
  const cleanHeldOut = heldOut.filter((original) => !sharesWithLibrary(original.id));
  const hosts = cleanHeldOut.map((original) => ({ id: original.id, text: texts.get(original.id) }));
  for (const original of generatedFor) {
    const lang = langOf(original);
    const text = texts.get(original.id);
    const words = isChinese(lang) ? vocabulary.zh : vocabulary.en;
    const variants = {
      edit5: editWords(text, lang, 0.05, random, words),
      edit10: editWords(text, lang, 0.1, random, words),
      edit20: editWords(text, lang, 0.2, random, words),
      shuffle: shuffleParagraphs(text, random),
      rewrap: rewrap(text, lang),
      fullwidth: fullWidth(text),
    };
    for (const [group, body] of Object.entries(variants)) {
      const path = join(work, `${original.id}__${group}.txt`);
      await writeFile(path, body);
      generated.push({ key: `g:${original.id}:${group}`, path, group, expected: original.id });
    }
    const passage = pickPassage(text, random);
    const host = hosts[Math.floor(random() * hosts.length)];
    const pasted = pasteInto(host.text, text.slice(passage.start, passage.end), random);
    const path = join(work, `${original.id}__passage.txt`);
    await writeFile(path, pasted.text);
    const key = `p:${original.id}`;
    generated.push({ key, path, group: 'passage', expected: original.id });
    truths.set(key, {
      input: [pasted.at, pasted.at + passage.end - passage.start],
      duplication: [passage.start, passage.end],
      passage: text.slice(passage.start, passage.end),
    });
  }

  // re-encoded copies (iconv is a system tool used only to make test inputs)
  const iconv = (input, from, to) => {
    try {
      return execFileSync('iconv', ['-c', '-f', from, '-t', to], { input, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      return error?.stdout?.length ? error.stdout : null; // -c exits 1 when it dropped characters
    }
  };
  for (const original of generatedFor) {
    const lang = langOf(original);
    const text = texts.get(original.id);
    const encoded = [];
    if (isChinese(lang)) encoded.push(['gb18030', iconv(Buffer.from(text), 'UTF-8', 'GB18030')]);
    else encoded.push(['utf16', iconv(Buffer.from(text), 'UTF-8', 'UTF-16LE')]);
    const s2t = allQueries.find((query) => query.original_id === original.id && query.transform === 's2t');
    if (s2t) encoded.push(['big5', iconv(await readFile(s2t.path), 'UTF-8', 'BIG5')]);
    for (const [group, bytes] of encoded) {
      if (!bytes) continue;
      const path = join(work, `${original.id}__${group}.txt`);
      await writeFile(path, bytes);
      generated.push({ key: `g:${original.id}:${group}`, path, group, expected: original.id });
    }
  }

  const stored = [...storedOriginals, ...distractors].map((original) => ({ key: original.id, path: original.path }));
  const searches = [
    ...queries.map((query) => ({ key: `q:${query.query}`, path: query.path, group: query.transform, expected: query.original_id })),
    ...generated,
    ...heldOut.map((original) => ({
      key: `u:${original.id}`,
      path: original.path,
      group: sharesWithLibrary(original.id) ? 'unrelated-shared' : 'unrelated',
      expected: null,
    })),
  ];
  for (const extra of extras) {
    const path = join(work, `${extra.id}.txt`);
    await writeFile(path, extra.text);
    searches.push({ key: `u:${extra.id}`, path, group: sharesWithLibrary(extra.id) ? 'unrelated-shared' : 'unrelated', expected: null });
  }
  process.stderr.write(
    `text eval: storing ${stored.length} (${storedOriginals.length} queried originals, ${distractors.length} distractors); ` +
      `searching ${queries.length} corpus copies, ${generated.length} generated, ${heldOut.length + extras.length} unrelated ` +
      `(${searches.filter((item) => item.group === 'unrelated-shared').length} of them verifiably share text with the library)\n`,
  );

  const session = await openEval({
    model: 'Text',
    workers: flags.workers ? intFlag(flags.workers, 1) : undefined,
    concurrency: intFlag(flags.concurrency, 32),
    quiet: flags.quiet,
    keep: flags.keep,
  });
  try {
    const extraConfig = configFlag(flags.config);
    const store = await storeItems(session, stored, { mediaType: 'text', config: extraConfig });
    const search = await searchItems(session, searches, { mediaType: 'text', config: extraConfig });
    // 'unrelated-shared': held-out texts that verifiably contain text of a library item; a match
    // there is not a false positive, so they are reported apart from the overall score
    const groups = [...new Set(searches.map((s) => s.group))].filter((group) => group !== 'unrelated-shared');
    const scores = scoreTopMatches(search.results, { resultKeys: ['TextDNA'], overallGroups: groups });

    // precision over every reported match
    // (raw, and with matches between texts that verifiably share 50+ characters counted as true)
    let reported = 0;
    let correct = 0;
    let verifiedShared = 0;
    const extraKeys = [];
    for (const result of search.results) {
      const source = result.expected ?? result.key.slice(2);
      for (const match of result.job.DNAResult?.TextDNA ?? []) {
        reported++;
        if (match.PrimaryKey === result.expected) correct++;
        else if (result.group === 'passage' ? sharesWindow(truths.get(result.key).passage, texts.get(match.PrimaryKey) ?? '') : shares(source, match.PrimaryKey)) verifiedShared++;
        else extraKeys.push(`${result.key} -> ${match.PrimaryKey} (${match.Similarity})`);
      }
    }
    // fragment overlap for passages
    const overlaps = [];
    for (const result of search.results) {
      const truth = truths.get(result.key);
      if (!truth) continue;
      const match = (result.job.DNAResult?.TextDNA ?? []).find((m) => m.PrimaryKey === result.expected);
      const range = (f) => [Number(f.Start), Number(f.Start) + Number(f.Duration)];
      const input = match ? iou(match.Detail.map((d) => range(d.InputFragment)), truth.input) : 0;
      const duplication = match ? iou(match.Detail.map((d) => range(d.DuplicationFragment)), truth.duplication) : 0;
      overlaps.push({ key: result.key, input, duplication });
    }
    const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
    const fragment = {
      passages: overlaps.length,
      meanInputOverlap: Math.round(mean(overlaps.map((o) => o.input)) * 10000) / 10000,
      meanDuplicationOverlap: Math.round(mean(overlaps.map((o) => o.duplication)) * 10000) / 10000,
      atLeast09: overlaps.filter((o) => Math.min(o.input, o.duplication) >= 0.9).length,
    };
    const allMatchPrecision = reported ? Math.round((correct / reported) * 10000) / 10000 : null;
    const verifiedPrecision = reported ? Math.round(((correct + verifiedShared) / reported) * 10000) / 10000 : null;
    process.stdout.write(
      `\nall reported matches: ${reported}, expected ${correct}, other items verifiably sharing >= ${SHARED_WINDOW} chars ${verifiedShared}, ` +
        `unexplained ${reported - correct - verifiedShared}; precision ${allMatchPrecision} raw, ${verifiedPrecision} counting verified shared text\n` +
        `passage fragments: ${fragment.passages}, mean overlap input ${fragment.meanInputOverlap}, duplication ${fragment.meanDuplicationOverlap}, ` +
        `both >= 0.9: ${fragment.atLeast09}; goal mean >= ${FRAGMENT_GOAL}: ${Math.min(fragment.meanInputOverlap, fragment.meanDuplicationOverlap) >= FRAGMENT_GOAL ? 'MET' : 'NOT MET'}\n`,
    );
    const met = printReport({
      modality: 'text',
      corpus: root,
      scores,
      goal: GOAL,
      extra: {
        stored: store.stored,
        storePerSecond: Math.round((store.stored / store.seconds) * 10) / 10,
        searched: searches.length,
        searchPerSecond: Math.round((searches.length / search.seconds) * 10) / 10,
        allMatchPrecision,
        verifiedPrecision,
        fragment,
        config: extraConfig,
      },
    });
    if (!flags.quiet) {
      const misses = search.results.filter((r) => (r.job.DNAResult?.TextDNA?.[0]?.PrimaryKey ?? null) !== r.expected);
      process.stderr.write(`misses (first 25 of ${misses.length}):\n`);
      for (const miss of misses.slice(0, 25)) {
        const top = miss.job.DNAResult?.TextDNA?.[0];
        process.stderr.write(`  ${miss.group}\t${miss.key}\texpected ${miss.expected ?? '-'}\tgot ${top ? `${top.PrimaryKey} (${top.Similarity})` : miss.job.Status === 'Success' ? 'no match' : `${miss.job.Code}: ${miss.job.Message}`}\n`);
      }
      process.stderr.write(`extra matches (first 15 of ${extraKeys.length}):\n${extraKeys.slice(0, 15).map((k) => `  ${k}\n`).join('')}`);
      const weak = overlaps.filter((o) => Math.min(o.input, o.duplication) < 0.9);
      process.stderr.write(`weak fragments (first 10 of ${weak.length}):\n${weak.slice(0, 10).map((o) => `  ${o.key} input ${o.input.toFixed(3)} dup ${o.duplication.toFixed(3)}\n`).join('')}`);
    }
    const fragmentMet = Math.min(fragment.meanInputOverlap, fragment.meanDuplicationOverlap) >= FRAGMENT_GOAL;
    return met && fragmentMet && (verifiedPrecision ?? 0) >= GOAL.precision ? 0 : 1;
  } finally {
    await closeEval(session);
    if (flags.keep) process.stderr.write(`generated queries kept: ${work}\n`);
    else await rm(work, { recursive: true, force: true });
  }
}
