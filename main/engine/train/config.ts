/**
 * The training recipe: what the loop does besides the model (stage, steps, batch, optimizer,
 * schedule, EMA, evaluation and checkpoint cadence). Plain JSON, saved in every checkpoint's
 * state, so a resumed run can prove it continues the same recipe.
 */
import type { ModelConfig } from '../model/config';
import { TrainError } from './errors';

/** Stage 1 pretrains by frame retrieval, stage 2 fine-tunes by continuation (paper.md). */
export type TrainingStage = 'pretrain' | 'finetune';

/** Both stages, in order. */
export const TRAINING_STAGES: readonly TrainingStage[] = ['pretrain', 'finetune'];

/** One training run's recipe. */
export interface TrainConfig {
  stage: TrainingStage;
  /** Optimizer steps of the whole run; the learning-rate schedule spans them. */
  steps: number;
  /** Clips per step. */
  batch: number;
  /** Peak learning rate, reached after warm-up. */
  learningRate: number;
  warmupSteps: number;
  /** The cosine schedule ends here. */
  minLearningRate: number;
  weightDecay: number;
  /** Global gradient-norm limit. */
  clipNorm: number;
  /** EMA decay of the shipped weights (ramped up from 0 early in a run). */
  emaDecay: number;
  /** Stage 1: target frames drawn per clip. */
  retrievalTargets: number;
  /**
   * Stage 2: the share of steps that train stage 1's frame retrieval (on the history part of the
   * clips) instead of continuation, so fine-tuning does not wear away what the memory keeps.
   * Absent or 0: none, as in the paper's recipe (and in every run recorded before it existed).
   */
  retrievalMix?: number;
  /**
   * Stage 2: the share of continuation steps that make a shot's first chunk from its caption
   * alone (no memory, no recent frame), as a storyboard without footage starts at inference.
   * Absent or 0: none (every continuation has at least one chunk of history).
   */
  openingMix?: number;
  /**
   * Stage 2: the share of continuation steps whose target chunk starts at a hard cut, with the
   * history before it: the caption then says where the film cuts to, and the recent frame is of
   * the shot before. Uniform cut points land on a cut a few percent of the time. Absent or 0: none.
   */
  cutMix?: number;
  /**
   * Stage 2: the share of continuation steps whose target is a cut back to a place the history
   * still holds from before the shot just ended (train/revisits.ts), with as long a history as
   * the clip allows: only memory can bring such a place back, and uniform draws almost never
   * train it. Absent or 0: none.
   */
  revisitMix?: number;
  /**
   * Stage 2: the largest strength of the corruption added to continuation histories (pixel noise
   * and per-patch offsets, each drawn in [0, this] per sample, in [-1, 1] pixel units), so the
   * model learns to continue imperfect history such as its own. Absent or 0: clean history.
   */
  historyNoise?: number;
  /**
   * The share of samples whose flow time is drawn uniform in (0, 1) rather than from the shifted
   * logit-normal, so the low-noise steps of multi-step sampling are trained too (flow/loss.ts).
   * Absent or 0: none.
   */
  uniformTimeMix?: number;
  /**
   * c of the low-noise weight (flow/loss.ts lowNoiseWeight): each sample's x0 error weighs
   * (1 + c^2) / (t^2 + c^2), so nearly clean inputs, denoised by every sample's last step, count.
   * Absent or 0: the plain x0 loss.
   */
  lowNoiseWeight?: number;
  /** Seeds the weights (fresh runs) and every random draw of the loop. */
  seed: number;
  /**
   * Engines that share each batch (data-parallel, parallel/data-parallel.ts): this one and
   * workers - 1 worker threads, each its own backend, one per core. The samples and their random
   * draws are the same for every count; only the gradients' summation order differs, so it may
   * change between pieces of a run. Absent or 1: the run's own engine alone.
   */
  workers?: number;
  /** Evaluate every this many steps (and at the first and last); 0 never. */
  evalEvery: number;
  /** Sampler steps of the few-step retrieval figure reported beside the one-step one. */
  evalSamplerSteps: number;
  /** Save a checkpoint every this many steps (and at the last). */
  checkpointEvery: number;
  /** Step checkpoints kept besides the best one. */
  keepLast: number;
}

/** The fields that change what a run computes; the rest (cadences, workers) may change between pieces. */
export type TrainRecipe = Omit<TrainConfig, 'evalEvery' | 'evalSamplerSteps' | 'checkpointEvery' | 'keepLast' | 'workers'>;

/**
 * Defaults of a stage: the usual AdamW peak for a small DiT trained from scratch, and a third of
 * it for fine-tuning, which starts from pretrained weights and should not undo them.
 */
export function defaultTrainConfig(stage: TrainingStage, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const steps = overrides.steps ?? 20_000;
  return {
    stage,
    steps,
    batch: 4,
    learningRate: stage === 'pretrain' ? 3e-4 : 1e-4,
    warmupSteps: Math.min(500, Math.floor(steps / 10)),
    minLearningRate: stage === 'pretrain' ? 3e-5 : 1e-5,
    weightDecay: 0.01,
    clipNorm: 1,
    emaDecay: 0.999,
    retrievalTargets: 2,
    seed: 1,
    evalEvery: 500,
    evalSamplerSteps: 4,
    checkpointEvery: 250,
    keepLast: 2,
    ...overrides,
  };
}

/** The recipe part of a config. */
export function recipeOf(config: TrainConfig): TrainRecipe {
  const { evalEvery: _e, evalSamplerSteps: _s, checkpointEvery: _c, keepLast: _k, workers: _w, retrievalMix, openingMix, cutMix, revisitMix, historyNoise, uniformTimeMix, lowNoiseWeight, ...recipe } = config;
  // A zero mix is left out, so runs recorded before the field existed still resume.
  return {
    ...recipe,
    ...((retrievalMix ?? 0) > 0 && { retrievalMix }),
    ...((openingMix ?? 0) > 0 && { openingMix }),
    ...((cutMix ?? 0) > 0 && { cutMix }),
    ...((revisitMix ?? 0) > 0 && { revisitMix }),
    ...((historyNoise ?? 0) > 0 && { historyNoise }),
    ...((uniformTimeMix ?? 0) > 0 && { uniformTimeMix }),
    ...((lowNoiseWeight ?? 0) > 0 && { lowNoiseWeight }),
  };
}

/** Frames of history the model is trained with: its configured seconds at its fps. */
export function historyFrames(model: ModelConfig): number {
  return Math.round(model.memory.historySeconds * model.video.fps);
}

/** Frames of each training clip: the history, plus the next chunk when fine-tuning. */
export function clipFrames(model: ModelConfig, stage: TrainingStage): number {
  switch (stage) {
    case 'pretrain': return historyFrames(model);
    case 'finetune': return historyFrames(model) + model.video.chunkFrames;
  }
}

/** More engines than this would not find cores to run on. */
export const MAX_WORKERS = 64;

const positiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;
const nonNegativeInteger = (value: number): boolean => Number.isInteger(value) && value >= 0;
const shareOk = (value: number | undefined): boolean => value === undefined || (value >= 0 && value < 1);

/** Throws an 'invalid_config' TrainError naming the first bad setting. */
export function validateTrainConfig(config: TrainConfig, model: ModelConfig): void {
  const history = historyFrames(model);
  const problem =
    !TRAINING_STAGES.includes(config.stage) ? `unknown stage '${String(config.stage)}'`
    : !positiveInteger(config.steps) ? `steps must be a positive whole number, got ${config.steps}`
    : !positiveInteger(config.batch) ? `batch must be a positive whole number, got ${config.batch}`
    : !(config.learningRate > 0 && Number.isFinite(config.learningRate)) ? `learning rate must be positive, got ${config.learningRate}`
    : !(config.minLearningRate >= 0 && config.minLearningRate <= config.learningRate) ? `minimum learning rate must be in [0, ${config.learningRate}], got ${config.minLearningRate}`
    : !(nonNegativeInteger(config.warmupSteps) && config.warmupSteps < config.steps) ? `warm-up steps must be a whole number below ${config.steps}, got ${config.warmupSteps}`
    : !(config.weightDecay >= 0 && Number.isFinite(config.weightDecay)) ? `weight decay must not be negative, got ${config.weightDecay}`
    : !(config.clipNorm > 0 && Number.isFinite(config.clipNorm)) ? `gradient clip norm must be positive, got ${config.clipNorm}`
    : !(config.emaDecay >= 0 && config.emaDecay < 1) ? `EMA decay must be in [0, 1), got ${config.emaDecay}`
    : !(positiveInteger(config.retrievalTargets) && config.retrievalTargets <= history) ? `retrieval targets must be 1 to ${history} (the history frames), got ${config.retrievalTargets}`
    : !((config.retrievalMix ?? 0) >= 0 && (config.retrievalMix ?? 0) < 1) ? `retrieval mix must be in [0, 1), got ${config.retrievalMix}`
    : (config.retrievalMix ?? 0) > 0 && config.stage !== 'finetune' ? 'retrieval mix is for fine-tuning: pretraining is all retrieval'
    : !(shareOk(config.openingMix) && shareOk(config.cutMix) && shareOk(config.revisitMix)) ? `opening, cut and revisit mixes must be in [0, 1), got ${config.openingMix}, ${config.cutMix} and ${config.revisitMix}`
    : ((config.openingMix ?? 0) > 0 || (config.cutMix ?? 0) > 0 || (config.revisitMix ?? 0) > 0) && config.stage !== 'finetune' ? 'opening, cut and revisit mixes are for fine-tuning, which trains continuation'
    : !((config.historyNoise ?? 0) >= 0 && (config.historyNoise ?? 0) <= 1) ? `history noise must be in [0, 1], got ${config.historyNoise}`
    : (config.historyNoise ?? 0) > 0 && config.stage !== 'finetune' ? 'history noise is for fine-tuning, which trains continuation'
    : !((config.uniformTimeMix ?? 0) >= 0 && (config.uniformTimeMix ?? 0) < 1) ? `uniform time mix must be in [0, 1), got ${config.uniformTimeMix}`
    : !((config.lowNoiseWeight ?? 0) >= 0 && Number.isFinite(config.lowNoiseWeight ?? 0)) ? `low-noise weight must be 0 or more, got ${config.lowNoiseWeight}`
    : !(Number.isSafeInteger(config.seed) && config.seed >= 0) ? `seed must be a non-negative whole number, got ${config.seed}`
    : !(config.workers === undefined || (positiveInteger(config.workers) && config.workers <= Math.min(config.batch, MAX_WORKERS)))
      ? `workers must be 1 to ${Math.min(config.batch, MAX_WORKERS)} (each needs a clip of the batch of ${config.batch}), got ${config.workers}`
    : !nonNegativeInteger(config.evalEvery) ? `evaluation interval must be a whole number, got ${config.evalEvery}`
    : !positiveInteger(config.evalSamplerSteps) ? `evaluation sampler steps must be a positive whole number, got ${config.evalSamplerSteps}`
    : !positiveInteger(config.checkpointEvery) ? `checkpoint interval must be a positive whole number, got ${config.checkpointEvery}`
    : !positiveInteger(config.keepLast) ? `checkpoints kept must be a positive whole number, got ${config.keepLast}`
    : history < model.video.chunkFrames ? `the model's history (${history} frames) is shorter than one chunk (${model.video.chunkFrames})`
    : undefined;
  if (problem !== undefined) throw new TrainError('invalid_config', `training config: ${problem}`);
}
