/**
 * `submit MEDIA... --db DBID`: bulk ingest and search.
 *
 * Jobs run in the facade's worker threads inside this process, so `submit` always stays until its
 * jobs have finished and their results are stored (a job left behind would only resume when the
 * data dir is next opened). Without `--wait` it prints each `{RequestId, JobId}` as soon as the job
 * is accepted and a summary at the end; with `--wait` it prints the finished jobs (with `DNAResult`)
 * in input order and exits 3 when any ended `Fail`.
 */
import type { DBInfo, Job, MediaType, SaveType } from '@mediadna/core';
import { DEFAULT_MEDIA_TYPE_OF_MODEL, DnaErrorCode, MEDIA_TYPES, SAVE_TYPES, dnaError } from '@mediadna/core';
import type { ParsedCommand } from './args.js';
import { integerOption, stringOption } from './args.js';
import { collectInputs, duplicateKeys } from './collect.js';
import type { DnaClient } from './client.js';
import type { CliContext } from './context.js';
import type { ExitCodeValue } from './errors.js';
import { ExitCode, UsageError, formatError } from './errors.js';
import { ProgressBar } from './progress.js';
import { renderJobs } from './render.js';

/** Jobs in flight at once unless `--concurrency` says otherwise. */
const DEFAULT_CONCURRENCY = 16;

/** The outcome of one input: its finished job, or the error of its submit or wait. */
type Outcome = { readonly job: Job } | { readonly error: unknown; readonly jobId?: string };

function parseExtraConfig(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UsageError('InvalidParameter', `Expected a JSON object for --config but received ${JSON.stringify(raw)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('InvalidParameter', `Expected a JSON object for --config but received ${JSON.stringify(raw)}`);
  }
  return value as Record<string, unknown>;
}

async function findLibrary(client: DnaClient, dbId: string): Promise<DBInfo> {
  const response = await client.ListDNADB({ DBIds: dbId });
  const library = response.DBList.find((entry) => entry.DBId === dbId);
  if (!library || library.Status === 'deleted') throw dnaError(DnaErrorCode.DBNotExist, 'The DNA database does not exist.', dbId);
  return library;
}

/** `submit MEDIA... --db DBID [--key K] [--media-type T] [--save-type S] [--user-data U] [--wait] [--json]`. */
export async function submit(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const values = parsed.values;
  const wait = values.wait === true;
  const dbId = stringOption(values, 'db');
  const saveType = stringOption(values, 'save-type') as SaveType | undefined;
  if (saveType !== undefined && !SAVE_TYPES.includes(saveType)) {
    throw new UsageError('InvalidParameter', `Expected one of ${SAVE_TYPES.join('|')} for --save-type but received ${JSON.stringify(saveType)}`);
  }
  let mediaType = stringOption(values, 'media-type') as MediaType | undefined;
  if (mediaType !== undefined && !MEDIA_TYPES.includes(mediaType)) {
    throw new UsageError('InvalidParameter', `Expected one of ${MEDIA_TYPES.join('|')} for --media-type but received ${JSON.stringify(mediaType)}`);
  }
  const extraConfig = parseExtraConfig(stringOption(values, 'config'));
  const concurrency = integerOption(values, 'concurrency', 1, 1024) ?? DEFAULT_CONCURRENCY;
  const timeoutSeconds = integerOption(values, 'timeout', 1, 86_400 * 365);
  const userData = stringOption(values, 'user-data');
  const templateId = stringOption(values, 'template');
  const pipelineId = stringOption(values, 'pipeline');

  const inputs = await collectInputs(parsed.positionals, stringOption(values, 'key'));
  if (inputs.length === 0) throw new UsageError('InvalidParameter', 'No files found in the given directories');
  if (saveType !== 'nosave') {
    const duplicates = duplicateKeys(inputs);
    if (duplicates.length > 0) {
      throw new UsageError('InvalidParameter', `PrimaryKey ${JSON.stringify(duplicates[0])} would be used for more than one input; submit those separately or use --key PREFIX`);
    }
  }

  const client = await context.client();
  if (dbId !== undefined) mediaType ??= DEFAULT_MEDIA_TYPE_OF_MODEL[(await findLibrary(client, dbId)).Model];
  const config = JSON.stringify({
    ...extraConfig,
    ...(saveType !== undefined ? { SaveType: saveType } : {}),
    ...(mediaType !== undefined ? { MediaType: mediaType } : {}),
  });

  const progress = new ProgressBar(context.stderr, inputs.length);
  const outcomes: (Outcome | undefined)[] = new Array(inputs.length);
  const inFlight = new Set<Promise<void>>();
  let printed = 0;
  const flush = (): void => {
    while (printed < outcomes.length && outcomes[printed] !== undefined) {
      const outcome = outcomes[printed++] as Outcome;
      if (wait && context.json && 'job' in outcome) context.printJson(outcome.job);
    }
  };
  const record = (index: number, outcome: Outcome): void => {
    outcomes[index] = outcome;
    const ok = 'job' in outcome && outcome.job.Status === 'Success';
    if ('error' in outcome) context.stderr.write(`${formatError(outcome.error)} (${inputs[index].primaryKey})\n`);
    else if (wait && !ok) context.stderr.write(`${outcome.job.Code}: ${outcome.job.Message} (job ${outcome.job.Id}, ${outcome.job.PrimaryKey})\n`);
    progress.tick(ok);
    flush();
  };

  for (let index = 0; index < inputs.length; index++) {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const input = inputs[index];
    let jobId: string;
    try {
      const response = await client.SubmitDNAJob({
        Input: { Type: input.type, Media: input.media },
        PrimaryKey: input.primaryKey,
        ...(dbId !== undefined ? { DBId: dbId } : {}),
        Config: config,
        ...(userData !== undefined ? { UserData: userData } : {}),
        ...(templateId !== undefined ? { TemplateId: templateId } : {}),
        ...(pipelineId !== undefined ? { PipelineId: pipelineId } : {}),
      });
      jobId = response.JobId;
      if (!wait) {
        if (context.json) context.printJson(response);
        else context.stdout.write(`${response.JobId}  ${input.primaryKey}\n`);
      }
    } catch (error) {
      record(index, { error });
      continue;
    }
    const finished: Promise<void> = client
      .waitForJob(jobId, timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {})
      .then(
        (job) => record(index, { job }),
        (error: unknown) => record(index, { error, jobId }),
      )
      .finally(() => inFlight.delete(finished));
    inFlight.add(finished);
  }
  await Promise.all(inFlight);
  progress.done();

  const all = outcomes as Outcome[];
  const jobsDone = all.flatMap((outcome) => ('job' in outcome ? [outcome.job] : []));
  const callFailures = all.length - jobsDone.length;
  const failedJobs = jobsDone.filter((job) => job.Status !== 'Success').length;
  if (wait && !context.json) context.stdout.write(renderJobs(jobsDone));
  if (!wait && !context.json && inputs.length > 0) {
    context.stderr.write(
      `${jobsDone.length} job${jobsDone.length === 1 ? '' : 's'} finished: ${jobsDone.length - failedJobs} Success, ${failedJobs} Fail` +
        (callFailures ? `, ${callFailures} not submitted` : '') +
        (failedJobs ? ' (details: mediadna jobs JOBID)' : '') +
        '\n',
    );
  }
  if (callFailures > 0) return ExitCode.CallFailed;
  if (wait && failedJobs > 0) return ExitCode.JobFailed;
  return ExitCode.Ok;
}
