/** CreateDNADB, ListDNADB, DeleteDNADB, and the library lookups other operations share. */
import { formatUtcTime, newHexId, newRequestId } from '@mediadna/core';
import type {
  CreateDNADBRequest,
  CreateDNADBResponse,
  DBInfo,
  DeleteDNADBRequest,
  ListDNADBRequest,
  ListDNADBResponse,
  Model,
  RequestIdResponse,
} from '@mediadna/core';
import { assertOpen } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import type { LibraryRecord } from './records.js';
import { dbNotExist, isAbsent, parseDescription, parseModel, parseName, requireHexId, requireRequest, splitList } from './requests.js';
import type { DnaStore } from './store.js';

/** Name of the library used when SubmitDNAJob has no DBId (one per Model, created on demand). */
export const DEFAULT_LIBRARY_NAME = 'default';

/** Most ids in one `ListDNADB` `DBIds`. */
const MAX_LIST_DB_IDS = 1000;

/** The API's `DBInfo` of a library. */
function dbInfo(library: LibraryRecord): DBInfo {
  return { DBId: library.dbId, Name: library.name, Description: library.description, Model: library.model, Status: library.status };
}

/** A library that exists and is not deleted, else `InvalidParameter.DBNotExist`. */
export async function liveLibrary(store: DnaStore, dbId: string): Promise<LibraryRecord> {
  const library = await store.getLibrary(dbId);
  if (library === undefined || library.status === 'deleted') throw dbNotExist(dbId);
  return library;
}

/** The `default` library of a Model, created when missing (call under the facade's lock). */
export async function defaultLibrary(store: DnaStore, model: Model): Promise<LibraryRecord> {
  const existing = (await store.listLibraries()).find(
    (library) => library.name === DEFAULT_LIBRARY_NAME && library.model === model && library.status !== 'deleted',
  );
  if (existing !== undefined) return existing;
  const library: LibraryRecord = {
    dbId: newHexId(),
    name: DEFAULT_LIBRARY_NAME,
    description: `${model} library created on demand for jobs submitted without DBId`,
    model,
    status: 'active',
    creationTime: formatUtcTime(),
  };
  await store.insertLibrary(library);
  return library;
}

/** CreateDNADB. */
export async function createDNADB(context: FacadeContext, request: CreateDNADBRequest): Promise<CreateDNADBResponse> {
  const op = 'CreateDNADB';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const name = parseName(op, r.Name);
  const model = parseModel(op, r.Model);
  const description = parseDescription(op, r.Description);
  const library: LibraryRecord = { dbId: newHexId(), name, description, model, status: 'active', creationTime: formatUtcTime() };
  await context.store.insertLibrary(library);
  return { RequestId: newRequestId(), DBInfo: dbInfo(library) };
}

/** ListDNADB: live libraries in creation order, or exactly those named by `DBIds` (deleted ones included). */
export async function listDNADB(context: FacadeContext, request: ListDNADBRequest): Promise<ListDNADBResponse> {
  const op = 'ListDNADB';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const libraries = await context.store.listLibraries();
  let list: LibraryRecord[];
  if (isAbsent(r.DBIds)) {
    list = libraries.filter((library) => library.status !== 'deleted');
  } else {
    const ids = new Set(splitList(op, 'DBIds', r.DBIds, MAX_LIST_DB_IDS).map((id) => requireHexId(op, 'DBIds', id)));
    list = libraries.filter((library) => ids.has(library.dbId));
  }
  return { RequestId: newRequestId(), DBList: list.map(dbInfo) };
}

/** DeleteDNADB: status `deleted`, files and index gone at once. */
export async function deleteDNADB(context: FacadeContext, request: DeleteDNADBRequest): Promise<RequestIdResponse> {
  const op = 'DeleteDNADB';
  assertOpen(context, op);
  const r = requireRequest(op, request);
  const dbId = requireHexId(op, 'DBId', r.DBId);
  await context.lock.run(async () => {
    await liveLibrary(context.store, dbId);
    await context.store.deleteLibrary(dbId);
    context.indexes.drop(dbId);
  });
  return { RequestId: newRequestId() };
}
