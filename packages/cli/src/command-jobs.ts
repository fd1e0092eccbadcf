/** `jobs`, `cancel`. */
import type { Job } from '@mediadna/core';
import type { ParsedCommand } from './args.js';
import { integerOption } from './args.js';
import type { CliContext } from './context.js';
import type { ExitCodeValue } from './errors.js';
import { ExitCode, formatError } from './errors.js';
import { renderJobs } from './render.js';

/** `QueryDNAJobList` takes at most this many ids per call. */
const MAX_IDS_PER_QUERY = 10;

/** True once a job can change no more. */
export function isFinished(job: Job): boolean {
  return job.Status === 'Success' || job.Status === 'Fail';
}

/**
 * `jobs JOBID... [--wait]` → `QueryDNAJobList` (10 ids per call, merged into one `JobList`).
 * Jobs left `Queuing`/`Analysing` by a process that died are re-run when the facade opens the
 * data dir; `--wait` waits for them here.
 */
export async function jobs(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const client = await context.client();
  const ids = parsed.positionals.flatMap((id) => id.split(',')).filter((id) => id !== '');
  const timeoutSeconds = integerOption(parsed.values, 'timeout', 1, 86_400 * 365);
  let requestId = '';
  const list: Job[] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_QUERY) {
    const response = await client.QueryDNAJobList({ JobIds: ids.slice(start, start + MAX_IDS_PER_QUERY).join(',') });
    requestId = response.RequestId;
    list.push(...response.JobList);
  }
  if (parsed.values.wait === true) {
    for (let index = 0; index < list.length; index++) {
      if (isFinished(list[index])) continue;
      list[index] = await client.waitForJob(list[index].Id, timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {});
    }
  }
  let status: ExitCodeValue = ExitCode.Ok;
  const found = new Set(list.map((job) => job.Id));
  for (const id of ids) {
    if (found.has(id)) continue;
    context.stderr.write(formatError({ code: 'InvalidParameter.ResourceNotFound', message: `The resource operated "${id}" cannot be found` }) + '\n');
    status = ExitCode.CallFailed;
  }
  if (context.json) context.printJson({ RequestId: requestId, JobList: list });
  else context.stdout.write(renderJobs(list));
  if (status === ExitCode.Ok && parsed.values.wait === true && list.some((job) => job.Status === 'Fail')) return ExitCode.JobFailed;
  return status;
}

/** `cancel JOBID` → `CancelDNAJob`. */
export async function cancel(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const client = await context.client();
  const response = await client.CancelDNAJob({ JobId: parsed.positionals[0] });
  if (context.json) context.printJson(response);
  else context.stdout.write(`Cancelled job ${response.JobId}\n`);
  return ExitCode.Ok;
}
