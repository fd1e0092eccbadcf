/**
 * Error codes of mediadna. The first group mirrors the cloud API's parameter errors and is
 * thrown as a {@link DnaError}; the second group names problems with the media itself and ends
 * a job `Fail` with that `Code` instead of throwing.
 */
export const DnaErrorCode = {
  // Thrown for bad parameters (cloud names).
  MissingParameter: 'MissingParameter',
  InvalidParameter: 'InvalidParameter',
  OutOfRange: 'InvalidParameter.OutOfRange',
  DBNotExist: 'InvalidParameter.DBNotExist',
  ResourceNotFound: 'InvalidParameter.ResourceNotFound',
  UUIDFormatInvalid: 'InvalidParameter.UUIDFormatInvalid',
  InternalError: 'InternalError',
  // Job failures: problems with the media, the input or the library (local names, cloud style).
  MediaEmpty: 'InvalidMedia.Empty',
  MediaTruncated: 'InvalidMedia.Truncated',
  MediaCorrupt: 'InvalidMedia.Corrupt',
  MediaUnsupported: 'InvalidMedia.UnsupportedFormat',
  MediaTooLarge: 'InvalidMedia.TooLarge',
  MediaTooManyPixels: 'InvalidMedia.TooManyPixels',
  MediaTooLong: 'InvalidMedia.TooLong',
  MediaNoContent: 'InvalidMedia.NoContent',
  MediaTypeMismatch: 'InvalidMedia.TypeMismatch',
  MediaTypeNotSupported: 'MediaType.NotSupported',
  InputNotFound: 'Input.NotFound',
  InputFetchFailed: 'Input.FetchFailed',
  InputTimeout: 'Input.Timeout',
  InputAccessDenied: 'Input.AccessDenied',
  PrimaryKeyExists: 'PrimaryKey.AlreadyExists',
  JobCancelled: 'Job.Cancelled',
  DecoderUnavailable: 'Decoder.Unavailable',
  LibraryIncompatible: 'Library.IncompatibleVersion',
} as const;
Object.freeze(DnaErrorCode);

/** Any value of {@link DnaErrorCode}. */
export type DnaErrorCodeValue = (typeof DnaErrorCode)[keyof typeof DnaErrorCode];

const httpStatusByCode: Readonly<Record<string, number>> = Object.freeze({
  MissingParameter: 400,
  InvalidParameter: 400,
  'InvalidParameter.OutOfRange': 400,
  'InvalidParameter.DBNotExist': 404,
  'InvalidParameter.ResourceNotFound': 404,
  'InvalidParameter.UUIDFormatInvalid': 400,
  InternalError: 500,
});

/**
 * The one error class of mediadna. `code` is a {@link DnaErrorCode} value; `Code` and `Message`
 * repeat it in the cloud's casing so an error can be serialised like a cloud error body.
 */
export class DnaError extends Error {
  readonly code: DnaErrorCodeValue;
  /** HTTP status a server would answer with (400 for parameters, 404 for missing resources, 500 otherwise). */
  readonly httpStatus: number;
  /** The offending value, kept for debugging (never serialised). */
  readonly value?: unknown;

  constructor(code: DnaErrorCodeValue, message: string, value?: unknown) {
    super(message);
    this.name = 'DnaError';
    this.code = code;
    this.httpStatus = httpStatusByCode[code] ?? 422;
    if (value !== undefined) this.value = value;
  }

  /** Cloud-style code. */
  get Code(): string {
    return this.code;
  }

  /** Cloud-style message. */
  get Message(): string {
    return this.message;
  }

  toJSON(): { Code: string; Message: string } {
    return { Code: this.code, Message: this.message };
  }
}

/**
 * Create a {@link DnaError} with a stack that starts at the caller, not inside this factory.
 * @example throw dnaError(DnaErrorCode.MissingParameter, '[mediadna] Name is required')
 */
export function dnaError(code: DnaErrorCodeValue, message: string, value?: unknown): DnaError {
  const error = new DnaError(code, message, value);
  const capture = (Error as { captureStackTrace?: (target: object, ctor: Function) => void }).captureStackTrace;
  if (capture) capture(error, dnaError);
  return error;
}

/** True when `error` is a {@link DnaError} (also across worker boundaries, by shape). */
export function isDnaError(error: unknown): error is DnaError {
  return error instanceof DnaError;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (value === null) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? 'array' : 'object';
  return String(value);
}

/**
 * The standard parameter error: `[mediadna] [where] Expected <what> for <option> but received <value> of type <type>`.
 */
export function invalidParameter(
  where: string,
  option: string,
  expected: string,
  value: unknown,
  code: DnaErrorCodeValue = DnaErrorCode.InvalidParameter,
): DnaError {
  const message = `[mediadna] [${where}] Expected ${expected} for ${option} but received ${describe(value)} of type ${typeof value}`;
  const error = new DnaError(code, message, value);
  const capture = (Error as { captureStackTrace?: (target: object, ctor: Function) => void }).captureStackTrace;
  if (capture) capture(error, invalidParameter);
  return error;
}
