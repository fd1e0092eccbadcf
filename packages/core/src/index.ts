export {
  DnaError,
  DnaErrorCode,
  dnaError,
  invalidParameter,
  isDnaError,
} from './errors.js';
export type { DnaErrorCodeValue } from './errors.js';
export {
  popcount32,
  popcountWords,
  hammingDistance64,
  hammingDistance256,
  hammingDistanceWords,
  wordsToHex,
  hexToWords,
  getBit,
  setBit,
} from './bits.js';
export { lowerBound, upperBound } from './sorted.js';
export {
  MODELS,
  MEDIA_TYPES,
  SAVE_TYPES,
  MODEL_OF_MEDIA_TYPE,
  DEFAULT_MEDIA_TYPE_OF_MODEL,
} from './types.js';
export type {
  Model,
  MediaType,
  SaveType,
  DBStatus,
  JobStatus,
  DBInfo,
  JobInput,
  TimeRange,
  SegmentDetail,
  TimedMatch,
  ImageMatch,
  TextDetail,
  TextMatch,
  DNAResult,
  Job,
  InputFile,
  CreateDNADBRequest,
  CreateDNADBResponse,
  ListDNADBRequest,
  ListDNADBResponse,
  DeleteDNADBRequest,
  SubmitDNAJobRequest,
  SubmitDNAJobResponse,
  QueryDNAJobListRequest,
  QueryDNAJobListResponse,
  CancelDNAJobRequest,
  CancelDNAJobResponse,
  ListDNAFilesRequest,
  ListDNAFilesResponse,
  DeleteDNAFilesRequest,
  RequestIdResponse,
} from './types.js';
export { newRequestId, newHexId, isHexId, formatUtcTime, formatSeconds, formatSimilarity } from './ids.js';
export {
  isInteger,
  isNumber,
  inRange,
  isNonEmptyString,
  isPlainObject,
  isTypedArray,
  utf8ByteLength,
  checkNumberOption,
  checkBooleanOption,
} from './validate.js';
export { SNIFF_BYTES, sniffFormat, kindOfFormat } from './sniff.js';
export type { SniffedFormat, MediaKind } from './sniff.js';
export {
  openInput,
  readHead,
  readAllBytes,
  resolveInsideRoot,
  concatBytes,
  concatFloat32,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_FETCH_BYTES,
  DEFAULT_FETCH_TIMEOUT_MS,
} from './input.js';
export type { MediaSource, InputOptions } from './input.js';
export { base64Bytes, compileWasm, instantiateWasm, lazyWasm } from './wasm.js';
