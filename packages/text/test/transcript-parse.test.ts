import { describe, expect, it } from 'vitest';
import { compareTextDocuments, createTextDocument, createTranscriptDocument, parseTranscript, secondsAtOffset } from '../src/index.js';

const srt = `1
00:00:01,000 --> 00:00:04,000
The Linux system is a very powerful

2
00:00:04,000 --> 00:00:08,000
<i>computing platform</i> for a networked computer.

3
00:01:00,500 --> 00:01:03,500
However, learning how to use all its capabilities is not easy.
`;
const vtt = `WEBVTT

NOTE a comment

intro
00:01.000 --> 00:04.000 align:start
<v Ann>The Linux system is a very powerful

00:04.000 --> 00:08.000
computing platform for a networked computer.
`;

describe('parseTranscript', () => {
  it('reads SRT, WebVTT and JSON into the same text', () => {
    const a = parseTranscript(srt);
    expect(a.text).toBe('The Linux system is a very powerful\ncomputing platform for a networked computer.\nHowever, learning how to use all its capabilities is not easy.');
    expect(Array.from(a.cueStarts)).toEqual([1, 4, 60.5]);
    const b = parseTranscript(vtt);
    expect(b.text).toBe(a.text.split('\n').slice(0, 2).join('\n'));
    const c = parseTranscript(JSON.stringify([{ start: 1, end: 4, text: 'The Linux system' }, { start: '4.5', end: '00:00:06.000', text: 'is powerful' }]));
    expect(Array.from(c.cueEnds)).toEqual([4, 6]);
  });

  it('maps character offsets to seconds inside cues', () => {
    const t = parseTranscript(srt);
    expect(secondsAtOffset(t, 0)).toBe(1);
    const second = t.text.indexOf('computing');
    expect(secondsAtOffset(t, second)).toBe(4);
    const end = t.text.indexOf('\nHowever');
    expect(secondsAtOffset(t, end, true)).toBe(8);
    expect(secondsAtOffset(t, t.text.length, true)).toBeCloseTo(63.5);
  });

  it('refuses non-transcripts and malformed ones with codes', () => {
    expect(() => parseTranscript('just some words')).toThrowError(expect.objectContaining({ code: 'InvalidMedia.UnsupportedFormat' }));
    expect(() => parseTranscript('[{"start": "x", "end": 2, "text": "a"}]')).toThrowError(expect.objectContaining({ code: 'InvalidMedia.Corrupt' }));
    expect(() => parseTranscript('WEBVTT\n\n')).toThrowError(expect.objectContaining({ code: 'InvalidMedia.NoContent' }));
  });

  it('reports transcript matches in seconds', () => {
    const library = createTextDocument('Preface. The Linux system is a very powerful computing platform for a networked computer. However, learning how to use all its capabilities is not easy. Setting up the printer queue was hard.');
    const result = compareTextDocuments(createTranscriptDocument(srt), library);
    expect(result.matched).toBe(true);
    const d = result.details[0];
    expect(Number(d.InputFragment.Start)).toBe(1);
    expect(Number(d.InputFragment.Start) + Number(d.InputFragment.Duration)).toBeCloseTo(63.5, 1);
    expect(Number(d.DuplicationFragment.Start)).toBe(9);
  });

  it('reports a stored transcript\'s side in seconds too', () => {
    const query = createTextDocument('Some preface here. A computing platform for a networked computer. However, learning how to use all its capabilities is not easy. And the rest.');
    const result = compareTextDocuments(query, createTranscriptDocument(srt));
    expect(result.matched).toBe(true);
    const d = result.details[0];
    expect(Number(d.InputFragment.Start)).toBe(21);
    expect(Number(d.DuplicationFragment.Start)).toBe(4); // start of the second cue
    expect(Number(d.DuplicationFragment.Start) + Number(d.DuplicationFragment.Duration)).toBeCloseTo(63.5, 1);
  });
});
