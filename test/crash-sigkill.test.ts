/**
 * Crash safety of the DNA store: a child process storing files is killed with SIGKILL while
 * jobs are in flight; reopening loses no acknowledged file (a job whose Success the child
 * printed), the SQLite file passes integrity_check, every library's index matches its rows,
 * and the interrupted jobs re-run to completion.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createDna } from '../packages/dna/dist/index.js';

const CHILD = fileURLToPath(new URL('../packages/dna/test/fixtures/crash-child.mjs', import.meta.url));
const ENGINE = fileURLToPath(new URL('../packages/dna/test/fixtures/fake-engine.mjs', import.meta.url));
const TOTAL = 150;

/** better-sqlite3, resolved from the dna package that depends on it (the root does not). */
interface RawDatabase {
  pragma(source: string, options?: { simple: boolean }): unknown;
  prepare(source: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(new URL('../packages/dna/package.json', import.meta.url))('better-sqlite3') as new (
  path: string,
  options?: { readonly?: boolean },
) => RawDatabase;

/** Run the child until it has acknowledged `killAfter` more files, then SIGKILL it. Returns the keys it acknowledged. */
function runAndKill(dataDir: string, dbId: string, killAfter: number): Promise<{ acked: string[]; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, ENGINE, dbId, String(TOTAL)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let finished = false;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('ACK ')) acked.push(line.slice(4));
        if (line === 'DONE') finished = true;
        if (acked.length === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve({ acked, finished });
    });
  });
}

describe('crash: SIGKILL while storing', () => {
  it('loses no acknowledged file, keeps the store consistent, and re-runs the interrupted jobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mediadna-crash-'));
    try {
      const setup = await createDna({ dataDir: dir, workers: 1, engines: { Image: ENGINE } });
      const dbId = (await setup.CreateDNADB({ Name: 'crash', Model: 'Image' })).DBInfo.DBId;
      await setup.close();

      const acknowledged = new Set<string>();
      for (const killAfter of [25, 40]) {
        const { acked, finished } = await runAndKill(dir, dbId, killAfter);
        expect(finished).toBe(false);
        expect(acked.length).toBeGreaterThanOrEqual(killAfter);
        for (const key of acked) acknowledged.add(key);

        // Straight after the kill, with raw SQLite: the file is sound and holds every acknowledged key.
        const db = new Database(join(dir, 'mediadna.db'));
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const keys = new Set((db.prepare('SELECT primary_key FROM files WHERE db_id = ?').all(dbId) as { primary_key: string }[]).map((r) => r.primary_key));
          for (const key of acknowledged) expect(keys.has(key), `acknowledged ${key} is stored`).toBe(true);
          // A finished job and its file are committed together.
          const orphans = db
            .prepare("SELECT count(*) AS n FROM jobs j WHERE j.status = 'Success' AND NOT EXISTS (SELECT 1 FROM files f WHERE f.db_id = j.db_id AND f.primary_key = j.primary_key)")
            .get() as { n: number };
          expect(orphans.n).toBe(0);
        } finally {
          db.close();
        }
      }

      // Reopen: interrupted jobs re-run, and everything ends stored once, searchable, consistent.
      const dna = await createDna({ dataDir: dir, workers: 1, engines: { Image: ENGINE } });
      try {
        await dna.idle();
        expect(await dna.check()).toEqual({ ok: true, problems: [] });
        const keys: string[] = [];
        for (let token = ''; ; ) {
          const page = await dna.ListDNAFiles({ DBId: dbId, PageSize: 100, NextPageToken: token });
          keys.push(...page.FileList.map((f) => f.PrimaryKey));
          token = page.NextPageToken;
          if (token === '') break;
        }
        for (const key of acknowledged) expect(keys).toContain(key);
        expect(new Set(keys).size).toBe(keys.length);
        // Every job the two children submitted either finished or re-ran; none is left unfinished.
        const raw = new Database(join(dir, 'mediadna.db'), { readonly: true });
        const unfinished = raw.prepare("SELECT count(*) AS n FROM jobs WHERE status IN ('Queuing', 'Analysing')").get() as { n: number };
        raw.close();
        expect(unfinished.n).toBe(0);
        // The rebuilt index finds an acknowledged file by its fingerprint.
        const i = Number([...acknowledged][0].slice(1));
        const hex = (0x10000 + i * 7919).toString(16).padStart(16, '0');
        const { JobId } = await dna.SubmitDNAJob({
          DBId: dbId,
          PrimaryKey: 'probe',
          Config: '{"SaveType":"nosave","MaxDistance":0}',
          Input: { Type: 'Media', Media: 'probe', Bytes: new TextEncoder().encode(`FAKE ${hex}`) },
        });
        expect((await dna.waitForJob(JobId)).DNAResult?.ImageDNA?.map((m) => m.PrimaryKey)).toEqual([`k${i}`]);
      } finally {
        await dna.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
