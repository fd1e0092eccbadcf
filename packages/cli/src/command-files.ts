/** `files list`, `files delete`. */
import type { ListDNAFilesResponse } from '@mediadna/core';
import type { ParsedCommand } from './args.js';
import { integerOption, stringOption } from './args.js';
import type { CliContext } from './context.js';
import type { ExitCodeValue } from './errors.js';
import { ExitCode } from './errors.js';
import { renderFiles } from './render.js';

/** `DeleteDNAFiles` takes at most this many keys per call. */
const MAX_KEYS_PER_DELETE = 50;

/** `files list DBID [--page-size N] [--next TOKEN] [--all]` → `ListDNAFiles` (every page with `--all`). */
export async function filesList(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const client = await context.client();
  const dbId = parsed.positionals[0];
  const pageSize = integerOption(parsed.values, 'page-size', 1, 100);
  let token = stringOption(parsed.values, 'next');
  let response: ListDNAFilesResponse = await client.ListDNAFiles({
    DBId: dbId,
    ...(pageSize !== undefined ? { PageSize: pageSize } : {}),
    ...(token !== undefined ? { NextPageToken: token } : {}),
  });
  if (parsed.values.all === true) {
    const files = [...response.FileList];
    while (response.NextPageToken) {
      token = response.NextPageToken;
      response = await client.ListDNAFiles({ DBId: dbId, PageSize: pageSize ?? 100, NextPageToken: token });
      files.push(...response.FileList);
    }
    response = { RequestId: response.RequestId, NextPageToken: '', FileList: files };
  }
  if (context.json) context.printJson(response);
  else context.stdout.write(renderFiles(response.FileList, response.NextPageToken));
  return ExitCode.Ok;
}

/** `files delete DBID KEY...` → `DeleteDNAFiles`, 50 keys per call. */
export async function filesDelete(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const client = await context.client();
  const [dbId, ...keys] = parsed.positionals;
  let response = { RequestId: '' };
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_DELETE) {
    response = await client.DeleteDNAFiles({ DBId: dbId, PrimaryKeys: keys.slice(start, start + MAX_KEYS_PER_DELETE).join(',') });
  }
  if (context.json) context.printJson(response);
  else context.stdout.write(`Deleted ${keys.length} file${keys.length === 1 ? '' : 's'} from ${dbId}\n`);
  return ExitCode.Ok;
}
