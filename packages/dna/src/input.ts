/**
 * Job inputs: `Input` of SubmitDNAJob → a {@link JobSource} (at submit time, so a re-run after a
 * restart reads the same thing) → what a worker opens (at run time).
 *
 * `Media` resolution order: `http(s)://` and `file://` URLs; an existing file (relative paths
 * against the current directory); a media id when a `mediaResolver` is set; else a path (which
 * then fails `Input.NotFound`). `OSS` inputs map to `<ossRoot>/<bucket>/<object>` and never
 * escape `ossRoot`.
 */
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { DnaErrorCode, dnaError, invalidParameter, isPlainObject, resolveInsideRoot } from '@mediadna/core';
import type { InputFile } from '@mediadna/core';
import type { JobSource } from './records.js';
import type { MediaResolver } from './options.js';
import { requireParameter } from './requests.js';

/** `Input` of SubmitDNAJob; *local*: `Bytes` passes the media directly (then `Media` names it). */
export interface LocalJobInput {
  readonly Type: 'OSS' | 'Media';
  readonly Media: string;
  readonly Bytes?: Uint8Array;
}

/** What the worker opens: a path or URL, or bytes. */
export type WorkerInput =
  | { readonly kind: 'location'; readonly location: string; readonly root?: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name: string };

/** Longest `Input.Media` in characters (paths, URLs with signed queries, media ids). */
const MAX_MEDIA_LENGTH = 8192;

const OSS_URL = /^oss:\/\/([^/]+)\/(.+)$/;
const OSS_HTTP = /^https?:\/\/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.(oss-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com\/(.+)$/i;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Parse an OSS location: `oss://bucket/object` or `http(s)://bucket.oss-<region>.aliyuncs.com/object`. */
export function parseOssLocation(op: string, media: string): { bucket: string; object: string; location: string } {
  let bucket: string;
  let object: string;
  let location = 'local';
  const plain = OSS_URL.exec(media);
  const http = plain === null ? OSS_HTTP.exec(media) : null;
  if (plain !== null) {
    bucket = plain[1];
    object = plain[2];
  } else if (http !== null) {
    bucket = http[1].toLowerCase();
    location = http[2].toLowerCase();
    try {
      object = decodeURIComponent(http[3].split('?')[0]);
    } catch {
      throw invalidParameter(op, 'Input.Media', 'a URL-encoded OSS object name', media);
    }
  } else {
    throw invalidParameter(op, 'Input.Media', 'oss://bucket/object or https://bucket.oss-<region>.aliyuncs.com/object', media);
  }
  if (!BUCKET.test(bucket)) throw invalidParameter(op, 'Input.Media', 'an OSS bucket name (3-63 of a-z, 0-9, -)', bucket);
  if (object.length === 0) throw invalidParameter(op, 'Input.Media', 'an object name after the bucket', media);
  return { bucket, object, location };
}

/** The checked Input of a submit and where it will be read from. */
export interface ResolvedInput {
  readonly type: 'OSS' | 'Media';
  readonly media: string;
  readonly source: JobSource;
  readonly bytes?: Uint8Array;
}

/** Check `Input` and resolve it to a {@link JobSource} (throws `DnaError` for parameter problems only). */
export function resolveJobInput(op: string, input: unknown, ossRoot: string | undefined, resolver: MediaResolver | undefined): ResolvedInput {
  requireParameter(op, 'Input', input);
  if (!isPlainObject(input)) throw invalidParameter(op, 'Input', 'an object { Type, Media }', input);
  const type = input.Type;
  requireParameter(op, 'Input.Type', type);
  if (type !== 'OSS' && type !== 'Media') throw invalidParameter(op, 'Input.Type', '"OSS" or "Media"', type);
  const bytes = input.Bytes;
  if (bytes !== undefined && !(bytes instanceof Uint8Array)) throw invalidParameter(op, 'Input.Bytes', 'a Uint8Array', bytes);
  const media = input.Media;
  if (bytes !== undefined) {
    if (type !== 'Media') throw invalidParameter(op, 'Input.Type', '"Media" when Input.Bytes is given', type);
    if (media !== undefined && typeof media !== 'string') throw invalidParameter(op, 'Input.Media', 'a name for the bytes', media);
    const name = media === undefined || media === '' ? '<bytes>' : media;
    return { type, media: name, source: { kind: 'bytes', name }, bytes };
  }
  requireParameter(op, 'Input.Media', media);
  if (typeof media !== 'string') throw invalidParameter(op, 'Input.Media', 'a string', media);
  if (media.length > MAX_MEDIA_LENGTH) {
    throw invalidParameter(op, 'Input.Media', `a path, URL or media id of at most ${MAX_MEDIA_LENGTH} characters`, media, DnaErrorCode.OutOfRange);
  }
  if (type === 'OSS') {
    const { bucket, object, location } = parseOssLocation(op, media);
    if (ossRoot === undefined) {
      throw dnaError(
        DnaErrorCode.InvalidParameter,
        `[mediadna] [${op}] Input.Type "OSS" needs a local OSS root: pass ossRoot to createDna (objects are read from <ossRoot>/<bucket>/<object>)`,
        media,
      );
    }
    return { type, media, source: { kind: 'oss', bucket, object, location } };
  }
  if (/^https?:\/\//i.test(media)) return { type, media, source: { kind: 'url', url: media } };
  if (/^file:\/\//i.test(media)) return { type, media, source: { kind: 'url', url: media } };
  const path = resolve(media);
  if (resolver !== undefined && !existsSync(path)) return { type, media, source: { kind: 'id', id: media } };
  return { type, media, source: { kind: 'path', path } };
}

/** `InputFile` of a stored file (see README: Location is `local`, an OSS region, `http` or `media`). */
export function inputFileOf(source: JobSource): InputFile {
  switch (source.kind) {
    case 'path':
      return { Bucket: '', Location: 'local', Object: source.path };
    case 'url':
      return /^file:/i.test(source.url) ? { Bucket: '', Location: 'local', Object: source.url } : { Bucket: '', Location: 'http', Object: source.url };
    case 'oss':
      return { Bucket: source.bucket, Location: source.location, Object: source.object };
    case 'id':
      return { Bucket: '', Location: 'media', Object: source.id };
    case 'bytes':
      return { Bucket: '', Location: 'local', Object: source.name };
  }
}

/**
 * Refuse an OSS object that a symbolic link (the object or a folder on its way) leads out of the
 * OSS root: the names were checked, this checks where they point. A missing object is left to
 * fail `Input.NotFound` when opened.
 */
async function refuseLinksOutOf(root: string, path: string, object: string): Promise<void> {
  let realRoot: string;
  let realPath: string;
  try {
    realRoot = await realpath(root);
    realPath = await realpath(path);
  } catch {
    return;
  }
  if (realPath !== realRoot && !realPath.startsWith(realRoot + sep)) {
    throw dnaError(DnaErrorCode.InputAccessDenied, `[mediadna] [input] The OSS object ${JSON.stringify(object)} is a link that leads out of the OSS root; objects are read only from inside it`);
  }
}

/**
 * Resolve a job's source to what a worker opens (runs the media resolver; joins OSS paths
 * under the root). Throws `DnaError` with an `Input.*` code, which fails the job.
 */
export async function workerInputOf(
  source: JobSource,
  ossRoot: string | undefined,
  resolver: MediaResolver | undefined,
  loadBytes: () => Promise<Uint8Array | undefined>,
): Promise<WorkerInput> {
  switch (source.kind) {
    case 'path':
      return { kind: 'location', location: source.path };
    case 'url':
      return { kind: 'location', location: source.url };
    case 'oss': {
      if (ossRoot === undefined) {
        throw dnaError(DnaErrorCode.InputNotFound, '[mediadna] [input] This job reads OSS input but the facade was opened without ossRoot');
      }
      const root = resolve(ossRoot);
      const bucketDir = await resolveInsideRoot(root, source.bucket);
      const path = await resolveInsideRoot(bucketDir, source.object);
      await refuseLinksOutOf(root, path, source.object);
      return { kind: 'location', location: path, root };
    }
    case 'bytes': {
      const bytes = await loadBytes();
      if (bytes === undefined) throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] The bytes given for ${JSON.stringify(source.name)} are no longer held (submit again)`);
      return { kind: 'bytes', bytes, name: source.name };
    }
    case 'id': {
      if (resolver === undefined) {
        throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] ${JSON.stringify(source.id)} is not a file and no mediaResolver is set to resolve it as a media id`);
      }
      let resolved: string | Uint8Array;
      try {
        resolved = await resolver(source.id);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && code.includes('.')) throw error;
        throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] The media resolver failed for ${JSON.stringify(source.id)}: ${(error as Error).message}`);
      }
      if (resolved instanceof Uint8Array) return { kind: 'bytes', bytes: resolved, name: source.id };
      if (typeof resolved !== 'string' || resolved.length === 0) {
        throw dnaError(DnaErrorCode.InputNotFound, `[mediadna] [input] The media resolver returned nothing usable for ${JSON.stringify(source.id)}`);
      }
      return { kind: 'location', location: /^(https?|file):\/\//i.test(resolved) ? resolved : resolve(resolved) };
    }
  }
}
