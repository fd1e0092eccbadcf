// Every command form of the built CLI against a temp data dir: --json shapes, human tables,
// exit statuses and the `Code: Message` error format (api.md, "Command line").
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonLines, repo, runMediadna } from './cli-helpers.js';

const samples = join(repo, 'fixtures', 'images', 'samples');
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const HEX_ID = /^[0-9a-f]{32}$/;

let work: string;
let data: string;
let media: string;
let dbId: string;
let jobIds: string[] = [];
const cli = (...args: string[]) => runMediadna(['--data', data, ...args]);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mediadna-cli-'));
  data = join(work, 'data');
  media = join(work, 'media');
  await mkdir(join(media, 'nested'), { recursive: true });
  await copyFile(join(samples, 'bridge.jpg'), join(media, 'bridge.jpg'));
  await copyFile(join(samples, 'sunset.jpg'), join(media, 'sunset.jpg'));
  await copyFile(join(samples, 'dragonfly.jpg'), join(media, 'nested', 'dragonfly.jpg'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('mediadna', () => {
  test('--help lists every command form and opens no data dir', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    for (const form of ['db create --name NAME', 'db list', 'db delete DBID', 'submit MEDIA... --db DBID', 'jobs JOBID...', 'cancel JOBID', 'files list DBID', 'files delete DBID KEY...']) {
      expect(result.stdout).toContain(form);
    }
    expect(existsSync(data)).toBe(false);
  });

  test('db create --json prints the CreateDNADB response', async () => {
    const result = await cli('db', 'create', '--name', 'photos', '--model', 'Image', '--description', 'test photos', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const response = JSON.parse(result.stdout) as { RequestId: string; DBInfo: Record<string, string> };
    expect(response.RequestId).toMatch(REQUEST_ID);
    expect(response.DBInfo).toMatchObject({ Name: 'photos', Model: 'Image', Description: 'test photos' });
    expect(response.DBInfo.DBId).toMatch(HEX_ID);
    dbId = response.DBInfo.DBId;
  });

  test('db create without --json prints a table with the new DBId', async () => {
    const result = await cli('db', 'create', '--name', 'clips');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DBId\s+Name\s+Model\s+Status/);
    expect(result.stdout).toMatch(/[0-9a-f]{32}\s+clips\s+Video/);
  });

  test('db list --json and as a table', async () => {
    const json = await cli('db', 'list', '--json');
    expect(json.code).toBe(0);
    const response = JSON.parse(json.stdout) as { RequestId: string; DBList: { Name: string; DBId: string }[] };
    expect(response.RequestId).toMatch(REQUEST_ID);
    expect(response.DBList.map((library) => library.Name).sort()).toEqual(['clips', 'photos']);
    const table = await cli('db', 'list');
    expect(table.stdout).toContain(dbId);
    expect(table.stdout).toContain('photos');
  });

  test('submit of a directory ingests every file with keys relative to it', async () => {
    const result = await cli('submit', media, '--db', dbId, '--json');
    expect(result.code).toBe(0);
    const responses = jsonLines(result.stdout) as { RequestId: string; JobId: string }[];
    expect(responses).toHaveLength(3);
    for (const response of responses) {
      expect(response.RequestId).toMatch(REQUEST_ID);
      expect(response.JobId).toMatch(HEX_ID);
    }
    jobIds = responses.map((response) => response.JobId);
    const files = await cli('files', 'list', dbId, '--json');
    const list = JSON.parse(files.stdout) as { NextPageToken: string; FileList: { PrimaryKey: string; InputFile: { Location: string; Object: string } }[] };
    expect(list.FileList.map((file) => file.PrimaryKey).sort()).toEqual(['bridge.jpg', 'nested/dragonfly.jpg', 'sunset.jpg']);
    expect(list.FileList.find((file) => file.PrimaryKey === 'bridge.jpg')?.InputFile).toMatchObject({ Location: 'local', Object: join(media, 'bridge.jpg') });
  });

  test('jobs shows the finished jobs of an earlier submit', async () => {
    const json = await cli('jobs', ...jobIds, '--json');
    expect(json.code).toBe(0);
    const response = JSON.parse(json.stdout) as { RequestId: string; JobList: { Id: string; Status: string; PrimaryKey: string; DNAResult?: unknown }[] };
    expect(response.JobList.map((job) => job.Id)).toEqual(jobIds);
    expect(response.JobList.map((job) => job.Status)).toEqual(['Success', 'Success', 'Success']);
    expect(response.JobList.map((job) => job.PrimaryKey)).toEqual(['bridge.jpg', 'nested/dragonfly.jpg', 'sunset.jpg']);
    const table = await cli('jobs', jobIds[0]);
    expect(table.stdout).toMatch(/^JobId\s+PrimaryKey\s+Status/);
    expect(table.stdout).toContain('bridge.jpg');
  });

  test('submit --wait --json prints the finished job with its matches', async () => {
    const result = await cli('submit', join(samples, 'sunset.jpg'), '--db', dbId, '--key', 'query', '--save-type', 'nosave', '--user-data', 'hello', '--wait', '--json');
    expect(result.code).toBe(0);
    const [job] = jsonLines(result.stdout) as { Status: string; UserData: string; Config: string; DNAResult: { ImageDNA: { PrimaryKey: string; Similarity: string }[] } }[];
    expect(job.Status).toBe('Success');
    expect(job.UserData).toBe('hello');
    expect(JSON.parse(job.Config)).toMatchObject({ SaveType: 'nosave', MediaType: 'image' });
    expect(job.DNAResult.ImageDNA[0].PrimaryKey).toBe('sunset.jpg');
    expect(Number(job.DNAResult.ImageDNA[0].Similarity)).toBeGreaterThan(0.95);
  });

  test('submit --wait prints a table of matches with similarity', async () => {
    const result = await cli('submit', join(samples, 'bridge.jpg'), '--db', dbId, '--key', 'query', '--save-type', 'nosave', '--wait');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^JobId\s+PrimaryKey\s+Status\s+DNA\s+Match\s+Similarity/);
    expect(result.stdout).toMatch(/query\s+Success\s+Image\s+bridge\.jpg\s+(1|0\.9\d*)/);
  });

  test('files delete removes keys; files list pages with --page-size and --next', async () => {
    const deleted = await cli('files', 'delete', dbId, 'sunset.jpg');
    expect(deleted.code).toBe(0);
    const page = await cli('files', 'list', dbId, '--page-size', '1', '--json');
    const first = JSON.parse(page.stdout) as { NextPageToken: string; FileList: { PrimaryKey: string }[] };
    expect(first.FileList).toHaveLength(1);
    expect(first.NextPageToken).not.toBe('');
    const rest = await cli('files', 'list', dbId, '--page-size', '1', '--next', first.NextPageToken, '--json');
    const second = JSON.parse(rest.stdout) as { FileList: { PrimaryKey: string }[] };
    expect([...first.FileList, ...second.FileList].map((file) => file.PrimaryKey).sort()).toEqual(['bridge.jpg', 'nested/dragonfly.jpg']);
    const all = await cli('files', 'list', dbId);
    expect(all.stdout).not.toContain('sunset.jpg');
    expect(all.stdout).toMatch(/^PrimaryKey\s+Input/);
  });

  test('MEDIADNA_DATA is the default data dir', async () => {
    const result = await runMediadna(['db', 'list', '--json'], { env: { MEDIADNA_DATA: data } });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { DBList: unknown[] }).DBList).toHaveLength(2);
  });

  test('db delete removes the library', async () => {
    const result = await cli('db', 'delete', dbId);
    expect(result.code).toBe(0);
    const list = await cli('db', 'list', '--json');
    const libraries = (JSON.parse(list.stdout) as { DBList: { DBId: string; Status: string }[] }).DBList;
    expect(libraries.filter((library) => library.DBId === dbId && library.Status !== 'deleted')).toEqual([]);
  });
});
