/** Job records as the API shows them, and small job helpers. */
import { formatUtcTime } from '@mediadna/core';
import type { DNAResult, Job } from '@mediadna/core';
import type { JobRecord } from './records.js';

/** The API's Job (an element of `JobList`) for a record. `DNAResult` only on `Success`. */
export function toApiJob(record: JobRecord): Job {
  const job: Job = {
    Id: record.id,
    Status: record.status,
    Code: record.code,
    Message: record.message,
    CreationTime: record.creationTime,
    FinishTime: record.finishTime,
    DBId: record.dbId,
    PrimaryKey: record.primaryKey,
    UserData: record.userData,
    Config: record.config,
    Input: { Type: record.inputType, Media: record.inputMedia },
  };
  if (record.status === 'Success') job.DNAResult = structuredClone(record.result ?? {});
  return job;
}

/** True for `Success` and `Fail`. */
export function isFinishedStatus(status: string): boolean {
  return status === 'Success' || status === 'Fail';
}

/** The record of a failed job. */
export function failedJob(record: JobRecord, code: string, message: string): JobRecord {
  const { result: _result, ...rest } = record;
  return { ...rest, status: 'Fail', code, message, finishTime: formatUtcTime() };
}

/** The record of a successful job. */
export function succeededJob(record: JobRecord, result: DNAResult): JobRecord {
  return { ...record, status: 'Success', code: '', message: '', finishTime: formatUtcTime(), result };
}

/** True when a result holds at least one match under any key. */
export function hasMatches(result: DNAResult): boolean {
  for (const value of Object.values(result)) if (Array.isArray(value) && value.length > 0) return true;
  return false;
}
