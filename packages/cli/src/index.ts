/** Programmatic entry to the `mediadna` command line (the executable is `dist/bin.js`). */
export { runCli } from './main.js';
export type { CliEnvironment } from './main.js';
export { parseCommandLine, helpText, COMMANDS } from './args.js';
export type { ParsedCommand } from './args.js';
export { defaultDataDir } from './data-dir.js';
export type { DataDirEnvironment } from './data-dir.js';
export { collectInputs } from './collect.js';
export type { CollectedInput } from './collect.js';
export { ExitCode } from './errors.js';
export type { ExitCodeValue } from './errors.js';
export { formatTable } from './table.js';
