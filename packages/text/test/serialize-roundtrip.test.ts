import { describe, expect, it } from 'vitest';
import { createTextDocument, createTranscriptDocument, deserializeTextDocument, serializeTextDocument } from '../src/index.js';

describe('serializeTextDocument', () => {
  it('round-trips documents, source maps and cues', () => {
    const doc = createTextDocument('<!DOCTYPE html><p>Hello &amp; 世界, some more words here</p>');
    const back = deserializeTextDocument(serializeTextDocument(doc));
    expect(back).toEqual(doc);
    const timed = createTranscriptDocument('1\n00:00:01,000 --> 00:00:02,000\nHello there world\n');
    expect(deserializeTextDocument(serializeTextDocument(timed))).toEqual(timed);
  });

  it('bounds the stored text and flags the cut', () => {
    const doc = createTextDocument('word '.repeat(1000), { maxStoredChars: 100 });
    expect(doc.text.length).toBe(100);
    expect(deserializeTextDocument(serializeTextDocument(doc)).textTruncated).toBe(true);
  });

  it('refuses other versions and corrupt blobs', () => {
    const blob = serializeTextDocument(createTextDocument('hello world again'));
    const other = blob.slice();
    other[4] = 99;
    expect(() => deserializeTextDocument(other)).toThrowError(expect.objectContaining({ code: 'Library.IncompatibleVersion' }));
    expect(() => deserializeTextDocument(blob.subarray(0, 100))).toThrowError(expect.objectContaining({ code: 'InternalError' }));
  });
});
