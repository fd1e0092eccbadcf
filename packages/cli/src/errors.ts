/** Exit codes and error printing of the CLI. */

/** Exit statuses of `mediadna`. */
export const ExitCode = {
  /** Everything worked (and, with `--wait`, every job ended `Success`). */
  Ok: 0,
  /** A call failed: invalid parameters, unknown library or job, internal error. */
  CallFailed: 1,
  /** The command line itself is wrong (unknown command or option, missing argument). */
  Usage: 2,
  /** With `--wait`: every call worked but at least one job ended `Fail`. */
  JobFailed: 3,
  /** Interrupted by SIGINT; unfinished jobs stay queued and resume when the data dir is next opened. */
  Interrupted: 130,
} as const;

/** Any value of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake on the command line; printed as `Code: Message`, exit status 2. */
export class UsageError extends Error {
  readonly code: string;
  constructor(code: 'InvalidParameter' | 'MissingParameter', message: string) {
    super(message);
    this.name = 'UsageError';
    this.code = code;
  }
}

/** The `Code` of an error: a `DnaError`'s code, a usage error's code, else `InternalError`. */
export function errorCode(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown; Code?: unknown }).code ?? (error as { Code?: unknown }).Code;
    if (typeof code === 'string' && /^[A-Z][A-Za-z]*(\.[A-Za-z]+)*$/.test(code)) return code;
  }
  return 'InternalError';
}

/** One line `Code: Message` for stderr. */
export function formatError(error: unknown): string {
  const raw = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
  const message = typeof raw === 'string' ? raw : String(error);
  return `${errorCode(error)}: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

/** Exit status for an error thrown by a command. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof UsageError ? ExitCode.Usage : ExitCode.CallFailed;
}
