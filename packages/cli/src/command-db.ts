/** `db create`, `db list`, `db delete`. */
import type { Model } from '@mediadna/core';
import type { ParsedCommand } from './args.js';
import { stringOption } from './args.js';
import type { CliContext } from './context.js';
import type { ExitCodeValue } from './errors.js';
import { ExitCode, UsageError } from './errors.js';
import { renderLibraries } from './render.js';

/** `db create --name NAME [--model M] [--description TEXT]` → `CreateDNADB`. */
export async function dbCreate(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const name = stringOption(parsed.values, 'name');
  if (name === undefined) throw new UsageError('MissingParameter', 'db create needs --name NAME');
  const model = stringOption(parsed.values, 'model') as Model | undefined;
  const description = stringOption(parsed.values, 'description');
  const client = await context.client();
  const response = await client.CreateDNADB({
    Name: name,
    ...(model !== undefined ? { Model: model } : {}),
    ...(description !== undefined ? { Description: description } : {}),
  });
  if (context.json) context.printJson(response);
  else context.stdout.write(renderLibraries([response.DBInfo]));
  return ExitCode.Ok;
}

/** `db list` → `ListDNADB`. */
export async function dbList(context: CliContext): Promise<ExitCodeValue> {
  const client = await context.client();
  const response = await client.ListDNADB({});
  if (context.json) context.printJson(response);
  else context.stdout.write(renderLibraries(response.DBList));
  return ExitCode.Ok;
}

/** `db delete DBID` → `DeleteDNADB`. */
export async function dbDelete(context: CliContext, parsed: ParsedCommand): Promise<ExitCodeValue> {
  const client = await context.client();
  const dbId = parsed.positionals[0];
  const response = await client.DeleteDNADB({ DBId: dbId });
  if (context.json) context.printJson(response);
  else context.stdout.write(`Deleted library ${dbId}\n`);
  return ExitCode.Ok;
}
