#!/usr/bin/env node
// Text DNA speed (imports the built dist/: npx tsc -b packages/dna).
//  1. Fingerprinting throughput in MB/s (UTF-8 bytes of input) on real text (the corpus originals,
//     English and Chinese; fixtures/text when no corpus), against the `minhash` npm package
//     (128 permutations, one update per word — its documented use) in the same run.
//  2. Query time against a library of --docs synthetic documents (words drawn from the corpus
//     vocabulary by frequency, 20% Chinese), through the Text engine's index (the facade's path
//     minus the worker hop): near-duplicates (10% of words edited), passages (300 characters of a
//     library document pasted into a new one) and unrelated documents, one third each.
//   node bench/text.bench.mjs [--corpus /tmp/corpus-dev] [--docs 100000] [--doc-chars 1000]
//        [--queries 300] [--seed 1] [--time 2000] [--append]   (--docs 0: throughput only)
// --append adds the results with the machine to bench/RESULTS.md under "Text".
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { createTextDocument, fingerprintText, serializeTextDocument } from '../packages/text/dist/index.js';
import { textEngine } from '../packages/dna/dist/engines/text.js';

const { Minhash } = createRequire(import.meta.url)('minhash');
const startLoad = loadavg()[0].toFixed(1);

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '/tmp/corpus-dev' },
    docs: { type: 'string', default: '100000' },
    'doc-chars': { type: 'string', default: '1000' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    time: { type: 'string', default: '2000' },
    append: { type: 'boolean', default: false },
  },
});
const docCount = Number(values.docs);
const docChars = Number(values['doc-chars']);
const queryCount = Number(values.queries);
const time = Number(values.time);

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(Number(values.seed));

// ---- input text ----
function readTexts() {
  const root = join(values.corpus, 'text', 'orig');
  const texts = { en: [], zh: [] };
  if (existsSync(root)) {
    for (const lang of readdirSync(root)) {
      for (const name of readdirSync(join(root, lang))) texts[lang === 'en' ? 'en' : 'zh'].push(readFileSync(join(root, lang, name), 'utf8'));
    }
    return { texts, source: `${root} (${texts.en.length} English, ${texts.zh.length} Chinese originals)` };
  }
  const fixtures = new URL('../fixtures/text/', import.meta.url);
  texts.en.push(readFileSync(new URL('en-appendix.txt', fixtures), 'utf8'), readFileSync(new URL('en-tutorial.txt', fixtures), 'utf8'));
  texts.zh.push(readFileSync(new URL('zh-appendix.txt', fixtures), 'utf8'), readFileSync(new URL('zh-poems.txt', fixtures), 'utf8'));
  return { texts, source: 'fixtures/text (no corpus found)' };
}
const { texts, source } = readTexts();
const english = texts.en.join('\n\n');
const chinese = texts.zh.join('\n\n');
const mixed = english + '\n\n' + chinese;
const bytes = (s) => Buffer.byteLength(s, 'utf8');
const sizes = { english: bytes(english), chinese: bytes(chinese), mixed: bytes(mixed) };

// ---- 1. fingerprinting throughput ----
const englishWords = english.split(/\s+/).filter(Boolean);
const throughput = new Bench({ time, warmupTime: 300 });
throughput
  .add('minhash npm, 128 permutations, per word (English; baseline)', () => {
    const m = new Minhash();
    for (let i = 0; i < englishWords.length; i++) m.update(englishWords[i]);
  })
  .add('fingerprintText English', () => {
    fingerprintText(english);
  })
  .add('fingerprintText Chinese', () => {
    fingerprintText(chinese);
  })
  .add('createTextDocument + serialise, mixed (the engine extract path)', () => {
    serializeTextDocument(createTextDocument(mixed));
  });
await throughput.run();
const inputOf = (name) => (name.includes('Chinese') ? sizes.chinese : name.includes('mixed') ? sizes.mixed : sizes.english);
function meanOf(task) {
  if (task.result.state !== 'completed') throw task.result.error ?? new Error(`${task.name}: ${task.result.state}`);
  return task.result.latency.mean;
}
const throughputRows = throughput.tasks.map((task) => {
  const meanMs = meanOf(task);
  return { name: task.name, meanMs, mbPerSecond: inputOf(task.name) / 1e6 / (meanMs / 1000) };
});
const baselineMb = throughputRows[0].mbPerSecond;

// ---- 2. library and queries ----
const vocabulary = { en: englishWords, zh: Array.from(chinese.replace(/\s+/g, '')) };
function syntheticDoc(chars) {
  const zh = random() < 0.2;
  const pool = zh ? vocabulary.zh : vocabulary.en;
  const parts = [];
  let length = 0;
  while (length < chars) {
    const word = pool[Math.floor(random() * pool.length)];
    parts.push(word);
    length += word.length + (zh ? 0 : 1);
  }
  return parts.join(zh ? '' : ' ');
}
function editWords(text, rate) {
  const spaced = text.includes(' ');
  const units = spaced ? text.split(' ') : Array.from(text);
  const pool = spaced ? vocabulary.en : vocabulary.zh;
  const out = [];
  for (const unit of units) {
    const r = random();
    if (r >= rate) out.push(unit);
    else if (r < rate / 3) continue;
    else if (r < (2 * rate) / 3) out.push(pool[Math.floor(random() * pool.length)]);
    else out.push(pool[Math.floor(random() * pool.length)], unit);
  }
  return out.join(spaced ? ' ' : '');
}

if (docCount === 0) {
  // throughput only
  for (const row of throughputRows) process.stdout.write(`${row.name}: ${row.meanMs.toFixed(1)} ms, ${row.mbPerSecond.toFixed(1)} MB/s, ${(row.mbPerSecond / baselineMb).toFixed(1)}x\n`);
  process.exit(0);
}
const index = textEngine.createIndex();
const library = [];
const buildStart = performance.now();
let libraryChars = 0;
for (let i = 0; i < docCount; i++) {
  const text = syntheticDoc(docChars);
  libraryChars += text.length;
  if (i < queryCount) library.push(text);
  index.add(`doc${i}`, serializeTextDocument(createTextDocument(text)));
}
const buildSeconds = (performance.now() - buildStart) / 1000;
const heapMb = process.memoryUsage().heapUsed / 1e6;

const queries = [];
for (let i = 0; i < queryCount; i++) {
  const kind = i % 3;
  const target = library[i];
  let text;
  if (kind === 0) text = editWords(target, 0.1);
  else if (kind === 1) {
    const host = syntheticDoc(docChars);
    const start = Math.floor(random() * Math.max(1, target.length - 300));
    text = host.slice(0, host.length >> 1) + target.slice(start, start + 300) + host.slice(host.length >> 1);
  } else text = syntheticDoc(docChars);
  queries.push({ kind: ['near-duplicate', 'passage', 'unrelated'][kind], expected: kind === 2 ? null : `doc${i}`, blob: serializeTextDocument(createTextDocument(text)), text });
}
const searchOptions = { mediaType: 'text', config: {} };
let found = { 'near-duplicate': 0, passage: 0, unrelated: 0 };
for (const query of queries) {
  const matches = index.search(query.blob, searchOptions).TextDNA;
  if (query.expected === null ? matches.length > 0 : matches[0]?.PrimaryKey === query.expected) found[query.kind]++;
}
let next = 0;
const queryBench = new Bench({ time, warmupTime: 300 });
queryBench
  .add(`search (fingerprint ready), ${docCount} docs`, () => {
    const query = queries[next++ % queries.length];
    index.search(query.blob, searchOptions);
  })
  .add(`fingerprint + search, ${docCount} docs`, () => {
    const query = queries[next++ % queries.length];
    index.search(serializeTextDocument(createTextDocument(query.text)), searchOptions);
  });
await queryBench.run();
const queryRows = queryBench.tasks.map((task) => ({ name: task.name, meanMs: meanOf(task) }));

// ---- report ----
const machine = `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 1e9)} GB, Node ${process.version}, load average ${startLoad} at start and ${loadavg()[0].toFixed(1)} at end (shared machine)`;
const lines = [];
lines.push(`Input: ${source}; English ${(sizes.english / 1e6).toFixed(2)} MB, Chinese ${(sizes.chinese / 1e6).toFixed(2)} MB (UTF-8).`);
lines.push('');
lines.push('| fingerprinting | mean ms | MB/s | vs minhash npm |');
lines.push('|---|---|---|---|');
for (const row of throughputRows) lines.push(`| ${row.name} | ${row.meanMs.toFixed(1)} | ${row.mbPerSecond.toFixed(1)} | ${(row.mbPerSecond / baselineMb).toFixed(1)}x |`);
lines.push('');
lines.push(
  `Library: ${docCount} synthetic documents of ~${docChars} characters (${(libraryChars / 1e6).toFixed(0)} M characters) built in ${buildSeconds.toFixed(1)} s ` +
    `(${Math.round(docCount / buildSeconds)} docs/s, extract + index add); JS heap after build ${heapMb.toFixed(0)} MB.`,
);
lines.push(`Answers (${queries.length} queries): near-duplicates found ${found['near-duplicate']}/${Math.ceil(queryCount / 3)}, passages found ${found.passage}/${Math.round(queryCount / 3)}, unrelated with any match ${found.unrelated}.`);
lines.push('');
lines.push('| query | mean ms |');
lines.push('|---|---|');
for (const row of queryRows) lines.push(`| ${row.name} | ${row.meanMs.toFixed(2)} |`);
const report = lines.join('\n');
process.stdout.write(`\nText DNA benchmark — ${machine}\n\n${report}\n`);
if (values.append) {
  appendFileSync(
    new URL('./RESULTS.md', import.meta.url),
    `\n## Text\n\n\`node bench/text.bench.mjs --docs ${docCount} --doc-chars ${docChars} --queries ${queryCount} --time ${time}\` — ${machine}, ${new Date().toISOString().slice(0, 10)}.\n\n${report}\n`,
  );
}
