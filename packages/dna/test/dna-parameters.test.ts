import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dna } from '../dist/index.js';
import { createDna } from '../dist/index.js';
import { fakeMedia, openFake, tempDir } from './helpers.js';

const code = (c: string) => expect.objectContaining({ name: 'DnaError', code: c });

describe('invalid parameters throw DnaError with the cloud codes', () => {
  let dna: Dna;
  let cleanup: () => void;
  let imageDb: string;
  let videoDb: string;
  const input = { Type: 'Media' as const, Media: 'x.fake', Bytes: fakeMedia('0123456789abcdef') };
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    dna = await openFake(dir);
    imageDb = (await dna.CreateDNADB({ Name: 'i', Model: 'Image' })).DBInfo.DBId;
    videoDb = (await dna.CreateDNADB({ Name: 'v', Model: 'Video' })).DBInfo.DBId;
  });
  afterAll(async () => {
    await dna.close();
    cleanup();
  });

  it('MissingParameter: absent required fields', async () => {
    await expect(dna.CreateDNADB({} as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.CreateDNADB({ Name: '' })).rejects.toThrow(code('MissingParameter'));
    await expect(dna.DeleteDNADB({} as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.SubmitDNAJob({ DBId: imageDb, Input: input } as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.SubmitDNAJob({ DBId: imageDb, PrimaryKey: 'k' } as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.SubmitDNAJob({ DBId: imageDb, PrimaryKey: 'k', Input: { Type: 'Media', Media: '' } })).rejects.toThrow(code('MissingParameter'));
    await expect(dna.QueryDNAJobList({ JobIds: '' })).rejects.toThrow(code('MissingParameter'));
    await expect(dna.QueryDNAJobList({ JobIds: ' , ' })).rejects.toThrow(code('MissingParameter'));
    await expect(dna.CancelDNAJob({} as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.ListDNAFiles({} as never)).rejects.toThrow(code('MissingParameter'));
    await expect(dna.DeleteDNAFiles({ DBId: imageDb, PrimaryKeys: '' })).rejects.toThrow(code('MissingParameter'));
    await expect(dna.CreateDNADB(undefined as never)).rejects.toThrow(code('MissingParameter'));
  });

  it('InvalidParameter: wrong types, unknown enums, bad Config, unknown template or pipeline, MediaType/Model mismatch', async () => {
    await expect(dna.CreateDNADB({ Name: 'x', Model: 'Picture' as never })).rejects.toThrow(code('InvalidParameter'));
    await expect(dna.CreateDNADB({ Name: 42 as never })).rejects.toThrow(code('InvalidParameter'));
    const submit = (extra: Record<string, unknown>) => dna.SubmitDNAJob({ DBId: imageDb, PrimaryKey: 'k', Input: input, ...extra });
    await expect(submit({ Config: '{not json' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Config: '{not json' })).rejects.toThrow(/Config is not valid JSON/);
    await expect(submit({ Config: '[1]' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Config: { SaveType: 'save' } })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Config: '{"SaveType":"keep"}' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Config: '{"MediaType":"picture"}' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Config: '{"MediaType":"video"}' })).rejects.toThrow(/needs a library of Model Video/);
    await expect(dna.SubmitDNAJob({ DBId: videoDb, PrimaryKey: 'k', Input: input, Config: '{"MediaType":"image"}' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ TemplateId: 'nope' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ PipelineId: 'nope' })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Input: { Type: 'S3', Media: 'x' } })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ Input: { Type: 'OSS', Media: 'oss://bucket/a.jpg' } })).rejects.toThrow(/needs a local OSS root: pass ossRoot/);
    await expect(submit({ Input: { Type: 'OSS', Media: '/not/oss' } })).rejects.toThrow(code('InvalidParameter'));
    await expect(submit({ PrimaryKey: 'a\u0000b' })).rejects.toThrow(code('InvalidParameter'));
    // The engine checks its own Config fields at submit time.
    await expect(submit({ Config: '{"MaxDistance":99}' })).rejects.toThrow(code('InvalidParameter'));
    await expect(dna.ListDNAFiles({ DBId: imageDb, PageSize: 2.5 })).rejects.toThrow(code('InvalidParameter'));
    await expect(dna.ListDNAFiles({ DBId: imageDb, NextPageToken: 'garbage' })).rejects.toThrow(code('InvalidParameter'));
  });

  it('InvalidParameter.OutOfRange: UserData over 128 bytes, too many ids or keys, PageSize outside 1..100', async () => {
    await expect(dna.SubmitDNAJob({ DBId: imageDb, PrimaryKey: 'k', Input: input, UserData: 'é'.repeat(65) })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
    // 128 bytes exactly is fine: 64 two-byte characters.
    await expect(dna.SubmitDNAJob({ DBId: imageDb, PrimaryKey: 'ok', Input: input, UserData: 'é'.repeat(64) })).resolves.toHaveProperty('JobId');
    const ids = Array.from({ length: 11 }, (_, i) => i.toString(16).padStart(32, '0')).join(',');
    await expect(dna.QueryDNAJobList({ JobIds: ids })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
    const keys = Array.from({ length: 51 }, (_, i) => `k${i}`).join(',');
    await expect(dna.DeleteDNAFiles({ DBId: imageDb, PrimaryKeys: keys })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
    await expect(dna.ListDNAFiles({ DBId: imageDb, PageSize: 0 })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
    await expect(dna.ListDNAFiles({ DBId: imageDb, PageSize: 101 })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
    await expect(dna.CreateDNADB({ Name: 'n'.repeat(129) })).rejects.toThrow(code('InvalidParameter.OutOfRange'));
  });

  it('InvalidParameter.DBNotExist with the cloud message for an unknown library', async () => {
    const unknown = 'f'.repeat(32);
    const expected = expect.objectContaining({ code: 'InvalidParameter.DBNotExist', message: 'The DNA database does not exist.' });
    await expect(dna.DeleteDNADB({ DBId: unknown })).rejects.toThrow(expected);
    await expect(dna.ListDNAFiles({ DBId: unknown })).rejects.toThrow(expected);
    await expect(dna.SubmitDNAJob({ DBId: unknown, PrimaryKey: 'k', Input: input })).rejects.toThrow(expected);
  });

  it('InvalidParameter.ResourceNotFound for an unknown job', async () => {
    const unknown = 'e'.repeat(32);
    await expect(dna.CancelDNAJob({ JobId: unknown })).rejects.toThrow(
      expect.objectContaining({ code: 'InvalidParameter.ResourceNotFound', message: `The resource operated "${unknown}" cannot be found` }),
    );
    await expect(dna.waitForJob(unknown)).rejects.toThrow(code('InvalidParameter.ResourceNotFound'));
  });

  it('InvalidParameter.UUIDFormatInvalid for malformed DBId and JobId', async () => {
    await expect(dna.DeleteDNADB({ DBId: 'ABC' })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
    await expect(dna.ListDNAFiles({ DBId: 'F'.repeat(32) })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
    await expect(dna.QueryDNAJobList({ JobIds: `${'a'.repeat(32)},xyz` })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
    await expect(dna.CancelDNAJob({ JobId: '123' })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
    await expect(dna.ListDNADB({ DBIds: 'nope' })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
    await expect(dna.SubmitDNAJob({ DBId: 'zz', PrimaryKey: 'k', Input: input })).rejects.toThrow(code('InvalidParameter.UUIDFormatInvalid'));
  });

  it('InternalError after close; createDna checks its options', async () => {
    const { dir, cleanup: clean } = tempDir();
    try {
      const closed = await openFake(dir);
      await closed.close();
      await expect(closed.ListDNADB()).rejects.toThrow(code('InternalError'));
      await expect(createDna({ dataDir: '' })).rejects.toThrow(code('InvalidParameter'));
      await expect(createDna({ dataDir: dir, workers: 0 })).rejects.toThrow(code('InvalidParameter'));
      await expect(createDna({ dataDir: dir, pipelines: { fast: { concurrency: -1 } } })).rejects.toThrow(code('InvalidParameter'));
    } finally {
      clean();
    }
  });
});
