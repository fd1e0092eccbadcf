import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../dist/index.js';
import { fakeMedia, openFake, tempDir, submitAndWait } from './helpers.js';

describe('the facade on a custom store (memory)', () => {
  it('runs every operation against the given store and leaves it open on close()', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const store = createMemoryStore();
      const dna = await openFake(dir, { store });
      const db = (await dna.CreateDNADB({ Name: 'm', Model: 'Image' })).DBInfo.DBId;
      const first = await submitAndWait(dna, { DBId: db, PrimaryKey: 'a', Input: { Type: 'Media', Media: 'a', Bytes: fakeMedia('0123456789abcdef') } });
      expect(first.Status).toBe('Success');
      const second = await submitAndWait(dna, { DBId: db, PrimaryKey: 'b', Config: '{"SaveType":"nosave"}', Input: { Type: 'Media', Media: 'b', Bytes: fakeMedia('0123456789abcdef') } });
      expect(second.DNAResult?.ImageDNA?.[0]).toMatchObject({ PrimaryKey: 'a', Similarity: '1' });
      await dna.close();
      // The store is still usable: a new facade on it sees the library and its file.
      expect((await store.listLibraries()).map((l) => l.dbId)).toEqual([db]);
      const again = await openFake(dir, { store });
      expect((await again.ListDNAFiles({ DBId: db })).FileList.map((f) => f.PrimaryKey)).toEqual(['a']);
      await again.close();
    } finally {
      cleanup();
    }
  });

  it('refuses something that is not a DnaStore', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await expect(openFake(dir, { store: { close: async () => undefined } as never })).rejects.toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('DnaStore') });
    } finally {
      cleanup();
    }
  });
});
