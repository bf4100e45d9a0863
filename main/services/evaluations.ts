/**
 * evaluations.*: queue an evaluation (an 'eval' job, run by main/eval/runner.ts) and read the
 * results it stored in the project. Params go through main/eval's own schema (`evalParams`)
 * before they are queued, so a job the runner would refuse is refused here with the same
 * messages; the stored results are read through the contract's schema, so the UI gets checked
 * numbers or a row that says why it cannot show them. Only main/eval's tensor-free parts are
 * imported: the server never loads tfjs (test/unit/server-imports.test.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { evalResults, type CallInput, type CallOutput } from '../../preload/api';
import { DatasetError, openDataset, writeStoryworldDataset } from '../data/index';
import { readCheckpointVideo } from '../engine/checkpoint/video-format';
import { CONSISTENCY_ARMS, RETRIEVAL_ARMS } from '../eval/compared';
import { EvalError } from '../eval/errors';
import { evalParams, type EvalParams } from '../eval/params';
import { EVAL_SCALES } from '../eval/scales';
import { GenerationError } from '../jobs/generation/errors';
import { resolveModelSource } from '../jobs/generation/planned-model';
import { getSettings, listEvalResults, type EvalResultRecord, type JsonValue, type Project } from '../project/index';
import type { AreaServices } from './context';
import { describeZodError, ServiceError } from './errors';
import { queueJob } from './jobs';

/** The project's own Storyworld dataset: the one docs/results.md's runs use, so figures compare. */
export const PROJECT_DATASET = { videos: 60, seconds: 16, width: 64, height: 64, fps: 8, seed: 1 } as const;
/** Under the project folder: the dataset, and one folder of trained models per evaluation setup. */
const EVAL_DIR = 'eval';
const DATASET_DIR = join(EVAL_DIR, 'storyworld-64');
const RUNS_DIR = join(EVAL_DIR, 'runs');

type Start = CallInput<'evaluations.start'>;

/** The folder of the project's own dataset. */
export function projectDatasetDir(project: Project): string {
  return join(project.path, DATASET_DIR);
}

const isDataset = (dir: string): boolean => existsSync(join(dir, 'dataset.json'));

/** The dataset folder of a start: a checked Storyworld folder, or the project's own, written if missing. */
async function datasetFolder(project: Project, data: string | undefined): Promise<string> {
  if (data === undefined) {
    const dir = projectDatasetDir(project);
    if (!isDataset(dir)) await writeStoryworldDataset({ dir, ...PROJECT_DATASET });
    return dir;
  }
  const advice = 'choose a folder written by `longshot data storyworld`, or leave the folder empty to use the project\'s own dataset';
  if (!isAbsolute(data)) throw new EvalError('invalid_data', `${data}: give the dataset folder as an absolute path`);
  try {
    const { file } = openDataset(data);
    if (file.source !== 'storyworld') throw new EvalError('invalid_data', `${data} holds footage, which has no Storyworld ground truth to score: ${advice}`);
  } catch (error) {
    if (error instanceof DatasetError) throw new EvalError('invalid_data', `${data} is not a Storyworld dataset (${error.message}): ${advice}`, { cause: error });
    throw error;
  }
  return data;
}

/**
 * Where an evaluation keeps what it trains. main/eval loads a finished model from its folder
 * instead of training it again, so the folder is named by everything a trained model depends
 * on: a run on other data, scale or seed never picks up this one's models, and the same setup
 * started again (a larger budget, the other comparison) reuses them.
 */
function runsFolder(project: Project, params: EvalParams): string {
  const shared = { data: params.data, seed: params.seed, validationFraction: params.validationFraction };
  const [name, setup] = ((): [string, object] => {
    switch (params.what) {
      case 'judge':
        return ['judge', shared];
      case 'retrieval':
      case 'consistency':
        return [params.scale, { ...shared, scale: params.scale, batch: params.batch }];
      case 'model':
        return ['model', { ...shared, model: params.model }];
      default:
        return params satisfies never;
    }
  })();
  const key = createHash('sha256').update(JSON.stringify(setup)).digest('hex').slice(0, 12);
  return join(project.path, RUNS_DIR, `${name}-${key}`);
}

/**
 * The folder of the model `eval model` scores, named as the project's model setting names one
 * (absent: the project's own). A random stand-in has nothing trained to score, so it is refused.
 */
function modelFolder(project: Project, modelId: string): string {
  const advice = 'choose the default model or one trained in this project';
  const source = (() => {
    try {
      return resolveModelSource(project.db, project.path, modelId);
    } catch (error) {
      if (error instanceof GenerationError) throw new EvalError('invalid_model', `${error.message}: ${advice}`, { cause: error });
      throw error;
    }
  })();
  if (source.kind === 'checkpoint') return source.dir;
  const why = source.reason === null ? 'a randomly initialised model' : 'the default model is not installed';
  throw new EvalError('invalid_model', `'${modelId}' names no trained model to score (${why}): ${advice}`);
}

/** What a start adds to main/eval's params besides the data: the scored model's folder, for `eval model` only. */
function modelOption(project: Project, { what, modelId }: Start): { model?: string } {
  if (what === 'model') return { model: modelFolder(project, modelId ?? getSettings(project.db).modelId) };
  if (modelId !== undefined) throw new ServiceError('invalid_input', `modelId: only a model evaluation scores a chosen model; a ${what} evaluation trains its own`);
  return {};
}

/** Refuses, before a job is queued, a dataset whose frames the scored model does not make. */
function checkModelFitsData(modelDir: string, dataDir: string): void {
  const { video } = readCheckpointVideo(modelDir);
  if (video === null) throw new EvalError('invalid_model', `${modelDir} is not a video model: its config has no frame geometry`);
  const mismatch = openDataset(dataDir).formatMismatch(video);
  if (mismatch !== null) throw new EvalError('invalid_data', `${mismatch}: choose a dataset written at the model's size and frame rate`);
}

/** The params of a start, checked by the runner's schema, with the output folders of this project. */
function startParams(project: Project, input: Start, model: { model?: string }, dir: string): EvalParams {
  const { projectId: _projectId, data: _data, modelId: _modelId, ...options } = input;
  const draft = evalParams.parse({ ...options, ...model, data: [dir] });
  const out = runsFolder(project, draft);
  // A judge trained from the app goes into the project, never over the shipped one.
  return evalParams.parse({ ...draft, out, ...(draft.what === 'judge' && { judge: join(out, 'judge') }) });
}

/** A stored record with its results checked against the contract. */
function readRecord(record: EvalResultRecord): CallOutput<'evaluations.list'>[number] {
  const parsed = evalResults.safeParse(record.results);
  if (!parsed.success) return { ...record, results: null, problem: `these results are not in the form this version reads (${describeZodError(parsed.error)})` };
  if (parsed.data.kind !== record.kind) return { ...record, results: null, problem: `the results are of a ${parsed.data.kind} evaluation, stored as ${record.kind}` };
  return { ...record, results: parsed.data, problem: null };
}

export const evaluations: AreaServices<'evaluations'> = {
  async start(input, ctx) {
    const project = ctx.projects.get(input.projectId);
    // The model first: a wrong choice is refused before a missing dataset is written.
    const model = modelOption(project, input);
    const dataDir = await datasetFolder(project, input.data);
    if (model.model !== undefined) checkModelFitsData(model.model, dataDir);
    const params = startParams(project, input, model, dataDir);
    return queueJob(ctx, input.projectId, 'eval', params as JsonValue);
  },

  list: ({ projectId, kind }, ctx) => listEvalResults(ctx.projects.get(projectId).db, kind).map(readRecord),

  choices({ projectId }, ctx) {
    const project = ctx.projects.get(projectId);
    const { videos, seconds, width, height, fps } = PROJECT_DATASET;
    return {
      scales: [...EVAL_SCALES],
      arms: {
        // Every retrieval arm is a stage-1 model; of the consistency arms, some start from one.
        retrieval: RETRIEVAL_ARMS.map(({ id, label }) => ({ id, label, pretrained: true })),
        consistency: CONSISTENCY_ARMS.map(({ id, label, pretrained }) => ({ id, label, pretrained })),
      },
      dataset: { path: projectDatasetDir(project), exists: isDataset(projectDatasetDir(project)), ...PROJECT_DATASET, bytes: videos * seconds * fps * width * height * 3 },
    };
  },
};
