/**
 * Robustness against hostile parameters, through the public `createDna` API: OSS paths that try
 * to leave `ossRoot`, absolute paths and NUL bytes; Config JSON with prototype keys, huge or deep
 * values and wrong types for every documented field; PrimaryKey and UserData at and over their
 * byte limits with multi-byte characters; a flood of submits beyond the queue limit. A bad
 * parameter throws `DnaError` with a cloud code; bad media ends the job `Fail`. After each batch
 * the store is consistent and the library still finds a known picture.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PRIMARY_KEY_BYTES, MAX_USER_DATA_BYTES, createDna } from '../packages/dna/dist/index.js';
import type { Model } from '../packages/dna/dist/index.js';
import { Harness, MEDIA_TYPE_OF, availableModels, expectMediaFailure, expectParameterError, fixture } from './robustness-helpers.js';
import type { Outcome } from './robustness-helpers.js';

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/**
 * The documented Config fields of each engine (its module's header comment) and their kind.
 * Each gets values of every wrong JSON type.
 */
const ENGINE_FIELDS: Readonly<Record<Model, Readonly<Record<string, 'number' | 'boolean' | 'string'>>>> = {
  Image: { MaxDistance: 'number', MaxMatches: 'number', Dihedral: 'boolean' },
  Audio: { MinSignificance: 'number', MinVotes: 'number', MaxGapSeconds: 'number', MaxMatches: 'number', Backend: 'string' },
  Video: {
    SampleRate: 'number',
    SceneThreshold: 'number',
    KeyframesOnly: 'boolean',
    FrameSize: 'number',
    Audio: 'boolean',
    MaxDistance: 'number',
    SeedRadius: 'number',
    MinSegmentSeconds: 'number',
    Flip: 'boolean',
    MaxMatches: 'number',
    Backend: 'string',
  },
  Text: {
    Encoding: 'string',
    Format: 'string',
    MinSimilarity: 'number',
    MaxResults: 'number',
    MaxExcerptChars: 'number',
    MaxStoredChars: 'number',
    MinPassageDensity: 'number',
  },
};

/** The Config fields an engine's module header documents (bullets "- `Field` ..."). */
function documentedFields(model: Model): string[] {
  const source = readFileSync(fileURLToPath(new URL(`../packages/dna/src/engines/${model.toLowerCase()}.ts`, import.meta.url)), 'utf8');
  const header = source.slice(source.indexOf('/**'), source.indexOf('*/') + 2);
  return [...header.matchAll(/^ \* - `([A-Z][A-Za-z]+)`/gm)].map((match) => match[1]);
}

/** JSON values of the wrong type for a field of `kind` (strings also get one unknown value). */
function wrongValues(kind: 'number' | 'boolean' | 'string'): unknown[] {
  const others: unknown[] = [[1], { value: 1 }];
  if (kind === 'number') return ['5', true, ...others];
  if (kind === 'boolean') return ['true', 1, ...others];
  return [5, false, 'no-such-value', ...others];
}

describe('robustness: hostile parameters throw DnaError, hostile inputs fail their job, the store stays whole', () => {
  let harness: Harness;
  let available: Set<Model>;
  const picture = fixture('images/edge/upright.png');

  beforeAll(async () => {
    available = await availableModels();
    harness = await Harness.open();
  }, 60_000);
  afterAll(() => harness?.close());

  const submit = (request: Record<string, unknown>) =>
    harness.dna.SubmitDNAJob({ DBId: harness.dbs.Image, PrimaryKey: harness.key('p'), Input: { Type: 'Media', Media: 'p.png', Bytes: picture }, ...request } as never);

  it('OSS paths never leave ossRoot: .., %2e%2e, leading /, NUL bytes and symbolic links out fail Input.*; malformed locations throw', async () => {
    const oss = join(harness.dir, 'oss');
    writeFileSync(join(harness.dir, 'outside.png'), picture);
    writeFileSync(join(oss, 'bucket', 'inside.png'), picture);
    symlinkSync(join(harness.dir, 'outside.png'), join(oss, 'bucket', 'link-out.png'));
    symlinkSync(harness.dir, join(oss, 'bucket', 'folder-out'));
    symlinkSync(join(oss, 'bucket', 'inside.png'), join(oss, 'bucket', 'link-in.png'));
    mkdirSync(join(oss, 'other'), { recursive: true });
    writeFileSync(join(oss, 'other', 'x.png'), picture);
    const escapes: [string, string][] = [
      ['oss://bucket/../../outside.png', 'Input.AccessDenied'],
      ['oss://bucket/../other/x.png', 'Input.AccessDenied'],
      ['oss://bucket/a/../../../outside.png', 'Input.AccessDenied'],
      ['https://bucket.oss-cn-hangzhou.aliyuncs.com/%2e%2e/%2e%2e/outside.png', 'Input.AccessDenied'],
      ['oss://bucket/inside.png\u0000.txt', 'Input.AccessDenied'],
      ['https://bucket.oss-cn-hangzhou.aliyuncs.com/%00', 'Input.AccessDenied'],
      ['oss://bucket/link-out.png', 'Input.AccessDenied'],
      ['oss://bucket/folder-out/outside.png', 'Input.AccessDenied'],
      [`oss://bucket/${harness.dir}/outside.png`, 'Input.NotFound'], // an absolute object name stays under its bucket
      ['oss://bucket//etc/passwd', 'Input.NotFound'],
    ];
    const outcomes: Outcome[] = [];
    for (const [media, code] of escapes) {
      const outcome = await harness.run('Image', { Type: 'OSS', Media: media });
      expectMediaFailure(outcome, code);
      outcomes.push(outcome);
    }
    // Inside the root, also through a link that stays inside, works.
    for (const media of ['oss://bucket/inside.png', 'oss://bucket/link-in.png']) {
      const outcome = await harness.run('Image', { Type: 'OSS', Media: media });
      expect(outcome.job.Status, outcome.job.Message).toBe('Success');
      outcomes.push(outcome);
    }
    for (const media of ['oss://../x', 'oss://bucket/', 'oss:///etc/passwd', 'oss://Bucket_Upper/x', 'ftp://bucket/x', 'oss://b/x']) {
      await expectParameterError(submit({ Input: { Type: 'OSS', Media: media } }), 'InvalidParameter', 'Input.Media');
    }
    await expectParameterError(submit({ Input: { Type: 'OSS', Media: 'x'.repeat(9000) } }), 'InvalidParameter.OutOfRange', 'Input.Media');
    await harness.assertHealthy(outcomes);
  });

  it('Media paths: absolute system paths, NUL bytes, devices and folders fail their job with an Input or media code', async () => {
    const cases: [string, RegExp][] = [
      ['/etc/passwd', /^InvalidMedia\.TypeMismatch$/],
      ['../../../../../../etc/hostname', /^InvalidMedia\.(TypeMismatch|UnsupportedFormat)$|^Input\.NotFound$/],
      ['file:///etc/passwd', /^InvalidMedia\.TypeMismatch$/],
      [`${harness.dir}/no-such.png\u0000.png`, /^Input\.(NotFound|AccessDenied)$/],
      ['/dev/zero', /^Input\.NotFound$/],
      [harness.dir, /^Input\.NotFound$/],
      ['file:///no/such/file.png', /^Input\.NotFound$/],
    ];
    const outcomes: Outcome[] = [];
    for (const [media, code] of cases) {
      const outcome = await harness.run('Image', { Type: 'Media', Media: media });
      expectMediaFailure(outcome, code);
      outcomes.push(outcome);
    }
    await harness.assertHealthy(outcomes);
  });

  it('OSS input without ossRoot is a parameter error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mediadna-robust-noroot-'));
    try {
      const dna = await createDna({ dataDir: dir, workers: 1 });
      try {
        const db = (await dna.CreateDNADB({ Name: 'i', Model: 'Image' })).DBInfo.DBId;
        await expectParameterError(dna.SubmitDNAJob({ DBId: db, PrimaryKey: 'k', Input: { Type: 'OSS', Media: 'oss://bucket/x.png' } }), 'InvalidParameter', 'ossRoot');
      } finally {
        await dna.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Config: prototype keys, huge and deep JSON, non-objects and wrong types for SaveType and MediaType throw; nothing is polluted', async () => {
    const hostile = [
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"MaxMatches":3,"Nested":{"deeper":[{"__proto__":{"polluted":true}}]}}',
      '{"prototype":1}',
    ];
    for (const config of hostile) await expectParameterError(submit({ Config: config }), 'InvalidParameter', 'Config');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');

    await expectParameterError(submit({ Config: JSON.stringify({ Note: 'x'.repeat(70_000) }) }), 'InvalidParameter.OutOfRange', 'Config');
    await expectParameterError(submit({ Config: `${'['.repeat(40)}${']'.repeat(40)}` }), 'InvalidParameter', 'Config');
    await expectParameterError(submit({ Config: `{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}` }), 'InvalidParameter.OutOfRange', 'nested');
    await expectParameterError(submit({ Config: `${'['.repeat(100_000)}` }), 'InvalidParameter.OutOfRange', 'Config');
    for (const config of ['{', 'null', '[]', '"save"', '42', 'true', '{"SaveType":"save",}']) {
      await expectParameterError(submit({ Config: config }), 'InvalidParameter', 'Config');
    }
    for (const config of [{ SaveType: 'nosave' }, 42, ['{}']]) await expectParameterError(submit({ Config: config }), 'InvalidParameter', 'Config');
    for (const value of [null, 5, true, ['save'], { a: 1 }, 'Save', 'x'.repeat(5000)]) {
      await expectParameterError(submit({ Config: JSON.stringify({ SaveType: value }) }), 'InvalidParameter', 'Config.SaveType');
      await expectParameterError(submit({ Config: JSON.stringify({ MediaType: value }) }), 'InvalidParameter', 'Config.MediaType');
    }
    // A MediaType that does not fit the library's Model.
    await expectParameterError(submit({ Config: '{"MediaType":"audio"}' }), 'InvalidParameter', 'Model');
    // Unknown fields are the engine's business and are ignored; the job runs.
    const ok = await harness.run('Image', { Type: 'Media', Media: 'p.png', Bytes: picture }, { SaveType: 'nosave', Unknown: { deep: ['x'] } });
    expect(ok.job.Status, ok.job.Message).toBe('Success');
    expect(JSON.parse(ok.job.Config)).toEqual({ SaveType: 'nosave', MediaType: 'image', Unknown: { deep: ['x'] } });
    await harness.assertHealthy([ok]);
  });

  it('Config: every documented engine field refuses every wrong type with a cloud code naming the field', async () => {
    for (const model of available) {
      // A field documented in the engine's header but missing here must be added to ENGINE_FIELDS with its kind.
      expect(Object.keys(ENGINE_FIELDS[model]).sort(), `${model} fields documented in src/engines/${model.toLowerCase()}.ts`).toEqual(documentedFields(model).sort());
    }
    let checked = 0;
    for (const model of Object.keys(ENGINE_FIELDS) as Model[]) {
      for (const [field, kind] of Object.entries(ENGINE_FIELDS[model])) {
        for (const value of wrongValues(kind)) {
          const request = harness.dna.SubmitDNAJob({
            DBId: harness.dbs[model],
            PrimaryKey: harness.key(`config-${field}`),
            Config: JSON.stringify({ MediaType: MEDIA_TYPE_OF[model], [field]: value }),
            Input: { Type: 'Media', Media: 'x.bin', Bytes: picture },
          });
          if (available.has(model)) {
            await expectParameterError(request, /^InvalidParameter(\.OutOfRange)?$/, `Config.${field}`);
            checked++;
          } else {
            // No engine: nothing checks its fields, and the job fails MediaType.NotSupported.
            const job = await harness.dna.waitForJob((await request).JobId, { timeoutMs: 20_000 });
            expectMediaFailure({ model, key: field, job }, 'MediaType.NotSupported');
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    await harness.assertHealthy();
  });

  it('PrimaryKey: empty, wrong types, control characters and lone surrogates throw; the byte limit holds at multi-byte boundaries; long keys round-trip', async () => {
    expect(MAX_PRIMARY_KEY_BYTES).toBe(1024);
    await expectParameterError(submit({ PrimaryKey: '' }), 'MissingParameter', 'PrimaryKey');
    await expectParameterError(submit({ PrimaryKey: undefined }), 'MissingParameter', 'PrimaryKey');
    for (const key of [42, ['k'], { k: 1 }, true]) await expectParameterError(submit({ PrimaryKey: key }), 'InvalidParameter', 'PrimaryKey');
    for (const key of ['a\u0000b', 'line\nbreak', 'tab\there', 'del\u007f']) await expectParameterError(submit({ PrimaryKey: key }), 'InvalidParameter', 'control');
    for (const key of ['a\uD800', '\uDC00b', 'x\uDBFF']) await expectParameterError(submit({ PrimaryKey: key }), 'InvalidParameter', 'surrogate');

    const atLimit = [
      'k'.repeat(1024),
      `${'中'.repeat(341)}a`, // 1023 + 1 bytes
      '😀'.repeat(256), // 4 bytes each
      `${'é'.repeat(511)}ab`, // 1022 + 2
    ];
    const overLimit = ['k'.repeat(1025), '中'.repeat(342), `${'😀'.repeat(256)}a`, `${'k'.repeat(1022)}中`, 'k'.repeat(100_000)];
    for (const key of atLimit) expect(utf8Bytes(key)).toBe(1024);
    for (const key of overLimit) {
      expect(utf8Bytes(key)).toBeGreaterThan(1024);
      await expectParameterError(submit({ PrimaryKey: key }), 'InvalidParameter.OutOfRange', 'PrimaryKey');
    }
    const outcomes: Outcome[] = [];
    for (const key of atLimit) {
      const outcome = await harness.run('Image', { Type: 'Media', Media: 'p.png', Bytes: picture }, { SaveType: 'forcesave' }, key);
      expect(outcome.job.Status, outcome.job.Message).toBe('Success');
      expect(outcome.job.PrimaryKey).toBe(key);
      outcomes.push(outcome);
    }
    // A search reports the multi-byte keys exactly as stored.
    const search = await harness.run('Image', { Type: 'Media', Media: 'p.png', Bytes: picture }, { SaveType: 'nosave' });
    for (const key of atLimit) expect(search.job.DNAResult?.ImageDNA?.map((match) => match.PrimaryKey)).toContain(key);
    // A key stored once cannot be stored again, however it is spelled in code points.
    const again = await harness.run('Image', { Type: 'Media', Media: 'p.png', Bytes: picture }, { SaveType: 'forcesave' }, atLimit[1]);
    expectMediaFailure(again, 'PrimaryKey.AlreadyExists');
    await harness.assertHealthy([...outcomes, again]);
    await harness.dna.DeleteDNAFiles({ DBId: harness.dbs.Image, PrimaryKeys: atLimit.join(',') });
    harness.forget('Image', atLimit);
    await harness.assertHealthy();
  });

  it('UserData: 128 bytes of UTF-8 fit whatever the characters, 129 throw OutOfRange; it round-trips exactly', async () => {
    expect(MAX_USER_DATA_BYTES).toBe(128);
    const fits = ['u'.repeat(128), `${'中'.repeat(42)}ab`, '😀'.repeat(32), `${'😀'.repeat(31)}abcd`, '', 'ünïcødé ✓'];
    const over = ['u'.repeat(129), '中'.repeat(43), `${'😀'.repeat(32)}a`, `${'😀'.repeat(31)}abc\u00e9`, 'x'.repeat(1_000_000)];
    for (const userData of over) {
      expect(utf8Bytes(userData)).toBeGreaterThan(128);
      await expectParameterError(submit({ UserData: userData }), 'InvalidParameter.OutOfRange', 'UserData');
    }
    for (const userData of [5, ['a'], { a: 1 }, 'a\uD800']) await expectParameterError(submit({ UserData: userData }), 'InvalidParameter', 'UserData');
    const outcomes: Outcome[] = [];
    for (const userData of fits) {
      expect(utf8Bytes(userData)).toBeLessThanOrEqual(128);
      const { JobId } = await submit({ UserData: userData, Config: '{"SaveType":"nosave"}' });
      const job = await harness.dna.waitForJob(JobId, { timeoutMs: 20_000 });
      expect(job.Status).toBe('Success');
      expect(job.UserData).toBe(userData);
      expect((await harness.dna.QueryDNAJobList({ JobIds: JobId })).JobList[0].UserData).toBe(userData);
      outcomes.push({ model: 'Image', key: job.PrimaryKey, job });
    }
    await harness.assertHealthy(outcomes);
  });

  it('other strings: Name and Description limits, lone surrogates, wrong types', async () => {
    const { dna } = harness;
    await expectParameterError(dna.CreateDNADB({ Name: 'n'.repeat(129) }), 'InvalidParameter.OutOfRange', 'Name');
    await expectParameterError(dna.CreateDNADB({ Name: 'n\uD800' }), 'InvalidParameter', 'surrogate');
    await expectParameterError(dna.CreateDNADB({ Name: 5 } as never), 'InvalidParameter', 'Name');
    await expectParameterError(dna.CreateDNADB({ Name: 'ok', Description: 'd'.repeat(1025) }), 'InvalidParameter.OutOfRange', 'Description');
    await expectParameterError(dna.CreateDNADB({ Name: 'ok', Model: 'image' as never }), 'InvalidParameter', 'Model');
    await expectParameterError(submit({ DBId: '../../etc' }), 'InvalidParameter.UUIDFormatInvalid', 'DBId');
    await expectParameterError(submit({ DBId: 'f'.repeat(32) }), 'InvalidParameter.DBNotExist');
    await expectParameterError(submit({ TemplateId: '__proto__' }), 'InvalidParameter', 'TemplateId');
    await expectParameterError(submit({ PipelineId: 'constructor' }), 'InvalidParameter', 'PipelineId');
    await expectParameterError(submit({ Input: { Type: 'Media', Media: 'x', Bytes: 'not bytes' } }), 'InvalidParameter', 'Input.Bytes');
    await expectParameterError(submit({ Input: { Type: 'S3', Media: 'x' } }), 'InvalidParameter', 'Input.Type');
    await expectParameterError(dna.ListDNAFiles({ DBId: harness.dbs.Image, NextPageToken: 'bm9wZQ' }), 'InvalidParameter', 'NextPageToken');
    const created = await dna.CreateDNADB({ Name: '名'.repeat(128), Description: '✓'.repeat(1024) });
    expect((await dna.ListDNADB({ DBIds: created.DBInfo.DBId })).DBList[0].Name).toBe('名'.repeat(128));
    await dna.DeleteDNADB({ DBId: created.DBInfo.DBId });
    await harness.assertHealthy();
  });
});

describe('robustness: a flood of submits beyond the queue limit', () => {
  it('refuses the excess with OutOfRange "queue is full", runs every accepted job, leaves no stray job rows, and accepts again once drained', async () => {
    const harness = await Harness.open({ workers: 1, queueLimit: 4 });
    try {
      const picture = fixture('images/edge/upright.png');
      const keys = Array.from({ length: 40 }, (_, i) => `flood-${i}`);
      let flooding = true;
      let finishedDuringFlood = 0;
      harness.dna.on('job', (job) => {
        if (flooding && job.Status === 'Success') finishedDuringFlood++;
      });
      const settled = await Promise.allSettled(
        keys.map((key) =>
          harness.dna.SubmitDNAJob({ DBId: harness.dbs.Image, PrimaryKey: key, Config: '{"SaveType":"onlysave"}', Input: { Type: 'Media', Media: key, Bytes: picture } }),
        ),
      );
      flooding = false;
      const accepted = settled.flatMap((result, i) => (result.status === 'fulfilled' ? [{ key: keys[i], jobId: result.value.JobId }] : []));
      const refused = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      expect(accepted.length).toBeGreaterThanOrEqual(4);
      // The limit counts waiting jobs: one more may be running, and places free up as jobs finish.
      expect(accepted.length).toBeLessThanOrEqual(4 + 1 + finishedDuringFlood);
      expect(accepted.length + refused.length).toBe(40);
      for (const error of refused) {
        await expectParameterError(Promise.reject(error), 'InvalidParameter.OutOfRange', 'queue is full');
      }
      const outcomes: Outcome[] = [];
      for (const { key, jobId } of accepted) {
        const job = await harness.dna.waitForJob(jobId, { timeoutMs: 20_000 });
        expect(job.Status, job.Message).toBe('Success');
        outcomes.push({ model: 'Image', key, job });
      }
      await harness.dna.idle();
      expect(harness.dna.stats()).toMatchObject({ queued: 0, running: 0 });
      await harness.assertHealthy(outcomes);

      // Only the accepted jobs were written: the store holds no row for a refused submit.
      const Database = createRequire(new URL('../packages/dna/package.json', import.meta.url))('better-sqlite3') as new (
        path: string,
        options: { readonly: boolean },
      ) => { prepare(sql: string): { all(): { primary_key: string }[] }; close(): void };
      const raw = new Database(join(harness.dir, 'data', 'mediadna.db'), { readonly: true });
      try {
        const flooded = raw.prepare("SELECT primary_key FROM jobs WHERE primary_key LIKE 'flood-%'").all().map((row) => row.primary_key);
        expect(flooded.sort()).toEqual(accepted.map((entry) => entry.key).sort());
      } finally {
        raw.close();
      }

      // Drained: a refused key goes through now.
      const retry = await harness.run('Image', { Type: 'Media', Media: 'retry', Bytes: picture }, { SaveType: 'onlysave' }, keys.find((key) => !accepted.some((entry) => entry.key === key)));
      expect(retry.job.Status, retry.job.Message).toBe('Success');
      await harness.assertHealthy([retry]);
    } finally {
      await harness.close();
    }
  });
});
