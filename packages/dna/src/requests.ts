/**
 * Parameter checks of the eight operations, in the cloud's error codes. Each throws a
 * `DnaError`; the facade calls them before touching the store.
 */
import {
  DnaErrorCode,
  MEDIA_TYPES,
  MODELS,
  SAVE_TYPES,
  dnaError,
  invalidParameter,
  isHexId,
  isPlainObject,
  utf8ByteLength,
} from '@mediadna/core';
import type { DnaError, MediaType, Model, SaveType } from '@mediadna/core';

/** Longest library `Name` in characters. */
export const MAX_NAME_LENGTH = 128;
/** Longest library `Description` in characters. */
export const MAX_DESCRIPTION_LENGTH = 1024;
/** Longest `PrimaryKey` in UTF-8 bytes. */
export const MAX_PRIMARY_KEY_BYTES = 1024;
/** Longest `UserData` in UTF-8 bytes (the cloud's limit). */
export const MAX_USER_DATA_BYTES = 128;
/** Most ids in one `QueryDNAJobList`. */
export const MAX_QUERY_JOB_IDS = 10;
/** Most keys in one `DeleteDNAFiles`. */
export const MAX_DELETE_KEYS = 50;
/** `ListDNAFiles` page size range and default. */
export const PAGE_SIZE_MIN = 1;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;

/** Longest `Config` JSON string in characters. */
const MAX_CONFIG_LENGTH = 65_536;
/** Deepest nesting of objects and arrays inside `Config`. */
const MAX_CONFIG_DEPTH = 32;
/** Keys that could reach an object's prototype if a consumer copied Config fields by name. */
const RESERVED_CONFIG_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The message the cloud sends for an unknown or deleted library. */
export const DB_NOT_EXIST_MESSAGE = 'The DNA database does not exist.';

/** `InvalidParameter.DBNotExist` for `dbId`. */
export function dbNotExist(dbId: string): DnaError {
  return dnaError(DnaErrorCode.DBNotExist, DB_NOT_EXIST_MESSAGE, dbId);
}

/** `InvalidParameter.ResourceNotFound` for `id`. */
export function resourceNotFound(id: string): DnaError {
  return dnaError(DnaErrorCode.ResourceNotFound, `The resource operated "${id}" cannot be found`, id);
}

/** True for a parameter left out: undefined, null or '' (the cloud treats them alike). */
export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}

/** Throw `MissingParameter` when `value` is undefined, null or ''. */
export function requireParameter(op: string, name: string, value: unknown): void {
  if (isAbsent(value)) {
    throw dnaError(DnaErrorCode.MissingParameter, `[mediadna] [${op}] The required parameter ${name} is missing`);
  }
}

/** A lone UTF-16 surrogate: not Unicode text, and stored as UTF-8 it would come back changed. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A string parameter that is well-formed Unicode (no lone surrogates). */
function checkString(op: string, name: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidParameter(op, name, 'a string', value);
  if (LONE_SURROGATE.test(value)) throw invalidParameter(op, name, 'well-formed Unicode text (no lone surrogate)', value);
  return value;
}

/** A string parameter (after the missing check). */
export function requireString(op: string, name: string, value: unknown): string {
  requireParameter(op, name, value);
  return checkString(op, name, value);
}

/** An optional string parameter; `undefined` stays `undefined`. */
export function optionalString(op: string, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkString(op, name, value);
}

/** A DBId or JobId: 32 lower-case hex characters, else `InvalidParameter.UUIDFormatInvalid`. */
export function requireHexId(op: string, name: string, value: unknown): string {
  const id = requireString(op, name, value);
  if (!isHexId(id)) throw invalidParameter(op, name, 'an id of 32 lower-case hex characters', id, DnaErrorCode.UUIDFormatInvalid);
  return id;
}

/**
 * A comma-separated list (the cloud's form) or, *local*, an array of strings. Empty items are
 * dropped; duplicates are kept once.
 */
export function splitList(op: string, name: string, value: unknown, max: number): string[] {
  requireParameter(op, name, value);
  let items: string[];
  if (typeof value === 'string') items = value.split(',').map((item) => item.trim());
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) items = value as string[];
  else throw invalidParameter(op, name, 'a comma-separated string', value);
  const unique = [...new Set(items.filter((item) => item.length > 0))];
  if (unique.length === 0) throw dnaError(DnaErrorCode.MissingParameter, `[mediadna] [${op}] The required parameter ${name} is empty`);
  if (unique.length > max) {
    throw invalidParameter(op, name, `at most ${max} items`, `${unique.length} items`, DnaErrorCode.OutOfRange);
  }
  return unique;
}

/** A request object, else `InvalidParameter` (an absent request is `MissingParameter`). */
export function requireRequest(op: string, request: unknown): Record<string, unknown> {
  if (request === undefined || request === null) throw dnaError(DnaErrorCode.MissingParameter, `[mediadna] [${op}] The request object is missing`);
  if (!isPlainObject(request)) throw invalidParameter(op, 'request', 'an object', request);
  return request;
}

/** `Model` of CreateDNADB (default `Video`). */
export function parseModel(op: string, value: unknown): Model {
  if (isAbsent(value)) return 'Video';
  if (!MODELS.includes(value as Model)) throw invalidParameter(op, 'Model', MODELS.join(' | '), value);
  return value as Model;
}

/** Library `Name`: 1..128 characters. */
export function parseName(op: string, value: unknown): string {
  const name = requireString(op, 'Name', value);
  if (name.length > MAX_NAME_LENGTH) throw invalidParameter(op, 'Name', `at most ${MAX_NAME_LENGTH} characters`, name, DnaErrorCode.OutOfRange);
  return name;
}

/** Library `Description`: up to 1024 characters, default ''. */
export function parseDescription(op: string, value: unknown): string {
  const description = optionalString(op, 'Description', value) ?? '';
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw invalidParameter(op, 'Description', `at most ${MAX_DESCRIPTION_LENGTH} characters`, description, DnaErrorCode.OutOfRange);
  }
  return description;
}

/** `PrimaryKey`: a non-empty string of at most 1024 UTF-8 bytes without control characters. */
export function parsePrimaryKey(op: string, value: unknown): string {
  const key = requireString(op, 'PrimaryKey', value);
  if (utf8ByteLength(key) > MAX_PRIMARY_KEY_BYTES) {
    throw invalidParameter(op, 'PrimaryKey', `at most ${MAX_PRIMARY_KEY_BYTES} bytes of UTF-8`, key, DnaErrorCode.OutOfRange);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalidParameter(op, 'PrimaryKey', 'a key without control characters', key);
  return key;
}

/** `UserData`: at most 128 bytes of UTF-8, default ''. */
export function parseUserData(op: string, value: unknown): string {
  const userData = optionalString(op, 'UserData', value) ?? '';
  const bytes = utf8ByteLength(userData);
  if (bytes > MAX_USER_DATA_BYTES) {
    throw invalidParameter(op, 'UserData', `at most ${MAX_USER_DATA_BYTES} bytes of UTF-8`, `${bytes} bytes`, DnaErrorCode.OutOfRange);
  }
  return userData;
}

/** `PageSize` of ListDNAFiles: an integer 1..100 (or its decimal string), default 20. */
export function parsePageSize(op: string, value: unknown): number {
  if (isAbsent(value)) return PAGE_SIZE_DEFAULT;
  const size = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof size !== 'number' || !Number.isInteger(size)) throw invalidParameter(op, 'PageSize', 'an integer', value);
  if (size < PAGE_SIZE_MIN || size > PAGE_SIZE_MAX) {
    throw invalidParameter(op, 'PageSize', `an integer in ${PAGE_SIZE_MIN}..${PAGE_SIZE_MAX}`, value, DnaErrorCode.OutOfRange);
  }
  return size;
}

/** Page tokens are the last listed file's sequence number, opaque to callers. */
export function encodePageToken(seq: number): string {
  return Buffer.from(`f:${seq}`, 'utf8').toString('base64url');
}

/** Decode a `NextPageToken`; '' or absent is the first page (0). */
export function decodePageToken(op: string, value: unknown): number {
  const token = optionalString(op, 'NextPageToken', value);
  if (token === undefined || token === '') return 0;
  const match = /^f:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match === null) throw invalidParameter(op, 'NextPageToken', 'a token from a previous ListDNAFiles response', token);
  return Number(match[1]);
}

/** The parsed `Config` of a job. */
export interface JobConfig {
  readonly saveType: SaveType;
  /** Absent when neither the template nor Config names one (the library's model decides). */
  readonly mediaType: MediaType | undefined;
  /** The remaining fields, for the engine. */
  readonly engineConfig: Readonly<Record<string, unknown>>;
}

/**
 * Refuse Config JSON nested deeper than {@link MAX_CONFIG_DEPTH} or holding a reserved key
 * (`__proto__`, `constructor`, `prototype`) at any depth. Walks with an explicit stack.
 */
function checkConfigShape(op: string, config: Record<string, unknown>): void {
  const pending: { value: unknown; depth: number; path: string }[] = [{ value: config, depth: 1, path: 'Config' }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth > MAX_CONFIG_DEPTH) {
      throw invalidParameter(op, 'Config', `JSON nested at most ${MAX_CONFIG_DEPTH} levels deep`, `deeper at ${item.path}`, DnaErrorCode.OutOfRange);
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (RESERVED_CONFIG_KEYS.has(key)) throw invalidParameter(op, `${item.path}.${key}`, 'a Config field name other than __proto__, constructor or prototype', key);
      pending.push({ value: child, depth: item.depth + 1, path: `${item.path}.${key}` });
    }
  }
}

/**
 * Parse `Config` (a JSON string) over a template's fields: Config wins. `SaveType` defaults to
 * `save`; an unknown SaveType or MediaType is `InvalidParameter`.
 */
export function parseConfig(op: string, value: unknown, template: Readonly<Record<string, unknown>> | undefined): JobConfig {
  let given: Record<string, unknown> = {};
  if (!isAbsent(value)) {
    if (typeof value !== 'string') throw invalidParameter(op, 'Config', 'a JSON string', value);
    if (value.length > MAX_CONFIG_LENGTH) {
      throw invalidParameter(op, 'Config', `a JSON string of at most ${MAX_CONFIG_LENGTH} characters`, `${value.length} characters`, DnaErrorCode.OutOfRange);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw dnaError(DnaErrorCode.InvalidParameter, `[mediadna] [${op}] Config is not valid JSON (${(error as Error).message}): ${value.slice(0, 80)}`, value);
    }
    if (!isPlainObject(parsed)) throw invalidParameter(op, 'Config', 'a JSON object', parsed);
    checkConfigShape(op, parsed);
    given = parsed;
  }
  const merged: Record<string, unknown> = { ...(template ?? {}), ...given };
  const { SaveType: saveType = 'save', MediaType: mediaType, ...engineConfig } = merged;
  if (!SAVE_TYPES.includes(saveType as SaveType)) throw invalidParameter(op, 'Config.SaveType', SAVE_TYPES.join(' | '), saveType);
  if (mediaType !== undefined && !MEDIA_TYPES.includes(mediaType as MediaType)) {
    throw invalidParameter(op, 'Config.MediaType', MEDIA_TYPES.join(' | '), mediaType);
  }
  return { saveType: saveType as SaveType, mediaType: mediaType as MediaType | undefined, engineConfig };
}
