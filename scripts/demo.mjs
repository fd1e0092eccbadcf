#!/usr/bin/env node
// `npm run demo`: real fingerprint jobs on the bundled sample media, through the DNA API.
// One section per media type (image, audio, text, video), each a library, a few stored files and
// a query that must find the right one; the exit status is 1 when any section did not.
// Needs the built packages (`npm run setup` does that); runs in a throw-away data dir.
// Video decoding uses the system ffmpeg when it is on PATH, else the WASM build (@ffmpeg/core);
// `MEDIADNA_FFMPEG=none node scripts/demo.mjs` forces the WASM build.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '@mediadna/cli';
import jpeg from 'jpeg-js';
import { loadDna } from './eval/common.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));

const say = (text = '') => process.stdout.write(text + '\n');
const elapsed = (since) => `${Date.now() - since} ms`;
const fixture = (...parts) => join(repo, 'fixtures', ...parts);

/** Print rows under a header, indented, with the CLI's table layout. */
function sayTable(header, rows) {
  say();
  if (rows.length === 0) say('   no match');
  else say(formatTable(header, rows).replace(/^/gm, '   ').trimEnd());
  say();
}

/** `start-end` of an API time range or fragment (`{Start, Duration}` as strings), with a unit. */
function span(range, unit = 's') {
  if (!range) return '?';
  const start = Number(range.Start);
  const end = start + Number(range.Duration);
  return `${round(start)}-${round(end)}${unit}`;
}
const round = (value) => String(Math.round(value * 100) / 100);

/** Whether an API range `{Start, Duration}` starts and ends within `tolerance` of [start, end]. */
function near(range, start, end, tolerance) {
  if (!range) return false;
  const from = Number(range.Start);
  const to = from + Number(range.Duration);
  return Math.abs(from - start) <= tolerance && Math.abs(to - end) <= tolerance;
}

/** Store `files` ([path, PrimaryKey] pairs) in a new library; prints one line; true when all stored. */
async function storeAll(dna, dbId, files, mediaType) {
  const started = Date.now();
  const jobs = await Promise.all(files.map(([path, key]) => runJob(dna, dbId, path, key, 'save', mediaType)));
  for (const job of jobs.filter((job) => job.Status !== 'Success')) say(`   ${job.PrimaryKey}: ${job.Code}: ${job.Message}`);
  const stored = await dna.ListDNAFiles({ DBId: dbId, PageSize: 100 });
  say(`2. SubmitDNAJob x${files.length} (SaveType save): ${stored.FileList.length} stored in ${elapsed(started)}: ${stored.FileList.map((file) => file.PrimaryKey).join(', ')}`);
  return jobs.every((job) => job.Status === 'Success');
}

/** A search job (SaveType nosave); prints its status line and returns the job. */
async function search(dna, dbId, path, mediaType, label) {
  const started = Date.now();
  const job = await runJob(dna, dbId, path, basename(path), 'nosave', mediaType);
  say(`   ${label}: ${job.Status} in ${elapsed(started)}${job.Status === 'Fail' ? `: ${job.Code}: ${job.Message}` : ''}`);
  return job;
}

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


/** Audio section: two 20 s tracks stored; 5 s excerpts of one of them, other codecs, searched. */
async function audioDemo(dna) {
  say('== Audio DNA ==');
  const { DBInfo } = await dna.CreateDNADB({ Name: 'demo-audio', Model: 'Audio', Description: 'two 20 s music tracks' });
  say(`1. CreateDNADB: library ${DBInfo.DBId} (Model ${DBInfo.Model})`);
  // heroes-20s.opus is 30-50 s of its track (mono Opus 32 kb/s); the queries are 35-40 s of the
  // same track, encoded apart (stereo 44.1 kHz): expect heroes-20s at 5-10 s, input 0-5 s.
  const storedOk = await storeAll(dna, DBInfo.DBId, ['heroes-20s', 'battle-20s'].map((name) => [fixture('audio', `${name}.opus`), name]), 'audio');
  say('3. queries: the same music 35-40 s into the track, encoded apart (expected: heroes-20s at 5-10 s)');
  const queries = [
    ['heroes-5s.mp3', 'MP3 64 kb/s stereo'],
    ['heroes-5s.ogg', 'Vorbis q0 stereo'],
  ];
  const rows = [];
  let found = storedOk;
  for (const [name, what] of queries) {
    const job = await search(dna, DBInfo.DBId, fixture('audio', name), 'audio', `${name} (${what})`);
    const matches = job.DNAResult?.AudioDNA ?? [];
    for (const match of matches) {
      for (const detail of match.Detail) rows.push([name, match.PrimaryKey, match.Similarity, span(detail.Input), span(detail.Duplication)]);
    }
    const top = matches[0];
    found &&= matches.length === 1 && top.PrimaryKey === 'heroes-20s' && near(top.Detail[0]?.Duplication, 5, 10, 0.5);
  }
  sayTable(['Query', 'Match (PrimaryKey)', 'Similarity', 'Input', 'Duplication'], rows);
  return found;
}

/** Delete every 11th word and replace every 13th (a deterministic "edited copy"). */
function editWords(text) {
  const replacements = ['often', 'the', 'keys', 'screen', 'usually'];
  let word = 0;
  return text
    .split(/(\s+)/)
    .map((part) => {
      if (/^\s*$/.test(part)) return part;
      word += 1;
      if (word % 11 === 0) return '';
      if (word % 13 === 0) return replacements[word % replacements.length];
      return part;
    })
    .join('')
    .replace(/ {2,}/g, ' ');
}

/** Text section: four documents stored; an edited copy, a pasted passage and a subtitle file searched. */
async function textDemo(dna, scratch) {
  say('== Text DNA ==');
  const { DBInfo } = await dna.CreateDNADB({ Name: 'demo-text', Model: 'Text', Description: 'Debian reference excerpts and Tang poems' });
  say(`1. CreateDNADB: library ${DBInfo.DBId} (Model ${DBInfo.Model})`);
  const names = ['en-appendix', 'en-tutorial', 'zh-appendix', 'zh-poems'];
  const storedOk = await storeAll(dna, DBInfo.DBId, names.map((name) => [fixture('text', `${name}.txt`), name]), 'text');

  // An edited copy of en-tutorial: ~9 % of the words deleted, ~8 % replaced.
  const editedPath = join(scratch, 'tutorial-edited.txt');
  writeFileSync(editedPath, editWords(readFileSync(fixture('text', 'en-tutorial.txt'), 'utf8')));
  // Two paragraphs of en-appendix pasted between paragraphs of unrelated text.
  const appendix = readFileSync(fixture('text', 'en-appendix.txt'), 'utf8');
  const passageStart = appendix.indexOf('The Debian Reference was initiated by me');
  const passageEnd = appendix.indexOf('DDP documents.', passageStart) + 'DDP documents.'.length;
  const before = 'Notes from the reading group, week three. We spent most of the evening on how manuals are written, who keeps them current, and why so few people read them from the start. Someone brought the history of a well known handbook and read it out:\n\n';
  const after = '\n\nAfter that the talk moved on to bread: the sourdough starter needs feeding twice a day, and the oven should be hot for at least forty minutes before the loaves go in.\n';
  const pastedPath = join(scratch, 'notes-with-passage.txt');
  writeFileSync(pastedPath, before + appendix.slice(passageStart, passageEnd) + after);
  say(`3. queries: en-tutorial with every 11th word deleted and every 13th replaced; a ${passageEnd - passageStart}-character passage`);
  say(`   of en-appendix (characters ${passageStart}-${passageEnd}) pasted into other text; subtitles.srt as an asr transcript`);

  const rows = [];
  const excerpts = [];
  // Fragments: characters of the texts; an asr query's own fragment is in seconds of its cues.
  const show = (query, job, inputUnit) => {
    for (const match of job.DNAResult?.TextDNA ?? []) {
      for (const detail of match.Detail) {
        rows.push([query, match.PrimaryKey, match.Similarity, detail.Similarity, span(detail.InputFragment, inputUnit), span(detail.DuplicationFragment, ' ch')]);
        excerpts.push(`${query} -> ${match.PrimaryKey}: "${detail.DuplicationText.slice(0, 90)}${detail.DuplicationText.length > 90 ? '…' : ''}"`);
      }
    }
    return job.DNAResult?.TextDNA ?? [];
  };
  const edited = show('tutorial-edited.txt', await search(dna, DBInfo.DBId, editedPath, 'text', 'edited copy (text)'), ' ch');
  const pasted = show('notes-with-passage.txt', await search(dna, DBInfo.DBId, pastedPath, 'text', 'pasted passage (text)'), ' ch');
  const subtitles = show('subtitles.srt', await search(dna, DBInfo.DBId, fixture('text', 'subtitles.srt'), 'asr', 'subtitles (asr)'), 's');
  sayTable(['Query', 'Match (PrimaryKey)', 'Similarity', 'Passage similarity', 'Input', 'Duplication'], rows);
  for (const line of excerpts) say(`   ${line}`);
  say();
  const pastedDetail = pasted[0]?.Detail[0];
  const passageLength = passageEnd - passageStart;
  return (
    storedOk &&
    edited[0]?.PrimaryKey === 'en-tutorial' &&
    pasted.length === 1 &&
    pasted[0].PrimaryKey === 'en-appendix' &&
    near(pastedDetail?.DuplicationFragment, passageStart, passageEnd, 0.05 * passageLength) &&
    near(pastedDetail?.InputFragment, before.length, before.length + passageLength, 0.05 * passageLength) &&
    subtitles[0]?.PrimaryKey === 'en-appendix' &&
    near(subtitles[0].Detail[0]?.InputFragment, 0.5, 5, 0.5)
  );
}

/** Which ffmpeg the video engine will use (the same rule as @mediadna/media: system binary on PATH unless MEDIADNA_FFMPEG=none). */
function ffmpegBackend() {
  const command = process.env.MEDIADNA_FFMPEG ?? 'ffmpeg';
  if (command === 'none' || command === '') return 'WASM (@ffmpeg/core)';
  try {
    execFileSync(command, ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 });
    return `system ${command}`;
  } catch {
    return 'WASM (@ffmpeg/core)';
  }
}

/** Video section: three clips stored; a mirrored letterboxed excerpt and a three-clip edit searched. */
async function videoDemo(dna) {
  say(`== Video DNA == (decoding with ${ffmpegBackend()})`);
  const sectionStarted = Date.now();
  const { DBInfo } = await dna.CreateDNADB({ Name: 'demo-video', Model: 'Video', Description: 'OpenCV sample clips' });
  say(`1. CreateDNADB: library ${DBInfo.DBId} (Model ${DBInfo.Model})`);
  const storedOk = await storeAll(dna, DBInfo.DBId, ['tree.mp4', 'vtest.webm', 'megamind.mp4'].map((name) => [fixture('video', name), name]), 'video');
  say('3. queries: tree.mp4 4-12 s mirrored, letterboxed, 25 fps (tree-excerpt-hflip.mp4);');
  say('   an edit of megamind 0-3 s + tree 6-13 s + vtest 0-4 s (mixed.mkv, Matroska)');
  // What each query holds (fixtures/LICENSES.md): [PrimaryKey, input start, end, library start, end].
  const expected = {
    'tree-excerpt-hflip.mp4': [['tree.mp4', 0, 8, 4, 12]],
    'mixed.mkv': [['megamind.mp4', 0, 3, 0, 3], ['tree.mp4', 3, 10, 6, 13], ['vtest.webm', 10, 14, 0, 4]],
  };
  const rows = [];
  let found = storedOk;
  for (const [name, truths] of Object.entries(expected)) {
    const job = await search(dna, DBInfo.DBId, fixture('video', name), 'video', name);
    const matches = job.DNAResult?.VideoDNA ?? [];
    for (const match of matches) {
      for (const detail of match.Detail) rows.push([name, match.PrimaryKey, match.Similarity, span(detail.Input), span(detail.Duplication)]);
    }
    found &&= matches.length === truths.length;
    for (const [key, inputStart, inputEnd, libraryStart, libraryEnd] of truths) {
      const detail = matches.find((match) => match.PrimaryKey === key)?.Detail[0];
      found &&= near(detail?.Input, inputStart, inputEnd, 1) && near(detail?.Duplication, libraryStart, libraryEnd, 1);
    }
  }
  sayTable(['Query', 'Match (PrimaryKey)', 'Similarity', 'Input', 'Duplication'], rows);
  say(`   (video section: ${elapsed(sectionStarted)})`);
  say();
  return found;
}

const SECTIONS = [
  { name: 'image', run: imageDemo },
  { name: 'audio', run: audioDemo },
  { name: 'text', run: textDemo },
  { name: 'video', run: videoDemo },
];

const scratch = await mkdtemp(join(tmpdir(), 'mediadna-demo-'));
const { createDna } = await loadDna();
const dna = await createDna({ dataDir: join(scratch, 'data') });
const demoStarted = Date.now();
const failedSections = [];
try {
  say(`mediadna demo (data dir ${join(scratch, 'data')})\n`);
  for (const section of SECTIONS) {
    let passed;
    try {
      passed = await section.run(dna, scratch);
    } catch (error) {
      say(`!! the ${section.name} demo threw: ${error?.stack ?? error}`);
      passed = false;
    }
    if (!passed) {
      say(`!! the ${section.name} demo did not find the expected match\n`);
      failedSections.push(section.name);
    }
  }
  say(`${SECTIONS.length - failedSections.length} of ${SECTIONS.length} sections found what they should, in ${elapsed(demoStarted)}${failedSections.length ? ` (failed: ${failedSections.join(', ')})` : ''}.`);
  say();
  say('The same from the command line:');
  say('  npx mediadna --data DIR db create --name clips --model Video                    # or Image, Audio, Text');
  say('  npx mediadna --data DIR submit fixtures/video/tree.mp4 fixtures/video/vtest.webm --db DBID --wait');
  say('  npx mediadna --data DIR submit fixtures/video/mixed.mkv --db DBID --key query --save-type nosave --wait');
  say('  npx mediadna --data DIR submit fixtures/text/subtitles.srt --db TEXTDBID --key q --media-type asr --save-type nosave --wait');
} finally {
  await dna.close();
  await rm(scratch, { recursive: true, force: true });
}
process.exitCode = failedSections.length === 0 ? 0 : 1;
