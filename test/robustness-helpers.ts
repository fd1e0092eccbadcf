/**
 * Shared harness of the robustness tests (`robustness-*.test.ts`): a facade with one library per
 * Model and a known good picture stored, the media fixtures, and the checks run after every batch
 * of hostile input (store consistent, failed jobs stored nothing, the library still answers).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createDna, loadEngine } from '../packages/dna/dist/index.js';
import type { Dna, DnaOptions, Job, LocalSubmitDNAJobRequest, Model } from '../packages/dna/dist/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const MODELS: readonly Model[] = ['Image', 'Audio', 'Video', 'Text'];
/** The MediaType each Model's library takes by default. */
export const MEDIA_TYPE_OF: Readonly<Record<Model, string>> = { Image: 'image', Audio: 'audio', Video: 'video', Text: 'text' };

/** Codes a problem with the media itself may end a job with (api.md "Errors"). */
export const MEDIA_FAILURE = /^(InvalidMedia\.(Empty|Truncated|Corrupt|UnsupportedFormat|TooLarge|TooManyPixels|TooLong|NoContent|TypeMismatch)|Input\.(NotFound|AccessDenied|FetchFailed|Timeout)|MediaType\.NotSupported)$/;

/** A fixture's bytes. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, path)));
}

/** A seeded byte generator (xorshift32), so every run submits the same "random" bytes. */
export function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** The parts one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Which Models have an engine in this build (others must fail their jobs `MediaType.NotSupported`). */
export async function availableModels(): Promise<Set<Model>> {
  const available = new Set<Model>();
  for (const model of MODELS) {
    try {
      await loadEngine(model);
      available.add(model);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('MediaType.NotSupported');
    }
  }
  return available;
}

/** A job's end, with the key it was submitted under. */
export interface Outcome {
  readonly model: Model;
  readonly key: string;
  readonly job: Job;
}

/** Assert a job failed the way a person can act on: a specific media code and a real message. */
export function expectMediaFailure(outcome: Outcome, code: RegExp | string = MEDIA_FAILURE): void {
  const { job, key } = outcome;
  const what = `${key}: ${job.Status} ${job.Code} ${job.Message}`;
  expect(job.Status, what).toBe('Fail');
  if (typeof code === 'string') expect(job.Code, what).toBe(code);
  else expect(job.Code, what).toMatch(code);
  expect(job.Code, what).not.toBe('InternalError');
  expect(job.Message, what).toMatch(/^\[mediadna\] \[[a-z]+\] \S/);
  expect(job.Message.length, what).toBeGreaterThan(30);
  expect(job.DNAResult, what).toBeUndefined();
}

/** Assert a job either succeeded or failed with a specific media code (inputs a decoder may legitimately accept). */
export function expectSuccessOrMediaFailure(outcome: Outcome): void {
  if (outcome.job.Status === 'Success') return;
  expectMediaFailure(outcome);
}

/** Assert `promise` throws a DnaError with a cloud code (`expected` exactly, when given) and a message naming `mentions`. */
export async function expectParameterError(promise: Promise<unknown>, expected: string | RegExp, mentions?: string): Promise<void> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a DnaError ${String(expected)}${mentions ? ` about ${mentions}` : ''}`).toBeDefined();
  const error = thrown as { name?: string; code?: string; Code?: string; message?: string };
  expect(error.name).toBe('DnaError');
  if (typeof expected === 'string') expect(error.code).toBe(expected);
  else expect(error.code).toMatch(expected);
  expect(error.Code).toBe(error.code);
  expect(error.code).toMatch(/^(MissingParameter|InvalidParameter(\.(OutOfRange|DBNotExist|ResourceNotFound|UUIDFormatInvalid))?)$/);
  expect(error.message).toMatch(/^(\[mediadna\] \[\w+\] \S|The )/);
  if (mentions !== undefined) expect(error.message).toContain(mentions);
}

/** A facade with a library per Model and a known good picture stored under `good`. */
export class Harness {
  /** Keys each library held after the last {@link assertHealthy}. */
  private readonly known = new Map<string, Set<string>>();
  private counter = 0;

  private constructor(
    readonly dna: Dna,
    readonly dir: string,
    readonly dbs: Readonly<Record<Model, string>>,
    readonly goodImage: Uint8Array,
  ) {}

  /** Open a harness in a fresh temp dir (`ossRoot` is `<dir>/oss`). */
  static async open(options: Partial<DnaOptions> = {}): Promise<Harness> {
    const dir = mkdtempSync(join(tmpdir(), 'mediadna-robust-'));
    mkdirSync(join(dir, 'oss', 'bucket'), { recursive: true });
    const dna = await createDna({ dataDir: join(dir, 'data'), workers: 2, ossRoot: join(dir, 'oss'), ...options });
    const dbs = {} as Record<Model, string>;
    for (const model of MODELS) dbs[model] = (await dna.CreateDNADB({ Name: `robust-${model}`, Model: model })).DBInfo.DBId;
    const goodImage = fixture('images/edge/upright.jpg');
    const harness = new Harness(dna, dir, dbs, goodImage);
    const stored = await harness.run('Image', { Type: 'Media', Media: 'good.jpg', Bytes: goodImage }, { SaveType: 'onlysave' }, 'good');
    expect(stored.job.Status, stored.job.Message).toBe('Success');
    await harness.assertHealthy([stored]);
    return harness;
  }

  /** A fresh PrimaryKey. */
  key(prefix: string): string {
    return `${prefix}-${++this.counter}`;
  }

  /** Submit one job to a Model's library and wait for its end. */
  async run(model: Model, input: LocalSubmitDNAJobRequest['Input'], config: Record<string, unknown> = { SaveType: 'forcesave' }, key?: string): Promise<Outcome> {
    // eslint-disable-next-line no-control-regex
    const primaryKey = key ?? this.key(`${model.toLowerCase()}-${input.Media.slice(-40).replace(/[\u0000-\u001f\u007f]/g, '?')}`);
    const { JobId } = await this.dna.SubmitDNAJob({ DBId: this.dbs[model], PrimaryKey: primaryKey, Config: JSON.stringify(config), Input: input });
    return { model, key: primaryKey, job: await this.dna.waitForJob(JobId, { timeoutMs: 60_000 }) };
  }

  /** Submit many bytes inputs at once (the queue runs them on the workers) and wait for all. */
  runAll(items: readonly { model: Model; name: string; bytes: Uint8Array; config?: Record<string, unknown> }[]): Promise<Outcome[]> {
    return Promise.all(items.map((item) => this.run(item.model, { Type: 'Media', Media: item.name, Bytes: item.bytes }, item.config)));
  }

  /** Files deleted on purpose (DeleteDNAFiles) are no longer expected. */
  forget(model: Model, keys: readonly string[]): void {
    for (const key of keys) this.known.get(model)?.delete(key);
  }

  /**
   * After a batch: the store is consistent (integrity, index = rows), each library holds exactly
   * what it held before plus the keys of this batch's successful storing jobs (a failed job stored
   * nothing, nothing was lost), and the good picture is still found, identical.
   */
  async assertHealthy(outcomes: readonly Outcome[] = []): Promise<void> {
    expect(await this.dna.check()).toEqual({ ok: true, problems: [] });
    for (const model of MODELS) {
      const expected = new Set(this.known.get(model) ?? []);
      for (const outcome of outcomes) {
        if (outcome.model !== model || outcome.job.Status !== 'Success') continue;
        const saveType = (JSON.parse(outcome.job.Config) as { SaveType: string }).SaveType;
        if (saveType === 'forcesave' || saveType === 'onlysave') expected.add(outcome.key);
      }
      const stored = new Set<string>();
      let token = '';
      do {
        const page = await this.dna.ListDNAFiles({ DBId: this.dbs[model], PageSize: 100, NextPageToken: token });
        for (const file of page.FileList) stored.add(file.PrimaryKey);
        token = page.NextPageToken;
      } while (token !== '');
      const failed = outcomes.filter((outcome) => outcome.model === model && outcome.job.Status === 'Fail').map((outcome) => outcome.key);
      expect(failed.filter((key) => stored.has(key) && !expected.has(key)), `${model}: failed jobs stored nothing`).toEqual([]);
      expect([...stored].sort(), `${model}: stored keys`).toEqual([...expected].sort());
      this.known.set(model, stored);
    }
    const probe = await this.run('Image', { Type: 'Media', Media: 'probe.jpg', Bytes: this.goodImage }, { SaveType: 'nosave' });
    expect(probe.job.Status, probe.job.Message).toBe('Success');
    expect(probe.job.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'good', Similarity: '1' });
  }

  async close(): Promise<void> {
    try {
      await this.dna.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
