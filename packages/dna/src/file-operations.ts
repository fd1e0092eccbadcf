/** ListDNAFiles and DeleteDNAFiles. */
import { newRequestId } from '@mediadna/core';
import type { DeleteDNAFilesRequest, ListDNAFilesRequest, ListDNAFilesResponse, RequestIdResponse } from '@mediadna/core';
import { assertOpen } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import { liveLibrary } from './library-operations.js';
import { MAX_DELETE_KEYS, decodePageToken, encodePageToken, parsePageSize, requireHexId, requireRequest, splitList } from './requests.js';

/** ListDNAFiles: a page of files in storage order; `NextPageToken` is `''` on the last page. */
export async function listDNAFiles(context: FacadeContext, request: ListDNAFilesRequest): Promise<ListDNAFilesResponse> {
  const op = 'ListDNAFiles';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const dbId = requireHexId(op, 'DBId', r.DBId);
  const pageSize = parsePageSize(op, r.PageSize);
  const after = decodePageToken(op, r.NextPageToken);
  await liveLibrary(context.store, dbId);
  // One more than the page tells whether another page follows.
  const entries = await context.store.listFiles(dbId, after, pageSize + 1);
  const page = entries.slice(0, pageSize);
  const next = entries.length > pageSize ? encodePageToken(page[page.length - 1].seq) : '';
  return {
    RequestId: newRequestId(),
    NextPageToken: next,
    FileList: page.map((entry) => ({ PrimaryKey: entry.primaryKey, InputFile: { ...entry.inputFile } })),
  };
}

/** DeleteDNAFiles: remove files from the store and the index at once; unknown keys are ignored. */
export async function deleteDNAFiles(context: FacadeContext, request: DeleteDNAFilesRequest): Promise<RequestIdResponse> {
  const op = 'DeleteDNAFiles';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const dbId = requireHexId(op, 'DBId', r.DBId);
  const keys = splitList(op, 'PrimaryKeys', r.PrimaryKeys, MAX_DELETE_KEYS);
  await context.lock.run(async () => {
    await liveLibrary(context.store, dbId);
    const { deleted, revision } = await context.store.deleteFiles(dbId, keys);
    context.indexes.removed(dbId, deleted, revision);
  });
  return { RequestId: newRequestId() };
}
