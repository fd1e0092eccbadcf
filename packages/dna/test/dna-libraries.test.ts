import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dna } from '../dist/index.js';
import { openFake, tempDir } from './helpers.js';

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const HEX_ID = /^[0-9a-f]{32}$/;

describe('libraries: CreateDNADB, ListDNADB, DeleteDNADB', () => {
  let dna: Dna;
  let cleanup: () => void;
  let dir: string;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dna = await openFake(dir);
  });
  afterEach(async () => {
    await dna.close();
    cleanup();
  });

  it('creates a library with the cloud shape, default Model Video, and fresh ids', async () => {
    const created = await dna.CreateDNADB({ Name: 'films' });
    expect(created.RequestId).toMatch(REQUEST_ID);
    expect(created.DBInfo).toEqual({ DBId: expect.stringMatching(HEX_ID), Name: 'films', Description: '', Model: 'Video', Status: 'active' });
    const other = await dna.CreateDNADB({ Name: 'photos', Model: 'Image', Description: 'holiday' });
    expect(other.DBInfo).toMatchObject({ Model: 'Image', Description: 'holiday' });
    expect(other.DBInfo.DBId).not.toBe(created.DBInfo.DBId);
    expect(other.RequestId).not.toBe(created.RequestId);
  });

  it('lists all live libraries in creation order, or the ones asked for', async () => {
    const a = (await dna.CreateDNADB({ Name: 'a', Model: 'Audio' })).DBInfo;
    const b = (await dna.CreateDNADB({ Name: 'b', Model: 'Text' })).DBInfo;
    const c = (await dna.CreateDNADB({ Name: 'c', Model: 'Image' })).DBInfo;
    const all = await dna.ListDNADB({});
    expect(all.RequestId).toMatch(REQUEST_ID);
    expect(all.DBList).toEqual([a, b, c]);
    expect((await dna.ListDNADB()).DBList).toHaveLength(3);
    expect((await dna.ListDNADB({ DBIds: `${c.DBId},${a.DBId}` })).DBList.map((l) => l.Name)).toEqual(['a', 'c']);
    expect((await dna.ListDNADB({ DBIds: 'f'.repeat(32) })).DBList).toEqual([]);
  });

  it('deletes a library: it leaves the full list, shows Status deleted by id, and is gone for every operation', async () => {
    const a = (await dna.CreateDNADB({ Name: 'a', Model: 'Image' })).DBInfo;
    const deleted = await dna.DeleteDNADB({ DBId: a.DBId });
    expect(deleted.RequestId).toMatch(REQUEST_ID);
    expect((await dna.ListDNADB()).DBList).toEqual([]);
    expect((await dna.ListDNADB({ DBIds: a.DBId })).DBList).toEqual([{ ...a, Status: 'deleted' }]);
    const notExist = { code: 'InvalidParameter.DBNotExist', message: 'The DNA database does not exist.' };
    await expect(dna.DeleteDNADB({ DBId: a.DBId })).rejects.toMatchObject(notExist);
    await expect(dna.ListDNAFiles({ DBId: a.DBId })).rejects.toMatchObject(notExist);
    await expect(dna.DeleteDNAFiles({ DBId: a.DBId, PrimaryKeys: 'k' })).rejects.toMatchObject(notExist);
    await expect(dna.SubmitDNAJob({ DBId: a.DBId, PrimaryKey: 'k', Input: { Type: 'Media', Media: '/x' } })).rejects.toMatchObject(notExist);
  });

  it('keeps libraries across a reopen of the data dir', async () => {
    const a = (await dna.CreateDNADB({ Name: 'kept', Model: 'Image' })).DBInfo;
    await dna.close();
    dna = await openFake(dir);
    expect((await dna.ListDNADB()).DBList).toEqual([a]);
  });
});
