/** Where the CLI keeps its libraries when `--data` is not given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variables consulted, in order of precedence. */
export interface DataDirEnvironment {
  readonly MEDIADNA_DATA?: string;
  readonly XDG_DATA_HOME?: string;
  readonly LOCALAPPDATA?: string;
  readonly APPDATA?: string;
}

/**
 * The per-user data directory: `MEDIADNA_DATA` when set, else
 * Linux/BSD `$XDG_DATA_HOME/mediadna` or `~/.local/share/mediadna`,
 * macOS `~/Library/Application Support/mediadna`, Windows `%LOCALAPPDATA%\mediadna`.
 * @example defaultDataDir(process.env, process.platform, os.homedir())
 */
export function defaultDataDir(
  env: DataDirEnvironment = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.MEDIADNA_DATA) return env.MEDIADNA_DATA;
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || env.APPDATA || join(home, 'AppData', 'Local');
    return join(base, 'mediadna');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'mediadna');
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(base, 'mediadna');
}
