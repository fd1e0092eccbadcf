/** Run one command line: parse, open the data dir lazily, dispatch, print errors as `Code: Message`. */
import { readFileSync } from 'node:fs';
import type { ParsedCommand } from './args.js';
import { commandHelp, helpText, integerOption, parseCommandLine, stringOption } from './args.js';
import type { OutputStream } from './context.js';
import { CliContext } from './context.js';
import { defaultDataDir } from './data-dir.js';
import type { ExitCodeValue } from './errors.js';
import { ExitCode, exitCodeOf, formatError } from './errors.js';

/** Streams and environment of a run; `process` by default. */
export interface CliEnvironment {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Handler = (context: CliContext, parsed: ParsedCommand) => Promise<ExitCodeValue>;

// Command modules are imported on demand so `--help` loads neither the facade nor core.
const handlers: Readonly<Record<string, () => Promise<Handler>>> = {
  'db create': async () => (await import('./command-db.js')).dbCreate,
  'db list': async () => (await import('./command-db.js')).dbList,
  'db delete': async () => (await import('./command-db.js')).dbDelete,
  submit: async () => (await import('./command-submit.js')).submit,
  jobs: async () => (await import('./command-jobs.js')).jobs,
  cancel: async () => (await import('./command-jobs.js')).cancel,
  'files list': async () => (await import('./command-files.js')).filesList,
  'files delete': async () => (await import('./command-files.js')).filesDelete,
};

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * Run `mediadna` with `argv` (without `node` and the script) and resolve to the exit status.
 * @example process.exitCode = await runCli(process.argv.slice(2))
 */
export async function runCli(
  argv: readonly string[],
  environment: CliEnvironment = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<ExitCodeValue> {
  let context: CliContext | undefined;
  let onInterrupt: (() => void) | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === 'help') {
      environment.stdout.write(parsed.positionals[0] ? commandHelp(parsed.positionals.join(' ')) : helpText());
      return ExitCode.Ok;
    }
    if (parsed.command === 'version') {
      environment.stdout.write(version() + '\n');
      return ExitCode.Ok;
    }
    const workers = integerOption(parsed.values, 'workers', 1, 256);
    const ossRoot = stringOption(parsed.values, 'oss-root') ?? environment.env.MEDIADNA_OSS_ROOT;
    context = new CliContext(environment.stdout, environment.stderr, parsed.values.json === true, {
      dataDir: stringOption(parsed.values, 'data') ?? defaultDataDir(environment.env),
      ...(ossRoot ? { ossRoot } : {}),
      ...(workers !== undefined ? { workers } : {}),
    });
    const open = context;
    onInterrupt = () => {
      environment.stderr.write('\nInterrupted: unfinished jobs stay queued and resume when the data dir is next opened.\n');
      void open.close().finally(() => process.exit(ExitCode.Interrupted));
    };
    process.once('SIGINT', onInterrupt);
    const handler = await handlers[parsed.command]();
    return await handler(context, parsed);
  } catch (error) {
    environment.stderr.write(formatError(error) + '\n');
    return exitCodeOf(error);
  } finally {
    if (onInterrupt) process.off('SIGINT', onInterrupt);
    if (context) {
      await context.close().catch((error: unknown) => {
        environment.stderr.write(formatError(error) + '\n');
      });
    }
  }
}
