// Command-line parsing, data-dir defaults and input collection of the built CLI (no facade needed).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectInputs, defaultDataDir, parseCommandLine } from '@mediadna/cli';

describe('parseCommandLine', () => {
  test('global --data before the command and command options after it', () => {
    const parsed = parseCommandLine(['--data', '/d', 'db', 'create', '--name', 'photos', '--model', 'Image', '--json']);
    expect(parsed.command).toBe('db create');
    expect(parsed.values).toMatchObject({ data: '/d', name: 'photos', model: 'Image', json: true });
    expect(parsed.positionals).toEqual([]);
  });

  test('submit collects every MEDIA positional', () => {
    const parsed = parseCommandLine(['submit', 'a.jpg', 'dir', '--db', 'x', '--wait', 'b.png']);
    expect(parsed.command).toBe('submit');
    expect(parsed.positionals).toEqual(['a.jpg', 'dir', 'b.png']);
    expect(parsed.values.wait).toBe(true);
  });

  test('files delete keeps DBID and keys', () => {
    const parsed = parseCommandLine(['files', 'delete', 'db1', 'k1', 'k2']);
    expect(parsed.command).toBe('files delete');
    expect(parsed.positionals).toEqual(['db1', 'k1', 'k2']);
  });

  test('no arguments and --help are help; --version alone is version', () => {
    expect(parseCommandLine([]).command).toBe('help');
    expect(parseCommandLine(['--help']).command).toBe('help');
    expect(parseCommandLine(['submit', '--help'])).toMatchObject({ command: 'help', positionals: ['submit'] });
    expect(parseCommandLine(['--version']).command).toBe('version');
  });

  test('unknown command, unknown option, option of another command and missing arguments are usage errors', () => {
    expect(() => parseCommandLine(['frobnicate'])).toThrow(/Unknown command "frobnicate"/);
    expect(() => parseCommandLine(['db', 'list', '--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(() => parseCommandLine(['db', 'list', '--wait'])).toThrow(/Unknown option '--wait'/);
    expect(() => parseCommandLine(['db', 'delete'])).toThrow(/Missing argument/);
    expect(() => parseCommandLine(['cancel', 'a', 'b'])).toThrow(/Unexpected argument "b"/);
    expect(() => parseCommandLine(['files'])).toThrow(/needs a subcommand/);
    try {
      parseCommandLine(['db', 'delete']);
    } catch (error) {
      expect((error as { code: string }).code).toBe('MissingParameter');
    }
  });
});

describe('defaultDataDir', () => {
  test('MEDIADNA_DATA wins everywhere', () => {
    expect(defaultDataDir({ MEDIADNA_DATA: '/x', XDG_DATA_HOME: '/y' }, 'linux', '/home/u')).toBe('/x');
  });
  test('Linux uses XDG_DATA_HOME when absolute, else ~/.local/share', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/mediadna');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.local/share/mediadna');
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/mediadna');
  });
  test('macOS uses Application Support', () => {
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/mediadna');
  });
});

describe('collectInputs', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mediadna-cli-collect-'));
    await mkdir(join(root, 'lib', 'sub'), { recursive: true });
    await writeFile(join(root, 'lib', 'b.jpg'), 'x');
    await writeFile(join(root, 'lib', 'a.jpg'), 'x');
    await writeFile(join(root, 'lib', '.DS_Store'), 'x');
    await writeFile(join(root, 'lib', 'sub', 'c.png'), 'x');
    await writeFile(join(root, 'single.jpg'), 'x');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  test('a single file needs --key and keeps it', async () => {
    await expect(collectInputs(['single.jpg'], undefined, root)).rejects.toThrow(/needs --key/);
    expect(await collectInputs(['single.jpg'], 'k1', root)).toEqual([
      { type: 'Media', media: join(root, 'single.jpg'), primaryKey: 'k1' },
    ]);
  });

  test('a directory is walked recursively, sorted, dot files skipped, keys relative to it', async () => {
    const inputs = await collectInputs(['lib'], undefined, root);
    expect(inputs.map((input) => input.primaryKey)).toEqual(['a.jpg', 'b.jpg', 'sub/c.png']);
    expect(inputs[2].media).toBe(join(root, 'lib', 'sub', 'c.png'));
  });

  test('several arguments: file keys are their names; --key is a prefix', async () => {
    const inputs = await collectInputs(['lib', 'single.jpg', 'oss://bucket/x/y.jpg'], 'p/', root);
    expect(inputs.map((input) => input.primaryKey)).toEqual(['p/a.jpg', 'p/b.jpg', 'p/sub/c.png', 'p/single.jpg', 'p/bucket/x/y.jpg']);
    expect(inputs[4]).toMatchObject({ type: 'OSS', media: 'oss://bucket/x/y.jpg' });
  });
});
