// Exit statuses and `Code: Message` errors of the built CLI: usage errors (2), failed calls (1),
// jobs that end Fail under --wait (3).
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsonLines, repo, runMediadna } from './cli-helpers.js';

const fixtures = join(repo, 'fixtures', 'images');
const ERROR_LINE = /^[A-Z][A-Za-z]*(\.[A-Za-z]+)*: \S/;

let work: string;
let data: string;
let dbId: string;
const cli = (...args: string[]) => runMediadna(['--data', data, ...args]);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mediadna-cli-errors-'));
  data = join(work, 'data');
  await mkdir(join(work, 'mixed'));
  await copyFile(join(fixtures, 'samples', 'friends.jpg'), join(work, 'mixed', 'a-good.jpg'));
  await copyFile(join(fixtures, 'edge', 'text.jpg'), join(work, 'mixed', 'b-text.jpg'));
  await copyFile(join(fixtures, 'edge', 'truncated.jpg'), join(work, 'mixed', 'c-truncated.jpg'));
  const created = await cli('db', 'create', '--name', 'errors', '--model', 'Image', '--json');
  dbId = (JSON.parse(created.stdout) as { DBInfo: { DBId: string } }).DBInfo.DBId;
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('usage errors exit 2', () => {
  test.each([
    [['frobnicate'], /^InvalidParameter: Unknown command/],
    [['db', 'list', '--bogus'], /^InvalidParameter: Unknown option '--bogus'/],
    [['db', 'create'], /^MissingParameter: db create needs --name/],
    [['db', 'delete'], /^MissingParameter: Missing argument/],
    [['files', 'list', 'x', '--page-size', '500'], /^InvalidParameter: Expected an integer 1\.\.100 for --page-size/],
  ])('%j', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  test('a single input needs --key', async () => {
    const result = await cli('submit', join(fixtures, 'samples', 'friends.jpg'), '--db', dbId);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^MissingParameter: .*--key/);
  });

  test('an unknown --save-type is refused before anything is submitted', async () => {
    const result = await cli('submit', join(work, 'mixed'), '--db', dbId, '--save-type', 'keep');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^InvalidParameter: Expected one of nosave\|save\|forcesave\|onlysave for --save-type/);
  });
});

describe('failed calls exit 1 with Code: Message', () => {
  test('unknown library on submit', async () => {
    const result = await cli('submit', join(fixtures, 'samples', 'friends.jpg'), '--db', '0'.repeat(32), '--key', 'k');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('InvalidParameter.DBNotExist: The DNA database does not exist.');
  });

  test('malformed and unknown ids', async () => {
    const deleted = await cli('db', 'delete', 'not-an-id');
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toMatch(/^InvalidParameter(\.[A-Za-z]+)?: /);
    const jobs = await cli('jobs', 'f'.repeat(32));
    expect(jobs.code).toBe(1);
    expect(jobs.stderr).toMatch(/InvalidParameter\.ResourceNotFound: The resource operated "f{32}" cannot be found/);
    const cancel = await cli('cancel', 'e'.repeat(32));
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toMatch(ERROR_LINE);
  });

  test('bad --model comes back from CreateDNADB', async () => {
    const result = await cli('db', 'create', '--name', 'x', '--model', 'Photo');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^InvalidParameter: /);
  });
});

describe('jobs that fail', () => {
  test('--wait exits 3 and prints every job, failed ones with their code, in input order', async () => {
    const result = await cli('submit', join(work, 'mixed'), '--db', dbId, '--save-type', 'nosave', '--wait', '--json');
    expect(result.code).toBe(3);
    const jobs = jsonLines(result.stdout) as { PrimaryKey: string; Status: string; Code: string; Message: string }[];
    expect(jobs.map((job) => job.PrimaryKey)).toEqual(['a-good.jpg', 'b-text.jpg', 'c-truncated.jpg']);
    expect(jobs.map((job) => job.Status)).toEqual(['Success', 'Fail', 'Fail']);
    expect(jobs[1].Code).toMatch(/^InvalidMedia\./);
    expect(jobs[2].Code).toMatch(/^InvalidMedia\./);
    const errorLines = result.stderr.trim().split('\n');
    expect(errorLines).toHaveLength(2);
    for (const line of errorLines) expect(line).toMatch(ERROR_LINE);
  });

  test('without --wait the same submit exits 0 and reports the failures in its summary', async () => {
    const result = await cli('submit', join(work, 'mixed'), '--db', dbId, '--save-type', 'nosave');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toMatch(/3 jobs finished: 1 Success, 2 Fail/);
  });
});
