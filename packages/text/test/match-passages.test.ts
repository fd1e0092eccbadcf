import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareTextDocuments, createTextDocument, normalizeText } from '../src/index.js';

const read = (name: string): string => readFileSync(new URL(`../../../fixtures/text/${name}`, import.meta.url), 'utf8');
const appendix = read('en-appendix.txt');
const tutorial = read('en-tutorial.txt');
const zh = read('zh-appendix.txt');
const poems = read('zh-poems.txt');

/** Deterministic word edits: every `step`-th word deleted, substituted or duplicated. */
function edit(text: string, step: number): string {
  const words = text.split(' ');
  return words.map((w, i) => (i % step === 0 ? (i % (3 * step) === 0 ? '' : i % (3 * step) === step ? 'zzz' : `${w} ${w}`) : w)).join(' ');
}

describe('compareTextDocuments', () => {
  it('scores near-duplicates high and unrelated texts low', () => {
    const original = createTextDocument(appendix);
    const edited = compareTextDocuments(createTextDocument(edit(appendix, 12)), original);
    const reformatted = compareTextDocuments(createTextDocument(appendix.toUpperCase().replace(/\n\n/g, '\n').replace(/, /g, '，')), original);
    const unrelated = compareTextDocuments(createTextDocument(tutorial), original);
    expect(reformatted.similarity).toBeGreaterThan(0.95);
    expect(edited.similarity).toBeGreaterThan(0.4);
    expect(edited.matched).toBe(true);
    expect(unrelated.similarity).toBeLessThan(0.1);
    expect(unrelated.matched).toBe(false);
    expect(reformatted.simhashDistance).toBeLessThan(unrelated.simhashDistance);
  });

  it('locates a passage pasted into another text, in original offsets', () => {
    const passageStart = appendix.indexOf('The Linux system');
    const passage = appendix.slice(passageStart, passageStart + 400);
    const host = tutorial.slice(0, 1000) + passage + tutorial.slice(1000);
    const result = compareTextDocuments(createTextDocument(host), createTextDocument(appendix));
    expect(result.matched).toBe(true);
    expect(result.details).toHaveLength(1);
    const detail = result.details[0];
    expect(Number(detail.InputFragment.Start)).toBe(1000);
    expect(Number(detail.InputFragment.Duration)).toBeGreaterThanOrEqual(390);
    expect(Number(detail.InputFragment.Duration)).toBeLessThanOrEqual(400);
    expect(Number(detail.DuplicationFragment.Start)).toBe(passageStart);
    expect(detail.InputText.startsWith('The Linux system')).toBe(true);
    expect(detail.InputText.length).toBeLessThanOrEqual(200);
    expect(Number(detail.Similarity)).toBeGreaterThan(0.9);
  });

  it('locates a Chinese passage in mixed-script text, through full-width and spacing changes', () => {
    const start = zh.indexOf('Linux 系统');
    const passage = zh.slice(start, start + 150);
    const host = poems.slice(0, 300) + passage.replace(/，/g, ', ').replace(/。/g, '. ') + poems.slice(300);
    const result = compareTextDocuments(createTextDocument(host), createTextDocument(zh));
    expect(result.details.length).toBe(1);
    const d = result.details[0];
    expect(Number(d.InputFragment.Start)).toBe(300);
    expect(Number(d.DuplicationFragment.Start)).toBe(start);
    const found = zh.slice(start, start + Number(d.DuplicationFragment.Duration));
    expect(normalizeText(found).text).toBe(normalizeText(passage).text);
  });

  it('finds nothing between unrelated Chinese texts', () => {
    expect(compareTextDocuments(createTextDocument(poems), createTextDocument(zh)).matched).toBe(false);
  });
});
