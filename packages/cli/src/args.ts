/** Command-line parsing with `node:util` `parseArgs`: global options, command words, command options. */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type OptionSpec = { type: 'string' | 'boolean'; short?: string };
type OptionSpecs = Record<string, OptionSpec>;

/** Options accepted before or after any command. */
const GLOBAL_OPTIONS: OptionSpecs = {
  data: { type: 'string' },
  'oss-root': { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** One command: its words, options, positional count and usage line. */
interface CommandSpec {
  readonly options: OptionSpecs;
  readonly minPositionals: number;
  readonly maxPositionals: number;
  readonly usage: string;
}

/** The command table; the usage lines are the contract of api.md ("Command line"). */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = Object.freeze({
  'db create': {
    options: { name: { type: 'string' }, model: { type: 'string' }, description: { type: 'string' } },
    minPositionals: 0,
    maxPositionals: 0,
    usage: 'db create --name NAME [--model Video|Audio|Image|Text] [--description TEXT] [--json]',
  },
  'db list': { options: {}, minPositionals: 0, maxPositionals: 0, usage: 'db list [--json]' },
  'db delete': { options: {}, minPositionals: 1, maxPositionals: 1, usage: 'db delete DBID [--json]' },
  submit: {
    options: {
      db: { type: 'string' },
      key: { type: 'string' },
      'media-type': { type: 'string' },
      'save-type': { type: 'string' },
      'user-data': { type: 'string' },
      config: { type: 'string' },
      template: { type: 'string' },
      pipeline: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      wait: { type: 'boolean' },
    },
    minPositionals: 1,
    maxPositionals: Infinity,
    usage:
      'submit MEDIA... --db DBID [--key PRIMARYKEY] [--media-type TYPE] [--save-type TYPE]\n' +
      '                [--user-data TEXT] [--config JSON] [--template ID] [--pipeline ID]\n' +
      '                [--concurrency N] [--wait [--timeout SECONDS]] [--json]',
  },
  jobs: {
    options: { wait: { type: 'boolean' }, timeout: { type: 'string' } },
    minPositionals: 1,
    maxPositionals: Infinity,
    usage: 'jobs JOBID... [--wait [--timeout SECONDS]] [--json]',
  },
  cancel: { options: {}, minPositionals: 1, maxPositionals: 1, usage: 'cancel JOBID [--json]' },
  'files list': {
    options: { 'page-size': { type: 'string' }, next: { type: 'string' }, all: { type: 'boolean' } },
    minPositionals: 1,
    maxPositionals: 1,
    usage: 'files list DBID [--page-size N] [--next TOKEN] [--all] [--json]',
  },
  'files delete': { options: {}, minPositionals: 2, maxPositionals: Infinity, usage: 'files delete DBID KEY... [--json]' },
});

const GROUPS: ReadonlySet<string> = new Set(['db', 'files']);

/** A parsed command line. */
export interface ParsedCommand {
  /** `"db create"`, `"submit"`, …; `"help"` or `"version"` for those requests. */
  readonly command: string;
  /** Positionals after the command words. */
  readonly positionals: readonly string[];
  /** Option values by long name. */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

/** The full help text. */
export function helpText(): string {
  const lines = Object.values(COMMANDS).map((spec) => `  mediadna [--data DIR] ${spec.usage}`);
  return [
    'mediadna: local media fingerprinting (DNA) from the command line',
    '',
    'Usage:',
    ...lines,
    '',
    'Global options:',
    '  --data DIR        data directory (default: $MEDIADNA_DATA, else the per-user data directory)',
    '  --oss-root DIR    directory that stands for OSS: oss://bucket/object is DIR/bucket/object',
    '  --workers N       worker threads for jobs',
    '  --json            print the response objects as JSON',
    '  -h, --help        this help; -v, --version  the version',
    '',
    'submit waits until its jobs have finished (results are stored); without --wait it prints the',
    'JobIds at once and a summary at the end, with --wait the matches. Exit status: 0 ok, 1 a call',
    'failed, 2 bad command line, 3 (--wait) a job ended Fail.',
    '',
  ].join('\n');
}

/** Help for one command. */
export function commandHelp(command: string): string {
  const spec = COMMANDS[command];
  return spec ? `Usage: mediadna [--data DIR] ${spec.usage}\n` : helpText();
}

function findCommandWords(argv: readonly string[]): string[] {
  // A lenient pass that knows only the global options, to find the command words.
  const { positionals } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, allowPositionals: true, strict: false });
  return positionals;
}

/**
 * Parse `argv` (without `node` and the script). Throws {@link UsageError} for unknown commands
 * or options and wrong positional counts.
 * @example parseCommandLine(['--data', '/tmp/d', 'db', 'list', '--json'])
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const words = findCommandWords(argv);
  let command = words[0] ?? '';
  if (GROUPS.has(command)) command = words[1] ? `${command} ${words[1]}` : command;
  const spec = COMMANDS[command];
  if (!spec) {
    const { values } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, allowPositionals: true, strict: false });
    if (values.version && words.length === 0) return { command: 'version', positionals: [], values: {} };
    if (values.help || words.length === 0 || command === 'help') return { command: 'help', positionals: words.slice(1), values: {} };
    if (GROUPS.has(command)) throw new UsageError('MissingParameter', `"${command}" needs a subcommand; see mediadna --help`);
    throw new UsageError('InvalidParameter', `Unknown command "${words.slice(0, 2).join(' ')}"; see mediadna --help`);
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...GLOBAL_OPTIONS, ...spec.options },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, '');
    throw new UsageError('InvalidParameter', `${reason} (see mediadna ${command} --help)`);
  }
  if (parsed.values.help) return { command: 'help', positionals: [command], values: {} };
  const positionals = parsed.positionals.slice(command.split(' ').length);
  if (positionals.length < spec.minPositionals || positionals.length > spec.maxPositionals) {
    const problem = positionals.length < spec.minPositionals ? 'Missing argument' : `Unexpected argument "${positionals[spec.maxPositionals]}"`;
    throw new UsageError(
      positionals.length < spec.minPositionals ? 'MissingParameter' : 'InvalidParameter',
      `${problem} (usage: mediadna ${spec.usage.replace(/\n\s+/g, ' ')})`,
    );
  }
  return { command, positionals, values: parsed.values };
}

/** A string option as a positive integer, or `undefined` when absent. */
export function integerOption(values: ParsedCommand['values'], name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError('InvalidParameter', `Expected an integer ${min}..${max} for --${name} but received ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A string option, or `undefined`. */
export function stringOption(values: ParsedCommand['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
