/** Expand `submit` arguments (files, directories, URLs) into job inputs with their PrimaryKeys. */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';

/** One input of a bulk submit. */
export interface CollectedInput {
  /** `Input.Type` of the job. */
  readonly type: 'Media' | 'OSS';
  /** `Input.Media`: an absolute path for local files, otherwise the argument as given. */
  readonly media: string;
  /** The job's PrimaryKey. */
  readonly primaryKey: string;
}

const URL_PATTERN = /^(https?|file):\/\//i;
const OSS_PATTERN = /^oss:\/\//i;

/** True for names the directory walk skips: dot files and dot directories (`.DS_Store`, `.git`). */
function isHidden(name: string): boolean {
  return name.startsWith('.');
}

async function walk(directory: string, out: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      if (target?.isFile()) out.push(path);
    }
  }
}

function toKey(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Expand arguments into inputs. Directories are walked recursively (sorted, dot files skipped).
 * A single file needs `key`; with several inputs each key is the path relative to its argument
 * (a file argument's own name), prefixed by `key` when given. Arguments that are URLs, `oss://`
 * objects or paths that do not exist are passed through for the job to resolve (it ends `Fail`
 * with `Input.NotFound` when nothing is there).
 */
export async function collectInputs(args: readonly string[], key: string | undefined, cwd: string = process.cwd()): Promise<CollectedInput[]> {
  if (args.length === 0) throw new UsageError('MissingParameter', 'submit needs at least one MEDIA (file, directory or URL)');
  const found: { type: 'Media' | 'OSS'; media: string; relativeKey: string; fromDirectory: boolean }[] = [];
  for (const argument of args) {
    if (OSS_PATTERN.test(argument)) {
      found.push({ type: 'OSS', media: argument, relativeKey: argument.replace(OSS_PATTERN, ''), fromDirectory: false });
      continue;
    }
    if (URL_PATTERN.test(argument)) {
      const name = basename(new URL(argument).pathname) || argument;
      found.push({ type: 'Media', media: argument, relativeKey: name, fromDirectory: false });
      continue;
    }
    const absolute = resolve(cwd, argument);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const files: string[] = [];
      await walk(absolute, files);
      for (const file of files) {
        found.push({ type: 'Media', media: file, relativeKey: toKey(relative(absolute, file)), fromDirectory: true });
      }
    } else {
      found.push({ type: 'Media', media: info ? absolute : argument, relativeKey: basename(argument), fromDirectory: false });
    }
  }
  if (found.length === 1 && !found[0].fromDirectory) {
    if (!key) throw new UsageError('MissingParameter', 'submit of a single input needs --key PRIMARYKEY');
    return [{ type: found[0].type, media: found[0].media, primaryKey: key }];
  }
  return found.map((input) => ({ type: input.type, media: input.media, primaryKey: (key ?? '') + input.relativeKey }));
}

/** PrimaryKeys that occur more than once, for a clear error before anything is stored. */
export function duplicateKeys(inputs: readonly CollectedInput[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.primaryKey)) duplicates.add(input.primaryKey);
    seen.add(input.primaryKey);
  }
  return [...duplicates];
}
