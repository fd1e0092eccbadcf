/**
 * The part of the `@mediadna/dna` facade the CLI uses, typed structurally, and its lazy loader.
 * The facade (and through it SQLite and the WASM decoders) is imported only when a command
 * needs it, so `mediadna --help` starts fast.
 */
import type {
  CancelDNAJobRequest,
  CancelDNAJobResponse,
  CreateDNADBRequest,
  CreateDNADBResponse,
  DeleteDNADBRequest,
  DeleteDNAFilesRequest,
  Job,
  ListDNADBRequest,
  ListDNADBResponse,
  ListDNAFilesRequest,
  ListDNAFilesResponse,
  QueryDNAJobListRequest,
  QueryDNAJobListResponse,
  RequestIdResponse,
  SubmitDNAJobRequest,
  SubmitDNAJobResponse,
} from '@mediadna/core';

/** The facade's operations used by the CLI. */
export interface DnaClient {
  CreateDNADB(request: CreateDNADBRequest): Promise<CreateDNADBResponse>;
  ListDNADB(request: ListDNADBRequest): Promise<ListDNADBResponse>;
  DeleteDNADB(request: DeleteDNADBRequest): Promise<RequestIdResponse>;
  SubmitDNAJob(request: SubmitDNAJobRequest): Promise<SubmitDNAJobResponse>;
  QueryDNAJobList(request: QueryDNAJobListRequest): Promise<QueryDNAJobListResponse>;
  CancelDNAJob(request: CancelDNAJobRequest): Promise<CancelDNAJobResponse>;
  ListDNAFiles(request: ListDNAFilesRequest): Promise<ListDNAFilesResponse>;
  DeleteDNAFiles(request: DeleteDNAFilesRequest): Promise<RequestIdResponse>;
  waitForJob(jobId: string, options?: { timeoutMs?: number }): Promise<Job>;
  close(): Promise<void>;
}

/** Options the CLI passes to `createDna`. */
export interface ClientOptions {
  readonly dataDir: string;
  readonly ossRoot?: string;
  readonly workers?: number;
}

interface DnaModule {
  createDna(options: ClientOptions): Promise<DnaClient>;
}

// A variable specifier keeps the import lazy and independent of the facade's declaration file.
const dnaModuleName = '@mediadna/dna';

/** Import the facade and open the data directory. */
export async function openClient(options: ClientOptions): Promise<DnaClient> {
  const module = (await import(dnaModuleName)) as DnaModule;
  return module.createDna(options);
}
