/**
 * What a SubmitDNAJob request asks for, checked and resolved before anything is written:
 * `TemplateId` → template, `PipelineId` → queue, `Config` over the template, the library and the
 * `MediaType` it implies (checked against the library's Model), the engine's own Config fields,
 * and the input. Then the `Queuing` job record. Every problem throws `DnaError`.
 */
import { DEFAULT_MEDIA_TYPE_OF_MODEL, DnaErrorCode, MODEL_OF_MEDIA_TYPE, dnaError, formatUtcTime, invalidParameter, newHexId } from '@mediadna/core';
import type { MediaType, Model } from '@mediadna/core';
import type { MediaEngine } from './engine.js';
import { loadEngine } from './engines/registry.js';
import type { FacadeContext } from './facade-context.js';
import { resolveJobInput } from './input.js';
import type { LocalJobInput, ResolvedInput } from './input.js';
import { liveLibrary } from './library-operations.js';
import { DEFAULT_PIPELINE } from './options.js';
import type { ResolvedOptions } from './options.js';
import type { JobRecord, JobRunner, LibraryRecord } from './records.js';
import { isAbsent, optionalString, parseConfig, parsePrimaryKey, parseUserData, requireHexId } from './requests.js';
import type { JobConfig } from './requests.js';
import type { SubmitDNAJobRequest } from '@mediadna/core';

/** SubmitDNAJob's request; *local*: `Input.Bytes` passes media bytes directly. */
export interface LocalSubmitDNAJobRequest extends Omit<SubmitDNAJobRequest, 'Input'> {
  Input: LocalJobInput;
}

/** A checked submit: everything needed to record the job. */
export interface JobPlan {
  readonly primaryKey: string;
  readonly userData: string;
  readonly pipelineId: string;
  readonly config: JobConfig;
  readonly input: ResolvedInput;
  /** Undefined when the request has no DBId: the Model's default library (created on demand). */
  readonly library: LibraryRecord | undefined;
  readonly mediaType: MediaType;
  readonly model: Model;
}

/** The template named by `TemplateId` ('' or absent: none). */
function resolveTemplate(op: string, templateId: string | undefined, templates: ResolvedOptions['templates']): Readonly<Record<string, unknown>> | undefined {
  if (templateId === undefined || templateId === '') return undefined;
  const template = templates.get(templateId);
  if (template === undefined) throw invalidParameter(op, 'TemplateId', `a known template (${[...templates.keys()].join(', ')})`, templateId);
  return template;
}

/** Check the engine's own Config fields; a Model without an engine is left to fail when the job runs. */
async function validateEngineConfig(options: ResolvedOptions, model: Model, mediaType: MediaType, engineConfig: Readonly<Record<string, unknown>>): Promise<void> {
  let engine: MediaEngine;
  try {
    engine = await loadEngine(model, options.engines[model]);
  } catch {
    return; // The job will fail MediaType.NotSupported (or report the load error) when it runs.
  }
  engine.validateConfig(engineConfig, mediaType);
}

/** Check a SubmitDNAJob request (`r`, already an object) and resolve what it asks for. */
export async function planJob(context: FacadeContext, op: string, r: Record<string, unknown>): Promise<JobPlan> {
  const { options } = context;
  const primaryKey = parsePrimaryKey(op, r.PrimaryKey);
  const userData = parseUserData(op, r.UserData);
  const template = resolveTemplate(op, optionalString(op, 'TemplateId', r.TemplateId), options.templates);
  const pipelineId = optionalString(op, 'PipelineId', r.PipelineId) || DEFAULT_PIPELINE;
  if (!context.scheduler.hasPipeline(pipelineId)) {
    throw invalidParameter(op, 'PipelineId', `a known pipeline (${[...options.pipelines.keys()].join(', ')})`, pipelineId);
  }
  const config = parseConfig(op, r.Config, template);
  const input = resolveJobInput(op, r.Input, options.ossRoot, options.mediaResolver);

  let library: LibraryRecord | undefined;
  let mediaType: MediaType;
  if (!isAbsent(r.DBId)) {
    const dbId = requireHexId(op, 'DBId', r.DBId);
    library = await liveLibrary(context.store, dbId);
    mediaType = config.mediaType ?? DEFAULT_MEDIA_TYPE_OF_MODEL[library.model];
    if (MODEL_OF_MEDIA_TYPE[mediaType] !== library.model) {
      throw dnaError(
        DnaErrorCode.InvalidParameter,
        `[mediadna] [${op}] MediaType "${mediaType}" needs a library of Model ${MODEL_OF_MEDIA_TYPE[mediaType]}, but library ${dbId} has Model ${library.model}`,
        mediaType,
      );
    }
  } else {
    mediaType = config.mediaType ?? 'video';
  }
  const model = MODEL_OF_MEDIA_TYPE[mediaType];
  await validateEngineConfig(options, model, mediaType, config.engineConfig);
  return { primaryKey, userData, pipelineId, config, input, library, mediaType, model };
}

/** The new `Queuing` job of a plan in `library`. Its `Config` shows the effective Config. */
export function queuedJobRecord(plan: JobPlan, library: LibraryRecord, runner: JobRunner): JobRecord {
  const { config, input, mediaType } = plan;
  return {
    id: newHexId(),
    status: 'Queuing',
    code: '',
    message: '',
    creationTime: formatUtcTime(),
    finishTime: '',
    dbId: library.dbId,
    primaryKey: plan.primaryKey,
    userData: plan.userData,
    config: JSON.stringify({ SaveType: config.saveType, MediaType: mediaType, ...config.engineConfig }),
    inputType: input.type,
    inputMedia: input.media,
    saveType: config.saveType,
    mediaType,
    engineConfig: config.engineConfig,
    pipelineId: plan.pipelineId,
    source: input.source,
    runner,
  };
}
