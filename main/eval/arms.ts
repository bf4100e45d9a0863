/**
 * Training (or finding trained) the models an evaluation compares, through the same training job
 * `longshot train` runs (main/jobs/runners/train-job.ts), so what is evaluated is what users
 * train. Each arm lives in its own folder under the evaluation's output:
 *   ARM/init/                          the seeded, untrained weights every stage of the arm starts from
 *   ARM/pretrain-P/                    stage 1 run (frame retrieval) of P steps; its model/ when complete
 *   ARM/finetune-F-from-pretrain-P/    stage 2 run of F steps from that model
 *   ARM/finetune-F-from-scratch/       stage 2 run of F steps from init (no stage 1)
 * A run folder holding a complete run is loaded instead of trained, and an interrupted one
 * continues from its last checkpoint, so a long evaluation can be stopped and started again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/index';
import { configDifferences, decodeConfig } from '../engine/checkpoint/config';
import { saveCheckpoint } from '../engine/checkpoint/folder';
import { CHECKPOINT_FILES } from '../engine/checkpoint/manifest';
import { VideoModel } from '../engine/model/model';
import type { ModelConfig } from '../engine/model/config';
import type { StepReport } from '../engine/train/index';
import { loadGenerationModel, type LoadedModel } from '../jobs/generation/model-source';
import { MODEL_DIR, runTrainJob } from '../jobs/runners/train-job';
import { captionCorpus, openDatasets } from '../jobs/runners/train-data';
import { EvalError } from './errors';
import { armModelConfig, type EncoderArm, type EvalScaleName } from './scales';

/** What every arm of one evaluation shares. */
export interface ArmSetup {
  data: readonly string[];
  /** The evaluation's output folder. */
  out: string;
  scale: EvalScaleName;
  seed: number;
  batch: number;
  validationFraction: number;
  signal?: AbortSignal;
  log(line: string): void;
  /** Every optimizer step of every run this evaluation trains. */
  onStep?(arm: EncoderArm, stage: string, report: StepReport): void;
}

/** Where a stage starts: the arm's untrained weights, or its stage-1 model of that many steps. */
export type StageStart = { from: 'scratch' } | { from: 'pretrain'; steps: number };

/** One training run of an arm. */
export interface StageRequest {
  arm: EncoderArm;
  stage: 'pretrain' | 'finetune';
  steps: number;
  start: StageStart;
}

/** A trained model of an arm and how it was made. */
export interface TrainedArm {
  arm: EncoderArm;
  stage: StageRequest['stage'];
  /** The exported model folder (EMA weights). */
  dir: string;
  steps: number;
  samplesSeen: number;
  /** Training time summed over every piece of the run (0 when it was only loaded). */
  trainSeconds: number;
  /** Stage-1 steps behind this model (its own for a pretrain run). */
  pretrainSteps: number;
  /** The seed of its initial weights and training draws. */
  seed: number;
}

const startName = (start: StageStart): string => (start.from === 'scratch' ? 'scratch' : `pretrain-${start.steps}`);

/** The run folder of a stage request. */
export function runFolder(out: string, request: StageRequest): string {
  const name = request.stage === 'pretrain' ? `pretrain-${request.steps}` : `finetune-${request.steps}-from-${startName(request.start)}`;
  return join(out, request.arm.id, name);
}

/** The model config of an arm at the setup's scale and data. */
export function armConfig(setup: ArmSetup, arm: EncoderArm): ModelConfig {
  const datasets = openDatasets(setup.data);
  // openDatasets refuses an empty list, so there is a first dataset.
  return armModelConfig(setup.scale, arm, (datasets[0] as Dataset).file, captionCorpus(datasets));
}

/**
 * Writes the arm's seeded untrained weights once; returns the folder. An output folder used
 * before at another scale or on other data holds another model under the same arm's name; its
 * runs would be loaded as this setup's, so it is refused instead.
 */
async function initialWeights(setup: ArmSetup, arm: EncoderArm): Promise<string> {
  const dir = join(setup.out, arm.id, 'init');
  const config = armConfig(setup, arm);
  const file = join(dir, CHECKPOINT_FILES.config);
  if (existsSync(file)) {
    const [difference] = configDifferences(decodeConfig(readFileSync(file), file), { preset: config.preset, architecture: config });
    if (difference === undefined) return dir;
    throw new EvalError('invalid_option', `${setup.out} holds ${arm.label} models of another setup (${difference}), e.g. another scale or dataset: give this run another --out`);
  }
  const model = new VideoModel(config, setup.seed);
  try {
    await saveCheckpoint(dir, { config: { preset: config.preset, architecture: config, vocabulary: config.text.vocab }, weights: model.params() });
  } finally {
    model.dispose();
  }
  return dir;
}

/** Trains (or loads, or continues) one stage of an arm; for a finetune from pretraining, the pretraining first. */
export async function trainArm(setup: ArmSetup, request: StageRequest): Promise<TrainedArm> {
  const { arm, start } = request;
  let from: string;
  let pretrainSteps = 0;
  if (start.from === 'pretrain') {
    const pretrained = await trainArm(setup, { arm, stage: 'pretrain', steps: start.steps, start: { from: 'scratch' } });
    from = pretrained.dir;
    pretrainSteps = start.steps;
  } else {
    from = await initialWeights(setup, arm);
  }
  const out = runFolder(setup.out, request);
  const done = existsSync(join(out, MODEL_DIR, CHECKPOINT_FILES.config));
  setup.log(`${arm.label}: ${done ? 'loading' : 'training'} ${request.stage} ${request.steps} steps (${out})`);
  const result = await runTrainJob({
    stage: request.stage, data: setup.data, out, from, steps: request.steps, batch: setup.batch, seed: setup.seed,
    evalEvery: 0, evalClips: 1, checkpointEvery: Math.max(10, Math.ceil(request.steps / 4)), validationFraction: setup.validationFraction,
    checkpointOnCancel: true, ...(setup.signal && { signal: setup.signal }),
  }, { onStep: (report) => setup.onStep?.(arm, request.stage, report) });
  if (result.model === null) throw new EvalError('incomplete_run', `the ${request.stage} run in ${out} stopped before its last step; run the evaluation again to continue it`);
  return {
    arm, stage: request.stage, dir: result.model.dir, steps: result.outcome.step, samplesSeen: result.outcome.samplesSeen,
    trainSeconds: result.outcome.elapsedSeconds, pretrainSteps: request.stage === 'pretrain' ? request.steps : pretrainSteps, seed: setup.seed,
  };
}

/** Loads a trained arm's model at its own rate. The caller disposes `model`. */
export function loadArm(trained: TrainedArm): LoadedModel {
  return loadGenerationModel({ kind: 'checkpoint', dir: trained.dir }, trained.arm.compression);
}
