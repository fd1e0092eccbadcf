/**
 * Which job runners are alive. Every queued or running job records its runner (process id and
 * facade instance); a facade opening the data dir re-runs only the jobs whose runner is gone: a
 * dead process, or a facade of this process that was closed.
 */
import type { JobRunner } from './records.js';

/** Open facades of this process (their queued jobs are not re-claimed). */
const liveInstances = new Set<string>();

/** Mark a facade of this process open. */
export function registerRunner(runner: JobRunner): void {
  liveInstances.add(runner.instance);
}

/** Mark a facade of this process closed: its unfinished jobs may be claimed by the next open. */
export function unregisterRunner(runner: JobRunner): void {
  liveInstances.delete(runner.instance);
}

/** True while the runner's facade (this process) or process (another one) is alive. */
export function isRunnerAlive(runner: JobRunner): boolean {
  if (runner.pid === process.pid) return liveInstances.has(runner.instance);
  try {
    process.kill(runner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
