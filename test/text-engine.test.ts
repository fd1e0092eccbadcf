// End to end: Text libraries through the DNA facade (text and asr jobs, errors), and the engine's
// index directly for the 2 GB size check.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDna, type Dna } from '../packages/dna/dist/index.js';

const fixtures = new URL('../fixtures/text/', import.meta.url);
const read = (name: string): Promise<Buffer> => readFile(new URL(name, fixtures));

let dna: Dna;
let dataDir: string;
let dbId: string;

async function run(media: Uint8Array, name: string, config: Record<string, unknown>, key = name) {
  const { JobId } = await dna.SubmitDNAJob({
    DBId: dbId,
    PrimaryKey: key,
    Input: { Type: 'Media', Media: name, Bytes: media },
    Config: JSON.stringify(config),
  });
  return dna.waitForJob(JobId, { timeoutMs: 30_000 });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mediadna-text-'));
  dna = await createDna({ dataDir, workers: 1 });
  dbId = (await dna.CreateDNADB({ Name: 'texts', Model: 'Text' })).DBInfo.DBId;
  for (const name of ['en-appendix.txt', 'en-tutorial.txt', 'zh-appendix.txt', 'zh-poems.txt']) {
    const job = await run(new Uint8Array(await read(name)), name, { MediaType: 'text', SaveType: 'onlysave' });
    expect(job.Status, job.Message).toBe('Success');
  }
});

afterAll(async () => {
  await dna?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Text library', () => {
  it('finds a near-duplicate in another encoding, and a pasted passage with offsets', async () => {
    const big5 = await run(new Uint8Array(await read('zh-poems.gb18030.txt')), 'q1.txt', { MediaType: 'text', SaveType: 'nosave' });
    expect(big5.Status, big5.Message).toBe('Success');
    expect(big5.DNAResult?.TextDNA?.[0].PrimaryKey).toBe('zh-poems.txt');
    expect(Number(big5.DNAResult?.TextDNA?.[0].Similarity)).toBeGreaterThan(0.95);

    const appendix = (await read('en-appendix.txt')).toString('utf8');
    const tutorial = (await read('en-tutorial.txt')).toString('utf8');
    const at = appendix.indexOf('There is a complete');
    const host = 'An unrelated introduction about cooking pasta and growing tomatoes in the garden. '.repeat(5);
    const query = host + appendix.slice(at, at + 300) + ' And more words after it about gardens.';
    const job = await run(new TextEncoder().encode(query), 'q2.txt', { MediaType: 'text', SaveType: 'nosave' });
    const matches = job.DNAResult?.TextDNA ?? [];
    expect(matches.map((m) => m.PrimaryKey)).toEqual(['en-appendix.txt']);
    const detail = matches[0].Detail[0];
    expect(Number(detail.InputFragment.Start)).toBe(host.length);
    expect(Number(detail.DuplicationFragment.Start)).toBe(at);
    expect(detail.DuplicationText.startsWith('There is a complete')).toBe(true);
    expect(tutorial.length).toBeGreaterThan(0);
  });

  it('searches an SRT transcript (asr) and reports seconds', async () => {
    const appendix = (await read('en-appendix.txt')).toString('utf8');
    const at = appendix.indexOf('The Linux system');
    const words = appendix.slice(at, at + 400).split(/\s+/);
    const cues = [];
    for (let i = 0; i * 8 < words.length; i++) {
      const t = (s: number) => `00:00:${String(Math.floor(s)).padStart(2, '0')},000`;
      cues.push(`${i + 1}\n${t(10 + i * 2)} --> ${t(12 + i * 2)}\n${words.slice(i * 8, i * 8 + 8).join(' ')}\n`);
    }
    const job = await run(new TextEncoder().encode(cues.join('\n')), 'talk.srt', { MediaType: 'asr', SaveType: 'nosave' });
    expect(job.Status, job.Message).toBe('Success');
    const match = job.DNAResult?.TextDNA?.[0];
    expect(match?.PrimaryKey).toBe('en-appendix.txt');
    const detail = match!.Detail[0];
    expect(Number(detail.InputFragment.Start)).toBe(10);
    expect(Number(detail.InputFragment.Duration)).toBeGreaterThan(8);
    expect(Number(detail.DuplicationFragment.Start)).toBe(at);
  });

  it('fails bad inputs with clear codes', async () => {
    const binary = new Uint8Array(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 73) & 255;
    const cases: [Uint8Array, string, string, string][] = [
      [binary, 'data.txt', 'text', 'InvalidMedia.UnsupportedFormat'],
      [new Uint8Array([0x61, 0xff, 0x20, 0x80, 0x20, 0xfe]), 'bad.txt', 'text', 'InvalidMedia.Corrupt'],
      [new TextEncoder().encode(' \n\t ... !!! '), 'blank.txt', 'text', 'InvalidMedia.NoContent'],
      [new TextEncoder().encode('no timings here'), 'x.srt', 'asr', 'InvalidMedia.UnsupportedFormat'],
      [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]), 'photo.txt', 'text', 'InvalidMedia.TypeMismatch'],
    ];
    for (const [bytes, name, mediaType, code] of cases) {
      const job = await run(bytes, name, { MediaType: mediaType, SaveType: 'nosave' });
      expect(job.Status, name).toBe('Fail');
      expect(job.Code, `${name}: ${job.Message}`).toBe(code);
    }
  });

  it('rejects bad Config fields at submit', async () => {
    await expect(
      dna.SubmitDNAJob({ DBId: dbId, PrimaryKey: 'k', Input: { Type: 'Media', Media: 'a.txt', Bytes: new Uint8Array([0x61]) }, Config: JSON.stringify({ MediaType: 'text', Encoding: 'klingon' }) }),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
  });
});

describe('text engine limits', () => {
  it('refuses a 2 GB text before reading it', async () => {
    const { textEngine } = await import('../packages/dna/dist/engines/text.js');
    // a real small file whose size is reported as 2 GiB: the limit is checked before any full read
    const source = { type: 'path' as const, path: new URL('en-small.txt', fixtures).pathname, size: 2 * 1024 ** 3 };
    const options = { mediaType: 'text' as const, config: {}, signal: new AbortController().signal, limits: { maxPixels: 1e8, maxDurationSeconds: 21600, maxInputBytes: 4 * 1024 ** 3 } };
    await expect(textEngine.extract(source, options)).rejects.toMatchObject({ code: 'InvalidMedia.TooLarge' });
  });
});

describe('text engine on a long document', () => {
  it('fingerprints a 16 MB file in chunks with a bounded blob, and finds a passage in it', async () => {
    const { mkdtemp, writeFile, rm: remove } = await import('node:fs/promises');
    const { textEngine } = await import('../packages/dna/dist/engines/text.js');
    const dir = await mkdtemp(join(tmpdir(), 'mediadna-text-long-'));
    try {
      // 16 MB of distinct sentences, with a known paragraph near the end
      const appendix = (await read('en-appendix.txt')).toString('utf8');
      const at = appendix.indexOf('There is a complete');
      const paragraph = appendix.slice(at, at + 400);
      const parts: string[] = [];
      let size = 0;
      for (let i = 0; size < 16_000_000; i++) {
        const line = `Sentence number ${i} talks about item ${(i * 7919) % 100003} and value ${(i * 104729) % 99991}.\n`;
        parts.push(line);
        size += line.length;
      }
      parts.splice(parts.length - 1000, 0, paragraph + '\n');
      const text = parts.join('');
      const path = join(dir, 'long.txt');
      await writeFile(path, text);
      const options = { mediaType: 'text' as const, config: {}, signal: new AbortController().signal, limits: { maxPixels: 1e8, maxDurationSeconds: 21600, maxInputBytes: 4 * 1024 ** 3 } };
      const extracted = await textEngine.extract({ type: 'path', path, size: Buffer.byteLength(text) }, options);
      expect(extracted.meta.characters).toBe(text.length);
      expect(extracted.meta.fingerprints).toBeLessThan(300_000); // sampled: the cap is 262 144 expected
      expect(extracted.blob.length).toBeLessThan(8 * 1024 * 1024); // fingerprints + 1 Mi stored characters
      const index = textEngine.createIndex();
      index.add('long', extracted.blob);
      const query = await textEngine.extract({ type: 'bytes', bytes: new TextEncoder().encode('Intro words of my own here. ' + paragraph), name: 'q.txt' }, options);
      const result = index.search(query.blob, { mediaType: 'text', config: {} });
      expect(result.TextDNA?.[0]?.PrimaryKey).toBe('long');
      const detail = result.TextDNA![0].Detail[0];
      const start = Number(detail.DuplicationFragment.Start);
      // 1 in 8 fingerprints is kept at this length and the region is beyond the stored text (no
      // edge extension): the fragment starts at the first kept fingerprint inside the paragraph
      expect(start).toBeGreaterThanOrEqual(text.indexOf(paragraph));
      expect(start).toBeLessThan(text.indexOf(paragraph) + paragraph.length);
      expect(detail.DuplicationText).toBe(''); // beyond the stored 1 Mi characters: offsets only
    } finally {
      await remove(dir, { recursive: true, force: true });
    }
  });
});
