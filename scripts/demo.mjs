#!/usr/bin/env node
// `npm run demo`: a real fingerprint job on the bundled sample media, through the DNA API.
// Each media type is one section below (image now; audio, text and video add theirs to SECTIONS).
// Needs the built packages (`npm run setup` does that); runs in a throw-away data dir.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatTable } from '@mediadna/cli';
import jpeg from 'jpeg-js';
import { loadDna } from './eval/common.mjs';

const repo = new URL('..', import.meta.url).pathname;

const say = (text = '') => process.stdout.write(text + '\n');
const elapsed = (since) => `${Date.now() - since} ms`;

/** Submit one job and wait for it. */
async function runJob(dna, dbId, path, primaryKey, saveType, mediaType) {
  const { JobId } = await dna.SubmitDNAJob({
    Input: { Type: 'Media', Media: path },
    PrimaryKey: primaryKey,
    DBId: dbId,
    Config: JSON.stringify({ SaveType: saveType, MediaType: mediaType }),
  });
  return dna.waitForJob(JobId);
}

/** Crop, mirror, brighten and re-encode a JPEG in pure JS (jpeg-js); returns the new JPEG bytes. */
function makeEditedCopy(jpegBytes) {
  const source = jpeg.decode(jpegBytes, { useTArray: true, formatAsRGBA: true });
  const left = Math.round(source.width * 0.07);
  const top = Math.round(source.height * 0.05);
  const width = source.width - left - Math.round(source.width * 0.05);
  const height = source.height - top - Math.round(source.height * 0.07);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = ((top + y) * source.width + (left + width - 1 - x)) * 4; // mirrored left-right
      const to = (y * width + x) * 4;
      for (let channel = 0; channel < 3; channel++) out[to + channel] = Math.min(255, source.data[from + channel] * 1.1 + 8);
      out[to + 3] = 255;
    }
  }
  return jpeg.encode({ data: out, width, height }, 45).data;
}

/** Image section: store the samples, search an edited copy of one of them. */
async function imageDemo(dna, scratch) {
  say('== Image DNA ==');
  const samplesDir = join(repo, 'fixtures', 'images', 'samples');
  const samples = readdirSync(samplesDir).filter((name) => name.endsWith('.jpg')).sort();
  const { DBInfo } = await dna.CreateDNADB({ Name: 'demo-images', Model: 'Image', Description: 'bundled sample photos' });
  say(`1. CreateDNADB: library ${DBInfo.DBId} (Model ${DBInfo.Model}, Status ${DBInfo.Status})`);

  let started = Date.now();
  const stored = await Promise.all(samples.map((name) => runJob(dna, DBInfo.DBId, join(samplesDir, name), basename(name, '.jpg'), 'save', 'image')));
  const failed = stored.filter((job) => job.Status !== 'Success');
  for (const job of failed) say(`   ${job.PrimaryKey}: ${job.Code}: ${job.Message}`);
  const files = await dna.ListDNAFiles({ DBId: DBInfo.DBId, PageSize: 100 });
  say(`2. SubmitDNAJob x${samples.length} (SaveType save): ${files.FileList.length} stored in ${elapsed(started)}: ${files.FileList.map((file) => file.PrimaryKey).join(', ')}`);

  const original = 'bridge.jpg';
  const copyPath = join(scratch, 'bridge-edited.jpg');
  writeFileSync(copyPath, makeEditedCopy(readFileSync(join(samplesDir, original))));
  say(`3. query: ${original} cropped ~12%, mirrored, brightened 10%, re-encoded as JPEG q45 -> ${copyPath}`);

  started = Date.now();
  const job = await runJob(dna, DBInfo.DBId, copyPath, 'bridge-edited', 'nosave', 'image');
  say(`4. SubmitDNAJob (SaveType nosave): ${job.Status} in ${elapsed(started)}${job.Status === 'Fail' ? `: ${job.Code}: ${job.Message}` : ''}`);
  const matches = job.DNAResult?.ImageDNA ?? [];
  say();
  if (matches.length === 0) say('   no match');
  else {
    const table = formatTable(
      ['Match (PrimaryKey)', 'Similarity', 'Transform', 'Distance'],
      matches.map((match) => [match.PrimaryKey, match.Similarity, match.Transform ?? '', match.Distance === undefined ? '' : String(match.Distance)]),
    );
    say(table.replace(/^/gm, '   ').trimEnd());
  }
  say();
  return failed.length === 0 && matches[0]?.PrimaryKey === basename(original, '.jpg');
}

// Later media types add a section here: { name, run(dna, scratchDir) → Promise<boolean> }.
const SECTIONS = [{ name: 'image', run: imageDemo }];

const scratch = await mkdtemp(join(tmpdir(), 'mediadna-demo-'));
const { createDna } = await loadDna();
const dna = await createDna({ dataDir: join(scratch, 'data') });
let ok = true;
try {
  say(`mediadna demo (data dir ${join(scratch, 'data')})\n`);
  for (const section of SECTIONS) {
    const passed = await section.run(dna, scratch);
    if (!passed) say(`!! the ${section.name} demo did not find the expected match`);
    ok &&= passed;
  }
  say('The same from the command line:');
  say('  npx mediadna --data DIR db create --name photos --model Image');
  say('  npx mediadna --data DIR submit fixtures/images/samples --db DBID');
  say('  npx mediadna --data DIR submit COPY.jpg --db DBID --key query --save-type nosave --wait');
} finally {
  await dna.close();
  await rm(scratch, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
