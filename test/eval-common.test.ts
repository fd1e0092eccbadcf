// Scoring and manifest helpers of the evaluation harness (scripts/eval/common.mjs).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain .mjs script without declarations
import { readManifest, scoreTopMatches, segmentOverlap, spreadPick, topMatch } from '../scripts/eval/common.mjs';

const success = (matches: [string, string][]) => ({
  Status: 'Success',
  DNAResult: { ImageDNA: matches.map(([key, similarity]) => ({ PrimaryKey: key, Similarity: similarity, Detail: [] })) },
});

describe('topMatch', () => {
  test('best similarity across result keys; null without matches or on Fail', () => {
    expect(topMatch(success([['a', '0.9'], ['b', '0.95']]))).toMatchObject({ key: 'b', similarity: 0.95, kind: 'ImageDNA' });
    expect(topMatch(success([]))).toBeNull();
    expect(topMatch({ Status: 'Fail', Code: 'InvalidMedia.Corrupt' })).toBeNull();
    const both = { Status: 'Success', DNAResult: { VideoDNA: [{ PrimaryKey: 'v', Similarity: '0.7' }], AudioDNA: [{ PrimaryKey: 'a', Similarity: '0.8' }] } };
    expect(topMatch(both)?.key).toBe('a');
    expect(topMatch(both, ['VideoDNA'])?.key).toBe('v');
  });
});

describe('scoreTopMatches', () => {
  test('correct top is TP, wrong top is FP and a miss, no match is FN, unrelated match is FP', () => {
    const scores = scoreTopMatches([
      { group: 'hflip', expected: 'x', job: success([['x', '0.99']]) },
      { group: 'hflip', expected: 'x', job: success([['y', '0.9'], ['x', '0.8']]) },
      { group: 'hflip', expected: 'x', job: success([]) },
      { group: 'hflip', expected: 'x', job: { Status: 'Fail', Code: 'C', Message: 'm' } },
      { group: 'unrelated', expected: null, job: success([]) },
      { group: 'unrelated', expected: null, job: success([['z', '0.85']]) },
    ]);
    expect(scores.perGroup.hflip).toMatchObject({ queries: 4, truePositive: 1, falsePositive: 1, falseNegative: 3, failed: 1, recall: 0.25, precision: 0.5 });
    expect(scores.perGroup.unrelated).toMatchObject({ queries: 2, related: 0, falsePositive: 1, recall: null, precision: 0, maxFalseSimilarity: 0.85 });
    expect(scores.overall).toMatchObject({ queries: 6, truePositive: 1, falsePositive: 2, recall: 0.25 });
    expect(scores.overall.precision).toBeCloseTo(1 / 3, 4);
  });

  test('overallGroups leaves reported groups out of the totals', () => {
    const scores = scoreTopMatches(
      [
        { group: 'rot90', expected: 'x', job: success([['x', '1']]) },
        { group: 'pair-dark', expected: 'p', job: success([['q', '0.9']]) },
      ],
      { overallGroups: ['rot90', 'unrelated'] },
    );
    expect(scores.perGroup['pair-dark'].precision).toBe(0);
    expect(scores.overall).toMatchObject({ queries: 1, recall: 1, precision: 1 });
  });
});

describe('spreadPick', () => {
  test('picks count items spread evenly, the rest keep their order', () => {
    const { picked, rest } = spreadPick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
    expect(picked).toEqual([1, 5, 8]);
    expect(rest).toEqual([0, 2, 3, 4, 6, 7, 9]);
    expect(spreadPick([1, 2], 5).picked).toEqual([1, 2]);
  });
});

describe('readManifest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mediadna-eval-manifest-'));
    await mkdir(join(dir, 'manifest'));
    await writeFile(
      join(dir, 'manifest', 'originals.tsv'),
      'id\tmodality\tpath\tpackage\tversion\tsource\nimg1\timage\timages/orig/img1.jpg\tp\t1\t/s\naud1\taudio\taudio/orig/a.opus\tp\t1\t/s\n',
    );
    await writeFile(join(dir, 'manifest', 'queries.tsv'), 'query\tmodality\toriginal_id\ttransform\tnotes\nimages/query/img1__rot90.jpg\timage\timg1\trot90\t\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('filters by modality and makes paths absolute', async () => {
    const { originals, queries } = await readManifest(dir, 'image');
    expect(originals).toHaveLength(1);
    expect(originals[0]).toMatchObject({ id: 'img1', path: join(dir, 'images/orig/img1.jpg') });
    expect(queries[0]).toMatchObject({ original_id: 'img1', transform: 'rot90', path: join(dir, 'images/query/img1__rot90.jpg') });
  });
});

describe('segmentOverlap and judge', () => {
  const match = {
    PrimaryKey: 'song',
    Similarity: '0.9',
    Detail: [
      { Input: { Start: '0.0', Duration: '5.0' }, Duplication: { Start: '20.0', Duration: '5.0' } },
      { Input: { Start: '5.0', Duration: '5.0' }, Duplication: { Start: '25.0', Duration: '5.0' } },
    ],
  };
  test('intersection over union of the segments with the expected range', () => {
    expect(segmentOverlap(match, { start: 20, end: 30 })).toBe(1);
    expect(segmentOverlap(match, { start: 25, end: 35 })).toBeCloseTo(5 / 15, 6);
    expect(segmentOverlap(match, { start: 0, end: 10 }, 'Input')).toBe(1);
    expect(segmentOverlap(match, { start: 100, end: 110 })).toBe(0);
  });
  test('a judged-wrong top match on the right key is a false positive', () => {
    const job = { Status: 'Success', DNAResult: { AudioDNA: [match] } };
    const results = [
      { group: 'excerpt10', expected: 'song', job, range: { start: 20, end: 30 } },
      { group: 'excerpt10', expected: 'song', job, range: { start: 50, end: 60 } },
    ];
    const scores = scoreTopMatches(results, {
      judge: (result: { range: { start: number; end: number } }, top: { match: object }) => segmentOverlap(top.match, result.range) >= 0.5,
    });
    expect(scores.perGroup.excerpt10).toMatchObject({ truePositive: 1, falsePositive: 1, falseNegative: 1, recall: 0.5, precision: 0.5 });
  });
});
