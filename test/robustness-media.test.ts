/**
 * Robustness against hostile and broken media, through the public `createDna` API: random bytes,
 * valid magic numbers over garbage, the image edge fixtures, truncations of good files at several
 * points, and files submitted to the wrong kind of library. Every bad input must end its job
 * `Fail` with a specific media `Code` and an actionable `Message` (never `InternalError`, never a
 * crash); after each batch the store is consistent, failed jobs stored nothing, and the library
 * still finds a known picture. Media types without an engine in this build must fail
 * `MediaType.NotSupported`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDna } from '../packages/dna/dist/index.js';
import type { Model } from '../packages/dna/dist/index.js';
import {
  FIXTURES,
  Harness,
  MODELS,
  availableModels,
  concat,
  expectMediaFailure,
  expectSuccessOrMediaFailure,
  fixture,
  noise,
} from './robustness-helpers.js';
import type { Outcome } from './robustness-helpers.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Magic numbers that make a sniffer believe a format, each followed by garbage. */
const MAGIC: Readonly<Record<string, Uint8Array>> = {
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]),
  gif: ascii('GIF89a'),
  webp: concat(ascii('RIFF'), new Uint8Array([0, 1, 0, 0]), ascii('WEBP')),
  tiff: new Uint8Array([0x49, 0x49, 0x2a, 0]),
  avif: concat(new Uint8Array([0, 0, 0, 28]), ascii('ftypavif')),
  wav: concat(ascii('RIFF'), new Uint8Array([0, 1, 0, 0]), ascii('WAVEfmt ')),
  id3: ascii('ID3\x03\x00'),
  mp3: new Uint8Array([0xff, 0xfb, 0x90, 0x64]),
  ogg: ascii('OggS'),
  flac: ascii('fLaC'),
  mp4: concat(new Uint8Array([0, 0, 0, 24]), ascii('ftypisom')),
  mkv: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]),
};

/** The image edge fixtures that are broken, and the code each must fail with; every other one must succeed. */
const BAD_IMAGES: Readonly<Record<string, string>> = {
  'bomb.jpg': 'InvalidMedia.TooManyPixels',
  'bomb.png': 'InvalidMedia.TooManyPixels',
  'corrupt.jpg': 'InvalidMedia.Corrupt',
  'corrupt.png': 'InvalidMedia.Corrupt',
  'empty.jpg': 'InvalidMedia.Empty',
  'image.heic': 'InvalidMedia.UnsupportedFormat',
  'rgb24.bmp': 'InvalidMedia.UnsupportedFormat',
  'text.jpg': 'InvalidMedia.TypeMismatch',
  'truncated.jpg': 'InvalidMedia.Truncated',
  'truncated.png': 'InvalidMedia.Truncated',
};

/**
 * Good files to cut short. `strict`: the format records its length or end (PNG IEND, JPEG EOI,
 * WAV data size, MP4 box sizes), so every cut must fail `Truncated` or `Corrupt`; the others are
 * streams a decoder may legitimately read in part (a cut MP3 is a shorter MP3).
 */
const TRUNCATED: readonly { model: Model; path: string; strict: boolean; mediaType?: string }[] = [
  { model: 'Image', path: 'images/edge/upright.png', strict: true },
  { model: 'Image', path: 'images/edge/upright.jpg', strict: true },
  { model: 'Audio', path: 'audio/heroes-2s-s16.wav', strict: true },
  { model: 'Audio', path: 'audio/heroes-5s.mp3', strict: false },
  { model: 'Audio', path: 'audio/heroes-5s.flac', strict: false },
  { model: 'Audio', path: 'audio/heroes-5s.ogg', strict: false },
  { model: 'Video', path: 'video/tree-excerpt-hflip.mp4', strict: true },
  { model: 'Video', path: 'video/mixed.mkv', strict: false },
  { model: 'Text', path: 'text/en-small.txt', strict: false },
  { model: 'Text', path: 'text/subtitles.srt', strict: false, mediaType: 'asr' },
];

/** Where each file is cut besides its first byte and its last: fractions of its length. */
const CUTS = [0.1, 0.6] as const;

/** Files of one kind submitted to a library of another; `mismatch`: the Models that must say `TypeMismatch`. */
const WRONG_TYPE: readonly { path: string; own: Model; mismatch: readonly Model[] }[] = [
  { path: 'images/edge/upright.png', own: 'Image', mismatch: ['Audio', 'Video', 'Text'] },
  { path: 'images/edge/upright.jpg', own: 'Image', mismatch: ['Audio', 'Video', 'Text'] },
  { path: 'audio/heroes-2s-s16.wav', own: 'Audio', mismatch: ['Image', 'Video', 'Text'] },
  { path: 'audio/heroes-5s.mp3', own: 'Audio', mismatch: ['Image', 'Video', 'Text'] },
  { path: 'video/tree.mp4', own: 'Video', mismatch: ['Image', 'Text'] },
  { path: 'text/en-small.txt', own: 'Text', mismatch: ['Image'] },
];

describe('robustness: hostile and broken media never crash and never corrupt the store', () => {
  let harness: Harness;
  let available: Set<Model>;

  beforeAll(async () => {
    available = await availableModels();
    harness = await Harness.open();
  }, 60_000);
  afterAll(() => harness?.close());

  /** The expectation for a Model, or `MediaType.NotSupported` when this build has no engine for it. */
  const expectFor = (outcome: Outcome, expectation: (outcome: Outcome) => void): void => {
    if (available.has(outcome.model)) expectation(outcome);
    else expectMediaFailure(outcome, 'MediaType.NotSupported');
  };

  it('random bytes of several sizes fail in every library', async () => {
    const items = MODELS.flatMap((model, m) => [7, 4096, 65_536].map((size, s) => ({ model, name: `random-${size}.bin`, bytes: noise(size, 1 + m * 10 + s) })));
    const outcomes = await harness.runAll(items);
    for (const [i, outcome] of outcomes.entries()) {
      // Seven random bytes could pass for a word of legacy-encoded text; larger noise never does.
      const tiny = outcome.model === 'Text' && items[i].bytes.length === 7;
      expectFor(outcome, tiny ? expectSuccessOrMediaFailure : (o) => expectMediaFailure(o));
    }
    await harness.assertHealthy(outcomes);
  });

  it('valid magic numbers over garbage fail in every library', async () => {
    const items = Object.entries(MAGIC).flatMap(([format, magic], f) =>
      MODELS.map((model) => ({ model, name: `magic.${format}`, bytes: concat(magic, noise(3000, 100 + f)) })),
    );
    const outcomes = await harness.runAll(items);
    for (const outcome of outcomes) expectFor(outcome, (o) => expectMediaFailure(o));
    await harness.assertHealthy(outcomes);
  });

  it('each image edge fixture: the broken ones fail with their code, the others succeed', async () => {
    const names = readdirSync(join(FIXTURES, 'images/edge')).sort();
    expect(names.length).toBeGreaterThan(20);
    for (const bad of Object.keys(BAD_IMAGES)) expect(names).toContain(bad);
    const outcomes = await harness.runAll(names.map((name) => ({ model: 'Image' as const, name, bytes: fixture(`images/edge/${name}`) })));
    for (const [i, outcome] of outcomes.entries()) {
      const name = names[i];
      const code = BAD_IMAGES[name];
      expectFor(outcome, (o) => (code === undefined ? expect(o.job.Status, `${name}: ${o.job.Code} ${o.job.Message}`).toBe('Success') : expectMediaFailure(o, code)));
    }
    await harness.assertHealthy(outcomes);
  });

  it('truncations of good files fail as truncated or corrupt (streams may decode in part); the whole file succeeds', async () => {
    const items = TRUNCATED.flatMap(({ model, path, mediaType }) => {
      const bytes = fixture(path);
      const config = { SaveType: 'forcesave', ...(mediaType === undefined ? {} : { MediaType: mediaType }) };
      // The whole file is the control: it must succeed, so the failures are the cuts' doing.
      const cuts = [1, ...CUTS.map((fraction) => Math.floor(bytes.length * fraction)), bytes.length - 1, bytes.length];
      return cuts.map((length) => ({ model, name: `${path}@${length}of${bytes.length}`, bytes: bytes.slice(0, length), config }));
    });
    const outcomes = await harness.runAll(items);
    for (const [i, outcome] of outcomes.entries()) {
      const { path, strict } = TRUNCATED.find((entry) => items[i].name.startsWith(`${entry.path}@`))!;
      const [length, total] = items[i].name.slice(path.length + 1).split('of').map(Number);
      expectFor(outcome, (o) => {
        if (length === total) expect(o.job.Status, `${items[i].name}: ${o.job.Code} ${o.job.Message}`).toBe('Success');
        else if (length === 1 && o.model !== 'Text') expectMediaFailure(o); // One byte of text is still text.
        else if (strict) expectMediaFailure(o, /^InvalidMedia\.(Truncated|Corrupt)$/);
        else expectSuccessOrMediaFailure(o);
      });
    }
    await harness.assertHealthy(outcomes);
  });

  it('files submitted to the wrong kind of library fail, as a type mismatch where the kind is plain', async () => {
    const items = WRONG_TYPE.flatMap(({ path, own }) =>
      MODELS.filter((model) => model !== own).map((model) => ({ model, name: `wrong-${model}-${path.slice(path.lastIndexOf('/') + 1)}`, bytes: fixture(path) })),
    );
    const outcomes = await harness.runAll(items);
    for (const [i, outcome] of outcomes.entries()) {
      const entry = WRONG_TYPE.find((candidate) => items[i].name.endsWith(candidate.path.slice(candidate.path.lastIndexOf('/') + 1)))!;
      expectFor(outcome, (o) => expectMediaFailure(o, entry.mismatch.includes(o.model) ? 'InvalidMedia.TypeMismatch' : undefined));
    }
    // asr: a picture is no transcript.
    const asr = await harness.run('Text', { Type: 'Media', Media: 'picture.srt', Bytes: fixture('images/edge/upright.png') }, { SaveType: 'forcesave', MediaType: 'asr' });
    expectFor(asr, (o) => expectMediaFailure(o, 'InvalidMedia.TypeMismatch'));
    await harness.assertHealthy([...outcomes, asr]);
  });
});

describe('robustness: a media type whose engine is missing', () => {
  it('fails its jobs MediaType.NotSupported, and the other media types keep working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mediadna-robust-engine-'));
    try {
      const dna = await createDna({ dataDir: dir, workers: 1, engines: { Video: join(dir, 'no-video-engine.mjs') } });
      try {
        const video = (await dna.CreateDNADB({ Name: 'v', Model: 'Video' })).DBInfo.DBId;
        const { JobId } = await dna.SubmitDNAJob({ DBId: video, PrimaryKey: 'tree', Input: { Type: 'Media', Media: 'tree.mp4', Bytes: fixture('video/tree.mp4') } });
        const job = await dna.waitForJob(JobId, { timeoutMs: 20_000 });
        expectMediaFailure({ model: 'Video', key: 'tree', job }, 'MediaType.NotSupported');
        expect(job.Message).toMatch(/Video fingerprinting is not available/);
        const image = (await dna.CreateDNADB({ Name: 'i', Model: 'Image' })).DBInfo.DBId;
        const ok = await dna.waitForJob((await dna.SubmitDNAJob({ DBId: image, PrimaryKey: 'p', Input: { Type: 'Media', Media: 'p.png', Bytes: fixture('images/edge/upright.png') } })).JobId, { timeoutMs: 20_000 });
        expect(ok.Status).toBe('Success');
        expect((await dna.ListDNAFiles({ DBId: video })).FileList).toEqual([]);
        expect(await dna.check()).toEqual({ ok: true, problems: [] });
      } finally {
        await dna.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('robustness: inputs over the configured limits', () => {
  it('fail TooLarge, TooLong or TooManyPixels whether given as bytes or as a path, and store nothing', async () => {
    const available = await availableModels();
    const harness = await Harness.open({ workers: 1, limits: { maxInputBytes: 45_000, maxDurationSeconds: 1, maxPixels: 20_000 } });
    try {
      const cases: [Model, string, string][] = [
        ['Image', 'images/samples/bridge.jpg', 'InvalidMedia.TooManyPixels'],
        ['Audio', 'audio/heroes-2s-s16.wav', 'InvalidMedia.TooLong'],
        ['Audio', 'audio/heroes-5s.mp3', 'InvalidMedia.TooLong'],
        ['Audio', 'audio/battle-20s.opus', 'InvalidMedia.TooLarge'],
        ['Video', 'video/tree.mp4', 'InvalidMedia.TooLarge'],
        ['Video', 'video/tree-excerpt-hflip.mp4', 'InvalidMedia.TooLong'],
      ];
      const outcomes: Outcome[] = [];
      for (const [model, path, code] of cases) {
        for (const input of [{ Type: 'Media' as const, Media: path, Bytes: fixture(path) }, { Type: 'Media' as const, Media: join(FIXTURES, path) }]) {
          const outcome = await harness.run(model, input);
          expectMediaFailure(outcome, available.has(model) ? code : 'MediaType.NotSupported');
          outcomes.push(outcome);
        }
      }
      await harness.assertHealthy(outcomes);
    } finally {
      await harness.close();
    }
  });
});
