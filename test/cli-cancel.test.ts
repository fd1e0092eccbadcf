// A submit killed mid-way leaves its job unfinished; `mediadna cancel` from the next process ends
// it `Fail` with `Job.Cancelled`, and `jobs` shows that.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bin, repo, runMediadna } from './cli-helpers.js';

let data: string;
const cli = (...args: string[]) => runMediadna(['--data', data, ...args]);

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), 'mediadna-cli-cancel-'));
});

afterAll(async () => {
  if (data) await rm(data, { recursive: true, force: true });
});

/** Start a bulk submit, SIGKILL it as soon as it prints its first JobId, resolve to that id. */
function submitAndKill(dbId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data', data, 'submit', join(repo, 'fixtures', 'images', 'samples'), '--db', dbId, '--concurrency', '1', '--json']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0 && !child.killed) {
        child.kill('SIGKILL');
        resolve((JSON.parse(out.slice(0, newline)) as { JobId: string }).JobId);
      }
    });
    child.on('exit', () => reject(new Error(`submit exited before printing a JobId: ${out}`)));
  });
}

test('cancel ends a job left unfinished by a killed submit', async () => {
  const created = await cli('db', 'create', '--name', 'cancel', '--model', 'Image', '--json');
  const dbId = (JSON.parse(created.stdout) as { DBInfo: { DBId: string } }).DBInfo.DBId;
  const jobId = await submitAndKill(dbId);
  const cancelled = await cli('cancel', jobId, '--json');
  expect(cancelled.stderr).toBe('');
  expect(cancelled.code).toBe(0);
  expect(JSON.parse(cancelled.stdout)).toMatchObject({ JobId: jobId });
  const jobs = await cli('jobs', jobId, '--json');
  const [job] = (JSON.parse(jobs.stdout) as { JobList: { Status: string; Code: string }[] }).JobList;
  expect(job).toMatchObject({ Status: 'Fail', Code: 'Job.Cancelled' });
  const again = await cli('cancel', jobId);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/^InvalidParameter: /); // a finished job cannot be cancelled
});
