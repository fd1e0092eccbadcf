/**
 * Result shaping: job records as the API shows them, a job's end states, and how an error
 * becomes a failed job's `Code` and `Message`.
 */
import { DnaErrorCode, dnaError, formatUtcTime } from '@mediadna/core';
import type { DNAResult, DnaError, Job } from '@mediadna/core';
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

/** A failed job's `Code` for an error: a `DnaError`'s code, else `InternalError`. */
export function failureCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (error as { name?: unknown } | null)?.name === 'DnaError' && typeof code === 'string' ? code : DnaErrorCode.InternalError;
}

/** A failed job's `Message` for an error (unexpected errors are marked as such). */
export function failureMessageOf(error: unknown): string {
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  return failureCodeOf(error) === DnaErrorCode.InternalError && !message.startsWith('[mediadna]') ? `[mediadna] [job] Unexpected error: ${message}` : message;
}

/** `PrimaryKey.AlreadyExists` for a job whose library already holds its key. */
export function primaryKeyExists(record: JobRecord): DnaError {
  return dnaError(
    DnaErrorCode.PrimaryKeyExists,
    `[mediadna] [job] Library ${record.dbId} already holds PrimaryKey ${JSON.stringify(record.primaryKey)}; nothing was overwritten (delete it with DeleteDNAFiles first, or use another key)`,
  );
}
