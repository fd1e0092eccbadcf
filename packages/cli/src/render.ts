/** Human-readable output: libraries, jobs with their matches, files. */
import type { DBInfo, DNAResult, ImageMatch, InputFile, Job, TextMatch, TimedMatch } from '@mediadna/core';
import { formatTable } from './table.js';

/** How many `Detail` segments a row shows before `+N more`. */
const MAX_DETAILS_SHOWN = 3;

/** Table of libraries. */
export function renderLibraries(libraries: readonly DBInfo[]): string {
  if (libraries.length === 0) return 'No libraries.\n';
  return formatTable(
    ['DBId', 'Name', 'Model', 'Status', 'Description'],
    libraries.map((library) => [library.DBId, library.Name, library.Model, library.Status, library.Description ?? '']),
  );
}

/** Table of stored files; a hint for the next page when there is one. */
export function renderFiles(files: readonly { PrimaryKey: string; InputFile: InputFile }[], nextPageToken: string): string {
  let text =
    files.length === 0
      ? 'No files.\n'
      : formatTable(
          ['PrimaryKey', 'Input'],
          files.map((file) => [file.PrimaryKey, describeInputFile(file.InputFile)]),
        );
  if (nextPageToken) text += `More files: --next ${nextPageToken}\n`;
  return text;
}

function describeInputFile(file: InputFile | undefined): string {
  if (!file) return '';
  if (file.Bucket) return `oss://${file.Bucket}/${file.Object}`;
  return file.Object;
}

function range(start: string, duration: string, unit: string): string {
  const from = Number(start);
  const to = from + Number(duration);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return `${start}+${duration}${unit}`;
  return `${trimNumber(from)}-${trimNumber(to)}${unit}`;
}

function trimNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function limitDetails(parts: string[]): string {
  if (parts.length <= MAX_DETAILS_SHOWN) return parts.join('; ');
  return parts.slice(0, MAX_DETAILS_SHOWN).join('; ') + `; +${parts.length - MAX_DETAILS_SHOWN} more`;
}

function whereTimed(match: TimedMatch): string {
  return limitDetails(
    (match.Detail ?? []).map(
      (detail) =>
        `input ${range(detail.Input.Start, detail.Input.Duration, 's')} = library ${range(detail.Duplication.Start, detail.Duplication.Duration, 's')}`,
    ),
  );
}

function whereImage(match: ImageMatch): string {
  const parts: string[] = [];
  if (match.Transform && match.Transform !== 'identity') parts.push(match.Transform);
  if (match.Distance !== undefined) parts.push(`distance ${match.Distance}`);
  return parts.join(', ');
}

/** Text offsets: the input side is seconds for `asr` transcripts, characters for `text`; the library side is always characters of the stored text. */
function whereText(match: TextMatch, inputUnit: string): string {
  return limitDetails(
    (match.Detail ?? []).map((detail) => {
      const input = range(detail.InputFragment.Start, detail.InputFragment.Duration, inputUnit);
      const library = detail.DuplicationFragment
        ? range(detail.DuplicationFragment.Start, detail.DuplicationFragment.Duration, ' chars')
        : '?';
      return `input ${input} = library ${library}`;
    }),
  );
}

function mediaTypeOf(job: Job): string {
  try {
    const config = JSON.parse(job.Config || '{}') as { MediaType?: unknown };
    return typeof config.MediaType === 'string' ? config.MediaType : '';
  } catch {
    return '';
  }
}

/** One table row per match (or one row for a job without matches). */
export function jobRows(job: Job): string[][] {
  const head = [job.Id, job.PrimaryKey, job.Status];
  if (job.Status === 'Fail') return [[...head, '', '', '', `${job.Code}: ${job.Message}`]];
  if (job.Status !== 'Success') return [[...head, '', '', '', '']];
  const result: DNAResult = job.DNAResult ?? {};
  const rows: string[][] = [];
  const textInputUnit = mediaTypeOf(job) === 'asr' ? 's' : ' chars';
  const groups: [string, readonly (TimedMatch | ImageMatch | TextMatch)[] | undefined][] = [
    ['Video', result.VideoDNA],
    ['Audio', result.AudioDNA],
    ['Image', result.ImageDNA],
    ['Text', result.TextDNA],
  ];
  let keys = 0;
  for (const [kind, matches] of groups) {
    if (!matches) continue;
    keys++;
    for (const match of matches) {
      const where =
        kind === 'Image'
          ? whereImage(match as ImageMatch)
          : kind === 'Text'
            ? whereText(match as TextMatch, textInputUnit)
            : whereTimed(match as TimedMatch);
      rows.push([...head, kind, match.PrimaryKey, match.Similarity, where]);
    }
  }
  if (rows.length === 0) rows.push([...head, '', keys === 0 ? '(stored, not searched)' : '(no match)', '', '']);
  return rows;
}

/** Table of jobs with their matches: similarity and, for timed media, the copied ranges. */
export function renderJobs(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'No jobs.\n';
  return formatTable(
    ['JobId', 'PrimaryKey', 'Status', 'DNA', 'Match', 'Similarity', 'Where'],
    jobs.flatMap((job) => jobRows(job)),
  );
}
