/**
 * Request and response shapes of the DNA API (see shared/design/api.md), with the cloud's names.
 * Numbers travel as strings where the cloud sends strings (`Similarity`, `Start`, `Duration`).
 */

/** Library model. */
export type Model = 'Video' | 'Audio' | 'Image' | 'Text';
/** Media type of a job; must fit the library's {@link Model}. */
export type MediaType = 'video' | 'audio' | 'image' | 'text' | 'asr';
/** What a job does with the library: search, store, or both (see the SaveType table in api.md). */
export type SaveType = 'nosave' | 'save' | 'forcesave' | 'onlysave';
/** Library status. */
export type DBStatus = 'offline' | 'active' | 'deleted';
/** Job status (British spelling, as the cloud). */
export type JobStatus = 'Queuing' | 'Analysing' | 'Success' | 'Fail';

/** The models, as a frozen whitelist. */
export const MODELS: readonly Model[] = Object.freeze(['Video', 'Audio', 'Image', 'Text'] as Model[]);
/** The media types, as a frozen whitelist. */
export const MEDIA_TYPES: readonly MediaType[] = Object.freeze(['video', 'audio', 'image', 'text', 'asr'] as MediaType[]);
/** The save types, as a frozen whitelist. */
export const SAVE_TYPES: readonly SaveType[] = Object.freeze(['nosave', 'save', 'forcesave', 'onlysave'] as SaveType[]);
/** Which library model each media type needs. */
export const MODEL_OF_MEDIA_TYPE: Readonly<Record<MediaType, Model>> = Object.freeze({
  video: 'Video',
  audio: 'Audio',
  image: 'Image',
  text: 'Text',
  asr: 'Text',
});
/** The media type a library model defaults to. */
export const DEFAULT_MEDIA_TYPE_OF_MODEL: Readonly<Record<Model, MediaType>> = Object.freeze({
  Video: 'video',
  Audio: 'audio',
  Image: 'image',
  Text: 'text',
});

/** One library. */
export interface DBInfo {
  DBId: string;
  Name: string;
  Description: string;
  Model: Model;
  Status: DBStatus;
}

/** Where the media of a job comes from. */
export interface JobInput {
  Type: 'OSS' | 'Media';
  Media: string;
}

/** A time range in seconds, as strings ("2.0"). */
export interface TimeRange {
  Start: string;
  Duration: string;
}

/** One copied segment of a video or audio match. */
export interface SegmentDetail {
  Input: TimeRange;
  Duplication: TimeRange;
}

/** A match in a Video or Audio library. */
export interface TimedMatch {
  PrimaryKey: string;
  Similarity: string;
  Detail: SegmentDetail[];
}

/** A match in an Image library. `Detail` is always empty. */
export interface ImageMatch {
  PrimaryKey: string;
  Similarity: string;
  Detail: [];
  /** *local*: Hamming distance of the best hash pair. */
  Distance?: number;
  /** *local*: the transform under which the query matched (`"flip"`, `"rotate90"`, …). */
  Transform?: string;
}

/** One copied passage of a text match. Offsets are characters for `text`, seconds for `asr`. */
export interface TextDetail {
  Similarity: string;
  InputText: string;
  DuplicationText: string;
  InputFragment: TimeRange;
  /** *local* */
  DuplicationFragment: TimeRange;
}

/** A match in a Text library. */
export interface TextMatch {
  PrimaryKey: string;
  Similarity: string;
  Detail: TextDetail[];
}

/** The parsed result of a successful job. `{}` for `onlysave`. */
export interface DNAResult {
  VideoDNA?: TimedMatch[];
  AudioDNA?: TimedMatch[];
  ImageDNA?: ImageMatch[];
  TextDNA?: TextMatch[];
}

/** An element of `JobList`. */
export interface Job {
  Id: string;
  Status: JobStatus;
  Code: string;
  Message: string;
  CreationTime: string;
  FinishTime: string;
  DBId: string;
  PrimaryKey: string;
  UserData: string;
  Config: string;
  Input: JobInput;
  DNAResult?: DNAResult;
}

/** `InputFile` of a stored file. */
export interface InputFile {
  Bucket: string;
  Location: string;
  Object: string;
}

// ---- requests and responses of the eight operations ----

export interface CreateDNADBRequest {
  Name: string;
  Model?: Model;
  Description?: string;
}
export interface CreateDNADBResponse {
  RequestId: string;
  DBInfo: DBInfo;
}
export interface ListDNADBRequest {
  DBIds?: string;
}
export interface ListDNADBResponse {
  RequestId: string;
  DBList: DBInfo[];
}
export interface DeleteDNADBRequest {
  DBId: string;
}
export interface SubmitDNAJobRequest {
  Input: JobInput;
  PrimaryKey: string;
  DBId?: string;
  Config?: string;
  TemplateId?: string;
  PipelineId?: string;
  UserData?: string;
}
export interface SubmitDNAJobResponse {
  RequestId: string;
  JobId: string;
}
export interface QueryDNAJobListRequest {
  JobIds: string;
}
export interface QueryDNAJobListResponse {
  RequestId: string;
  JobList: Job[];
}
export interface CancelDNAJobRequest {
  JobId: string;
}
export interface CancelDNAJobResponse {
  RequestId: string;
  JobId: string;
}
export interface ListDNAFilesRequest {
  DBId: string;
  PageSize?: number;
  NextPageToken?: string;
}
export interface ListDNAFilesResponse {
  RequestId: string;
  NextPageToken: string;
  FileList: { PrimaryKey: string; InputFile: InputFile }[];
}
export interface DeleteDNAFilesRequest {
  DBId: string;
  PrimaryKeys: string;
}
/** The response of calls that return nothing else. */
export interface RequestIdResponse {
  RequestId: string;
}
