/**
 * Finding a system `ffmpeg`/`ffprobe` on PATH (or named by `MEDIADNA_FFMPEG`/`MEDIADNA_FFPROBE`).
 * The answer is cached per process; `MEDIADNA_FFMPEG=none` disables the system backend.
 */

/** A usable system ffmpeg. */
export interface SystemFfmpeg {
  /** Command or path of ffmpeg. */
  readonly ffmpeg: string;
  /** Command or path of ffprobe. */
  readonly ffprobe: string;
  /** First line of `ffmpeg -version`, e.g. `ffmpeg version 5.1.9-0+deb12u1`. */
  readonly version: string;
}

let cached: Promise<SystemFfmpeg | null> | undefined;

function runVersion(command: string): Promise<string | null> {
  return import('node:child_process').then(
    ({ execFile }) =>
      new Promise<string | null>((resolve) => {
        execFile(command, ['-hide_banner', '-version'], { timeout: 10_000, windowsHide: true }, (error, stdout) => {
          if (error) resolve(null);
          else resolve(String(stdout).split('\n')[0].trim());
        });
      }),
    () => null,
  );
}

async function locate(): Promise<SystemFfmpeg | null> {
  if (typeof process === 'undefined' || !process.versions?.node) return null;
  const ffmpeg = process.env.MEDIADNA_FFMPEG ?? 'ffmpeg';
  if (ffmpeg === 'none' || ffmpeg === '') return null;
  const ffprobe = process.env.MEDIADNA_FFPROBE ?? (ffmpeg === 'ffmpeg' ? 'ffprobe' : ffmpeg.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1'));
  const [version, probeVersion] = await Promise.all([runVersion(ffmpeg), runVersion(ffprobe)]);
  if (version === null || probeVersion === null) return null;
  return { ffmpeg, ffprobe, version };
}

/**
 * The system ffmpeg and ffprobe, or `null` when either is missing (or in a browser).
 * @example const system = await findSystemFfmpeg(); if (system) console.log(system.version)
 */
export function findSystemFfmpeg(): Promise<SystemFfmpeg | null> {
  cached ??= locate();
  return cached;
}

/** Forget the cached answer (tests that change `MEDIADNA_FFMPEG`). */
export function resetSystemFfmpegCache(): void {
  cached = undefined;
}
