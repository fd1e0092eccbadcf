// The image evaluation end to end on a tiny corpus made from the sample fixtures: manifests in,
// a score table and a JSON summary line out (`node scripts/eval.mjs image DIR`).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const jpeg = createRequire(join(repo, 'packages', 'media', 'package.json'))('jpeg-js') as {
  decode(bytes: Uint8Array, options: object): { width: number; height: number; data: Uint8Array };
  encode(image: { width: number; height: number; data: Uint8Array }, quality: number): { data: Uint8Array };
};

let corpus: string;

/** Mirror a JPEG left-right and re-encode it. */
function mirror(bytes: Uint8Array): Uint8Array {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 4;
      const to = (y * image.width + (image.width - 1 - x)) * 4;
      out.set(image.data.subarray(from, from + 4), to);
    }
  }
  return jpeg.encode({ width: image.width, height: image.height, data: out }, 85).data;
}

beforeAll(async () => {
  corpus = await mkdtemp(join(tmpdir(), 'mediadna-eval-image-'));
  for (const folder of ['manifest', 'images/orig', 'images/query']) await mkdir(join(corpus, folder), { recursive: true });
  const samples = join(repo, 'fixtures', 'images', 'samples');
  const names = (await readdir(samples)).filter((name) => name.endsWith('.jpg')).sort().slice(0, 6);
  const originals = ['id\tmodality\tpath\tpackage\tversion\tsource'];
  const queries = ['query\tmodality\toriginal_id\ttransform\tnotes'];
  for (const [index, name] of names.entries()) {
    const id = `img${String(index + 1).padStart(4, '0')}`;
    const bytes = await readFile(join(samples, name));
    await writeFile(join(corpus, 'images', 'orig', `${id}.jpg`), bytes);
    originals.push(`${id}\timage\timages/orig/${id}.jpg\tfixtures\t1\t${name}`);
    if (index < 3) {
      await writeFile(join(corpus, 'images', 'query', `${id}__hflip.jpg`), mirror(bytes));
      queries.push(`images/query/${id}__hflip.jpg\timage\t${id}\thflip\t`);
    }
  }
  await writeFile(join(corpus, 'manifest', 'originals.tsv'), originals.join('\n') + '\n');
  await writeFile(join(corpus, 'manifest', 'queries.tsv'), queries.join('\n') + '\n');
});

afterAll(async () => {
  if (corpus) await rm(corpus, { recursive: true, force: true });
});

test('stores the queried originals and distractors, searches copies and held-out originals, prints scores', async () => {
  const result = await run(process.execPath, [join(repo, 'scripts', 'eval.mjs'), 'image', corpus, '--unrelated', '2', '--quiet', '--workers', '1'], {
    cwd: repo,
  }).catch((error: { stdout: string; stderr: string; code: number }) => error);
  const summaryLine = result.stdout.split('\n').find((line) => line.startsWith('{"eval":'));
  expect(summaryLine, result.stderr).toBeDefined();
  const summary = JSON.parse(summaryLine as string);
  expect(summary.eval).toBe('image');
  expect(summary.stored).toBe(4); // 3 queried originals + 1 distractor; 2 held out
  expect(summary.perGroup.hflip).toMatchObject({ queries: 3, related: 3 });
  expect(summary.perGroup.unrelated).toMatchObject({ queries: 2, related: 0 });
  expect(summary.overall.queries).toBe(5);
  // A mirrored copy is found through the dihedral hashes; held-out photos match nothing.
  expect(summary.perGroup.hflip.recall).toBe(1);
  expect(summary.perGroup.unrelated.falsePositive).toBe(0);
  expect(result.stdout).toMatch(/^group\s+queries\s+TP\s+FP\s+FN/m);
});
