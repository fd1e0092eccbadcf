// The packages as an app gets them: `pnpm pack` every package (workspace:/catalog: specifiers are
// rewritten to versions), `npm install` the tarballs into an empty project, then run an image job
// from a plain ESM script, type-check a TS file against the shipped .d.ts, and run the bin.
//
// Speed: npm installs with --prefer-offline (the npm cache is reused across runs) and
// --ignore-scripts, so better-sqlite3 is not compiled again: the project pins the workspace's
// better-sqlite3 version through `overrides` and gets the native binary pnpm already built for it
// (same version, same Node). Without a workspace binary it falls back to `npm rebuild better-sqlite3`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const sample = join(repo, 'fixtures', 'images', 'samples', 'bridge.jpg');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let work: string;
let app: string;
let packageNames: string[] = [];

async function packAll(destination: string): Promise<string[]> {
  const directories = (await readdir(join(repo, 'packages'))).sort();
  const names: string[] = [];
  const commands: string[] = [];
  for (const directory of directories) {
    const root = join(repo, 'packages', directory);
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; private?: boolean };
    if (manifest.private) continue;
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error(`${manifest.name} is not built: run npm run build`);
    names.push(manifest.name);
    commands.push(`pnpm -C "${root}" pack --pack-destination "${destination}"`);
  }
  // One npx for all packages: npx costs ~1 s per call, `pnpm pack` ~30 ms.
  await run(npx, ['-y', '-p', 'pnpm@12.4.2', '-c', commands.join(' && ')], { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
  return names.sort();
}

function workspaceSqlite(): { version: string; binary: string } {
  const require = createRequire(join(repo, 'packages', 'dna', 'package.json'));
  const manifestPath = require.resolve('better-sqlite3/package.json');
  const version = (JSON.parse(require('node:fs').readFileSync(manifestPath, 'utf8')) as { version: string }).version;
  return { version, binary: join(dirname(manifestPath), 'build', 'Release', 'better_sqlite3.node') };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mediadna-pack-'));
  const tarballs = join(work, 'tarballs');
  app = join(work, 'app');
  await mkdir(tarballs);
  await mkdir(app);
  packageNames = await packAll(tarballs);
  const sqlite = workspaceSqlite();
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'mediadna-pack-app', private: true, type: 'module', overrides: { 'better-sqlite3': sqlite.version } }, null, 2),
  );
  const files = (await readdir(tarballs)).map((name) => join(tarballs, name));
  await run(npm, ['install', ...files, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
  const target = join(app, 'node_modules', 'better-sqlite3', 'build', 'Release');
  if (existsSync(sqlite.binary)) {
    await mkdir(target, { recursive: true });
    await copyFile(sqlite.binary, join(target, 'better_sqlite3.node'));
  } else {
    await run(npm, ['rebuild', 'better-sqlite3', '--loglevel=error'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
  }
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packed tarballs installed with npm', () => {
  test('manifests carry versions, not workspace: or catalog: specifiers, and ship .js with .d.ts', async () => {
    expect(packageNames).toContain('@mediadna/dna');
    for (const name of packageNames) {
      const root = join(app, 'node_modules', ...name.split('/'));
      const text = await readFile(join(root, 'package.json'), 'utf8');
      expect(text, name).not.toMatch(/"(workspace|catalog):/);
      expect(existsSync(join(root, 'dist', 'index.js')), name).toBe(true);
      expect(existsSync(join(root, 'dist', 'index.d.ts')), name).toBe(true);
    }
  });

  test('a plain ESM script stores an image and finds it again', async () => {
    const script = `
import { createDna } from '@mediadna/dna';
const dna = await createDna({ dataDir: process.argv[2] });
try {
  const { DBInfo } = await dna.CreateDNADB({ Name: 'pack', Model: 'Image' });
  const store = await dna.SubmitDNAJob({ Input: { Type: 'Media', Media: process.argv[3] }, PrimaryKey: 'bridge', DBId: DBInfo.DBId,
    Config: JSON.stringify({ SaveType: 'onlysave', MediaType: 'image' }) });
  const stored = await dna.waitForJob(store.JobId);
  const search = await dna.SubmitDNAJob({ Input: { Type: 'Media', Media: process.argv[3] }, PrimaryKey: 'query', DBId: DBInfo.DBId,
    Config: JSON.stringify({ SaveType: 'nosave', MediaType: 'image' }) });
  const found = await dna.waitForJob(search.JobId);
  const files = await dna.ListDNAFiles({ DBId: DBInfo.DBId });
  console.log(JSON.stringify({ stored: stored.Status, found, keys: files.FileList.map((file) => file.PrimaryKey) }));
} finally {
  await dna.close();
}
`;
    await writeFile(join(app, 'run.mjs'), script);
    const { stdout } = await run(process.execPath, ['run.mjs', join(work, 'data'), sample], { cwd: app });
    const result = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(result.stored).toBe('Success');
    expect(result.keys).toEqual(['bridge']);
    expect(result.found.Status).toBe('Success');
    expect(result.found.DNAResult.ImageDNA[0].PrimaryKey).toBe('bridge');
    expect(Number(result.found.DNAResult.ImageDNA[0].Similarity)).toBeGreaterThan(0.95);
  });

  test('a TypeScript file type-checks against the shipped declarations', async () => {
    const source = `
import { createDna } from '@mediadna/dna';
import { DnaError, DnaErrorCode, type Job, type DBInfo, type ImageMatch } from '@mediadna/core';

export async function topMatch(dataDir: string, dbId: string, path: string): Promise<ImageMatch | undefined> {
  const dna = await createDna({ dataDir });
  try {
    const { JobId } = await dna.SubmitDNAJob({ Input: { Type: 'Media', Media: path }, PrimaryKey: 'q', DBId: dbId,
      Config: JSON.stringify({ SaveType: 'nosave', MediaType: 'image' }) });
    const job: Job = await dna.waitForJob(JobId);
    const libraries: DBInfo[] = (await dna.ListDNADB({})).DBList;
    void libraries;
    return job.DNAResult?.ImageDNA?.[0];
  } catch (error) {
    if (error instanceof DnaError && error.code === DnaErrorCode.DBNotExist) return undefined;
    throw error;
  } finally {
    await dna.close();
  }
}
// @ts-expect-error Model is a closed union
export const wrong: DBInfo['Model'] = 'Photo';
`;
    await writeFile(join(app, 'check.ts'), source);
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true, // as most apps; checking every .d.ts (mostly @types/node) costs ~8 s here
          types: ['node'],
          typeRoots: [join(repo, 'node_modules', '@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }).catch((error: { stdout: string }) => error);
    expect((result as { stdout: string }).stdout).toBe('');
  });

  test('the installed mediadna bin runs', async () => {
    const bin = join(app, 'node_modules', '.bin', 'mediadna');
    const { stdout } = await run(bin, ['--data', join(work, 'data'), 'db', 'list', '--json'], { cwd: app });
    const response = JSON.parse(stdout) as { RequestId: string; DBList: { Name: string }[] };
    expect(response.DBList.map((library) => library.Name)).toEqual(['pack']);
  });
});
