/** SubmitDNAJob, QueryDNAJobList, CancelDNAJob and the local waitForJob. */
import { DnaErrorCode, dnaError, invalidParameter, newRequestId } from '@mediadna/core';
import type { CancelDNAJobRequest, CancelDNAJobResponse, Job, QueryDNAJobListRequest, QueryDNAJobListResponse, SubmitDNAJobResponse } from '@mediadna/core';
import { assertOpen } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import { planJob, queuedJobRecord } from './job-config.js';
import type { LocalSubmitDNAJobRequest } from './job-config.js';
import { toApiJob } from './job-view.js';
import { isFinishedStatus } from './records.js';
import { defaultLibrary } from './library-operations.js';
import { MAX_QUERY_JOB_IDS, requireHexId, requireRequest, resourceNotFound, splitList } from './requests.js';

/** How often `waitForJob` polls the store for a job run by another process. */
const POLL_INTERVAL_MS = 200;

/** SubmitDNAJob: check, record the job `Queuing` durably, queue it, and return its id. */
export async function submitDNAJob(context: FacadeContext, request: LocalSubmitDNAJobRequest): Promise<SubmitDNAJobResponse> {
  const op = 'SubmitDNAJob';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const plan = await planJob(context, op, r);
  const release = context.scheduler.reserve(op);
  try {
    const library = plan.library ?? (await context.lock.run(() => defaultLibrary(context.store, plan.model)));
    const record = queuedJobRecord(plan, library, context.scheduler.runner);
    await context.scheduler.admit(record, plan.input.bytes, release);
    return { RequestId: newRequestId(), JobId: record.id };
  } finally {
    release();
  }
}

/** QueryDNAJobList: jobs by id (at most 10); unknown ids are left out. */
export async function queryDNAJobList(context: FacadeContext, request: QueryDNAJobListRequest): Promise<QueryDNAJobListResponse> {
  const op = 'QueryDNAJobList';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const ids = splitList(op, 'JobIds', r.JobIds, MAX_QUERY_JOB_IDS).map((id) => requireHexId(op, 'JobIds', id));
  const records = await context.store.getJobs(ids);
  return { RequestId: newRequestId(), JobList: records.map(toApiJob) };
}

/** CancelDNAJob: a job of this facade that is `Queuing` or `Analysing` ends `Fail` / `Job.Cancelled`. */
export async function cancelDNAJob(context: FacadeContext, request: CancelDNAJobRequest): Promise<CancelDNAJobResponse> {
  const op = 'CancelDNAJob';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const jobId = requireHexId(op, 'JobId', r.JobId);
  const active = context.scheduler.activeJob(jobId);
  if (active !== undefined && active.state === 'finalizing') await active.settled;
  if (active === undefined || active.finished) {
    const [record] = await context.store.getJobs([jobId]);
    if (record === undefined) throw resourceNotFound(jobId);
    if (isFinishedStatus(record.status)) {
      throw dnaError(DnaErrorCode.InvalidParameter, `[mediadna] [${op}] Job ${jobId} has already finished (${record.status}); only Queuing or Analysing jobs can be cancelled`, jobId);
    }
    throw dnaError(
      DnaErrorCode.InvalidParameter,
      `[mediadna] [${op}] Job ${jobId} is run by another process (pid ${record.runner?.pid ?? '?'}); cancel it there`,
      jobId,
    );
  }
  await context.scheduler.cancel(active);
  return { RequestId: newRequestId(), JobId: jobId };
}

/** waitForJob: the job once it is `Success` or `Fail` (polling the store for jobs of another process). */
export async function waitForJob(context: FacadeContext, jobId: string, options: { timeoutMs?: number }): Promise<Job> {
  const op = 'waitForJob';
  assertOpen(context, op);
  const id = requireHexId(op, 'JobId', jobId);
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0)) throw invalidParameter(op, 'timeoutMs', 'a number > 0', timeoutMs);
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  const timedOut = (status: string): Error =>
    dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] Job ${id} did not finish within ${timeoutMs} ms (it is ${status})`, id);
  const { scheduler, store } = context;
  for (;;) {
    const active = scheduler.activeJob(id);
    if (active !== undefined) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timedOut(active.record.status);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = await Promise.race([
        active.settled.then(() => false),
        new Promise<boolean>((resolve) => {
          if (Number.isFinite(remaining)) timer = setTimeout(() => resolve(true), remaining);
        }),
      ]);
      clearTimeout(timer);
      if (expired) throw timedOut(active.record.status);
      if (!isFinishedStatus(active.record.status)) {
        throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The facade was closed while waiting for job ${id} (it re-runs on the next open)`, id);
      }
      return toApiJob(active.record);
    }
    if (scheduler.closed) throw dnaError(DnaErrorCode.InternalError, `[mediadna] [${op}] The facade was closed while waiting for job ${id}`);
    const [record] = await store.getJobs([id]);
    if (record === undefined) throw resourceNotFound(id);
    if (isFinishedStatus(record.status)) return toApiJob(record);
    if (scheduler.activeJob(id) !== undefined) continue;
    // Run by another process sharing the data dir: poll.
    if (Date.now() >= deadline) throw timedOut(record.status);
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, Math.max(1, deadline - Date.now()))));
  }
}
