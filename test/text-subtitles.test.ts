// Subtitle tracks inside MP4 (tx3g written by ffmpeg's mov_text; wvtt samples built by hand,
// since ffmpeg cannot mux wvtt) and the asr engine path that reads them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { decodeTx3gSample, decodeWvttSample, openRangeReader, readMp4Subtitles } from '../packages/media/dist/index.js';
import { compareTextDocuments, createTextDocument, deserializeTextDocument } from '../packages/text/dist/index.js';
import { textEngine } from '../packages/dna/dist/engines/text.js';

const fixture = (name: string): URL => new URL(`../fixtures/text/${name}`, import.meta.url);

function box(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  return out;
}

describe('MP4 subtitle samples', () => {
  it('decodes tx3g and wvtt samples', () => {
    const text = new TextEncoder().encode('Hello, 世界');
    const tx3g = new Uint8Array(2 + text.length + 4);
    tx3g[1] = text.length;
    tx3g.set(text, 2);
    expect(decodeTx3gSample(tx3g)).toBe('Hello, 世界');
    const wvtt = box('vttc', new Uint8Array([...box('sttg', new TextEncoder().encode('align:start')), ...box('payl', text)]));
    expect(decodeWvttSample(wvtt)).toBe('Hello, 世界');
    expect(decodeWvttSample(box('vtte', new Uint8Array(0)))).toBe('');
  });

  it('reads the tx3g track of an MP4 made by ffmpeg', async () => {
    const bytes = new Uint8Array(await readFile(fixture('subtitles-tx3g.mp4')));
    const reader = await openRangeReader({ type: 'bytes', bytes, name: 'subtitles-tx3g.mp4' });
    const tracks = await readMp4Subtitles(reader.read, reader.size, 'subtitles-tx3g.mp4');
    expect(tracks).toHaveLength(1);
    expect(tracks[0].codec).toBe('tx3g');
    expect(tracks[0].cues.map((c) => c.text)).toEqual([
      'The Linux system is a very powerful',
      'computing platform for a networked computer.',
      'However, learning how to use all its capabilities is not easy.',
    ]);
    expect(tracks[0].cues[0].start).toBeCloseTo(0.5, 2);
    expect(tracks[0].cues[2].end).toBeCloseTo(5, 2);
  });

  it('fingerprints the subtitle track for asr and matches it in seconds', async () => {
    const bytes = new Uint8Array(await readFile(fixture('subtitles-tx3g.mp4')));
    const options = { mediaType: 'asr' as const, config: {}, signal: new AbortController().signal, limits: { maxPixels: 1e8, maxDurationSeconds: 21600, maxInputBytes: 4 * 1024 ** 3 } };
    const extracted = await textEngine.extract({ type: 'bytes', bytes, name: 'subtitles-tx3g.mp4' }, options);
    const query = deserializeTextDocument(extracted.blob);
    expect(query.cues?.cueOffsets.length).toBe(3);
    const appendix = await readFile(fixture('en-appendix.txt'), 'utf8');
    const result = compareTextDocuments(query, createTextDocument(appendix));
    expect(result.matched).toBe(true);
    expect(Number(result.details[0].InputFragment.Start)).toBeCloseTo(0.5, 1);
    expect(Number(result.details[0].DuplicationFragment.Start)).toBe(appendix.indexOf('The Linux system'));
  });
});
