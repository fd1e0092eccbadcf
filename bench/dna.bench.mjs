#!/usr/bin/env node
// DNA facade throughput: what the job machinery (queue, worker round trip, SQLite commits)
// adds on top of the raw work, measured against that raw work in the same run.
// Imports the built dist/ of dna, media and image: npx tsc -b packages/dna
//   node bench/dna.bench.mjs [--input photo.jpg] [--batch 16] [--time 4000] [--workers 1]
// Tasks (one iteration = one batch of --batch jobs, reported per job):
// - baseline: decodeImage(minSide 256) + hashImageDihedral in this thread, what one image job's worker does;
// - image jobs through the facade, nosave (search) and onlysave (store, one fsynced commit each);
// - the same stores with durability 'normal';
// - a trivial fake engine, to show the fixed cost per job.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { createDna } from '../packages/dna/dist/index.js';
import { hashImageDihedral } from '../packages/image/dist/index.js';
import { decodeImage } from '../packages/media/dist/index.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    batch: { type: 'string', default: '16' },
    time: { type: 'string', default: '4000' },
    workers: { type: 'string', default: '1' },
  },
});
const batch = Number(values.batch);
const workers = Number(values.workers);

async function loadInput() {
  if (values.input) return { bytes: new Uint8Array(readFileSync(values.input)), from: values.input };
  const wallpaper = '/tmp/corpus-dev/.cache/x/lomiri-wallpapers-16.04/usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg';
  if (existsSync(wallpaper)) {
    const sharp = (await import('sharp')).default;
    const bytes = await sharp(wallpaper).resize(1920, 1080, { fit: 'cover' }).jpeg({ quality: 85, chromaSubsampling: '4:2:0' }).toBuffer();
    return { bytes: new Uint8Array(bytes), from: `${wallpaper} at 1920x1080 q85` };
  }
  const sample = new URL('../fixtures/images/samples/bridge.jpg', import.meta.url).pathname;
  return { bytes: new Uint8Array(readFileSync(sample)), from: sample };
}

const { bytes, from } = await loadInput();
const fakeEngine = new URL('../packages/dna/test/fixtures/fake-engine.mjs', import.meta.url).href;
const root = mkdtempSync(join(tmpdir(), 'mediadna-bench-'));

async function open(name, options = {}) {
  const dna = await createDna({ dataDir: join(root, name), workers, ...options });
  const db = (await dna.CreateDNADB({ Name: name, Model: 'Image' })).DBInfo.DBId;
  return { dna, db };
}

const full = await open('full');
const normal = await open('normal', { durability: 'normal' });
const fake = await open('fake', { engines: { Image: fakeEngine } });
// A library of 200 images to search, so nosave jobs do a real (small) search.
for (let i = 0; i < 200; i += batch) {
  const ids = [];
  for (let j = i; j < Math.min(200, i + batch); j++) {
    ids.push((await full.dna.SubmitDNAJob({ DBId: full.db, PrimaryKey: `seed${j}`, Config: '{"SaveType":"onlysave"}', Input: { Type: 'Media', Media: 'seed', Bytes: bytes } })).JobId);
  }
  await full.dna.idle();
}

let counter = 0;
async function runBatch({ dna, db }, saveType, media) {
  const ids = [];
  for (let i = 0; i < batch; i++) {
    const key = `k${counter++}`;
    ids.push((await dna.SubmitDNAJob({ DBId: db, PrimaryKey: key, Config: JSON.stringify({ SaveType: saveType }), Input: { Type: 'Media', Media: key, Bytes: media() } })).JobId);
  }
  for (const id of ids) {
    const job = await dna.waitForJob(id);
    if (job.Status !== 'Success') throw new Error(`${job.Code}: ${job.Message}`);
  }
}
const fakeMedia = () => new TextEncoder().encode(`FAKE ${(0x100000 + counter * 7919).toString(16).padStart(16, '0')}`);

const bench = new Bench({ time: Number(values.time), warmupIterations: 1 });
bench
  .add('baseline: decodeImage minSide 256 + hashImageDihedral, in-thread', async () => {
    for (let i = 0; i < batch; i++) hashImageDihedral(await decodeImage(bytes, { minSide: 256 }));
  })
  .add('image jobs, nosave (search 200)', () => runBatch(full, 'nosave', () => bytes))
  .add('image jobs, onlysave, durability full', () => runBatch(full, 'onlysave', () => bytes))
  .add('image jobs, onlysave, durability normal', () => runBatch(normal, 'onlysave', () => bytes))
  .add('fake-engine jobs, onlysave, durability full', () => runBatch(fake, 'onlysave', fakeMedia));
await bench.run();

for (const { dna } of [full, normal, fake]) await dna.close();
rmSync(root, { recursive: true, force: true });

const baseline = bench.tasks[0].result.latency.mean / batch;
console.log(`input: ${bytes.length} bytes from ${from}; batch ${batch}; workers ${workers}`);
console.log(`machine: ${cpus()[0].model}, ${cpus().length} cores (nproc), Node ${process.version}`);
console.log('| task | ms per job | jobs/s | vs baseline |');
console.log('|---|---|---|---|');
for (const task of bench.tasks) {
  const perJob = task.result.latency.mean / batch;
  console.log(`| ${task.name} | ${perJob.toFixed(2)} | ${(1000 / perJob).toFixed(1)} | ${(baseline / perJob).toFixed(2)}x |`);
}
