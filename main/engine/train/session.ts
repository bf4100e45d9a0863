/**
 * The state of one training run in memory: model, AdamW, EMA, the loop's random generator and
 * counters, and the one optimizer step. Everything a step depends on is here and goes through
 * checkpoints (weights, optimizer moments and step count, EMA shadows, RNG, step), so a resumed
 * run computes exactly what the uninterrupted one would have.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assignWeights, type WeightsSource } from '../checkpoint/assign';
import type { CheckpointContents, LoadedCheckpoint } from '../checkpoint/folder';
import { diffJson } from '../checkpoint/json';
import { drawLossRandomness, flowLoss, type LossDraws } from '../flow/loss';
import type { TaskBatch } from '../flow/tasks';
import type { ModelConfig } from '../model/config';
import { VideoModel } from '../model/model';
import { AdamW } from '../optim/adamw';
import { Ema } from '../optim/ema';
import { clipGradsByGlobalNorm, computeGradients, type Gradients } from '../optim/gradients';
import { DataParallel } from '../parallel/data-parallel';
import { batchRows } from '../parallel/shards';
import { Rng, type RngState } from '../optim/rng';
import { learningRateAt, type CosineSchedule } from '../optim/schedule';
import type { DrawnBatch } from './batches';
import { recipeOf, type TrainConfig, type TrainRecipe } from './config';
import { TrainError } from './errors';

/** What one optimizer step did. */
export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
  /** True when the loss or gradients were not finite and the update was skipped. */
  skipped: boolean;
}

/** state.json of a training checkpoint. */
export interface SavedTrainingState {
  format: 'longshot-training-state';
  version: 1;
  step: number;
  samplesSeen: number;
  elapsedSeconds: number;
  rng: RngState;
  sourceCursor: unknown;
  recipe: TrainRecipe;
}

/** Model, optimizer, EMA and loop state of a run. */
export class TrainingSession {
  readonly model: VideoModel;
  readonly params: Map<string, tf.Variable>;
  readonly adamw: AdamW;
  readonly ema: Ema;
  rng: Rng;
  step = 0;
  samplesSeen = 0;
  /** Training time summed over every piece of the run. */
  elapsedSeconds = 0;
  private readonly schedule: CosineSchedule;
  /** Worker threads sharing each step's batch (TrainConfig.workers > 1), once started. */
  private parallel: DataParallel | null = null;

  constructor(readonly modelConfig: ModelConfig, readonly train: TrainConfig) {
    this.model = new VideoModel(modelConfig, train.seed);
    this.params = this.model.params();
    this.adamw = new AdamW(this.params, { weightDecay: train.weightDecay });
    this.ema = new Ema(this.params, train.emaDecay);
    this.rng = Rng.fromSeed(train.seed);
    this.schedule = { peak: train.learningRate, warmupSteps: train.warmupSteps, totalSteps: train.steps, floor: train.minLearningRate };
  }

  /** The learning rate of the next step. */
  learningRate(): number {
    return learningRateAt(this.step, this.schedule);
  }

  /**
   * The EMA decay of the next update, ramped as (1 + n) / (10 + n) up to the configured value, so
   * the averaged weights follow the fast early changes instead of holding on to the random start.
   */
  emaDecay(): number {
    return Math.min(this.train.emaDecay, (1 + this.step) / (10 + this.step));
  }

  /** Starts the config's data-parallel workers (none for workers absent or 1); needs a started engine. */
  async startWorkers(): Promise<void> {
    const engines = this.train.workers ?? 1;
    if (engines > 1 && this.parallel === null) this.parallel = await DataParallel.start(this.modelConfig, this.train.seed, this.params, engines);
  }

  /** One step on a drawn batch: flow loss, gradients (shared by the workers), global-norm clip, AdamW, EMA. */
  async trainStep(drawn: DrawnBatch): Promise<StepResult> {
    const size = batchRows(drawn.batch);
    const draws = drawLossRandomness(this.rng, size, this.model.config.flow, {
      uniformShare: this.train.uniformTimeMix ?? 0, lowNoiseWeight: this.train.lowNoiseWeight ?? 0,
    });
    // Retrieval is trained without captions: the memory alone must hold the frames.
    if (drawn.batch.kind === 'retrieval') draws.keepCaption = draws.keepCaption.map(() => false);
    const learningRate = this.learningRate();
    const gradientsOf = (batch: TaskBatch, rows: LossDraws): Gradients => computeGradients(this.params, () => flowLoss(this.model, batch, rows));
    const { loss, grads } = this.parallel ? await this.parallel.gradients(this.params, drawn.batch, draws, gradientsOf) : gradientsOf(drawn.batch, draws);
    const clipped = clipGradsByGlobalNorm(grads, this.train.clipNorm);
    const skipped = !(Number.isFinite(loss) && Number.isFinite(clipped.norm));
    try {
      if (!skipped) {
        this.adamw.step(clipped.grads, learningRate);
        this.ema.update(this.emaDecay());
      }
    } finally {
      tf.dispose([...grads.values(), ...clipped.grads.values()]);
    }
    this.step += 1;
    this.samplesSeen += size;
    return { loss, gradNorm: clipped.norm, learningRate, skipped };
  }

  /** Copies `source`'s weights into the model (a stage-1 checkpoint before fine-tuning). */
  loadWeights(source: WeightsSource): void {
    assignWeights(this.params, source);
    // The average follows the loaded weights; a resume then restores its saved shadows over this.
    this.ema.reset();
  }

  /** Runs `fn` with the EMA weights in the model, then puts the trained weights back. */
  async withEmaWeights<T>(fn: () => Promise<T>): Promise<T> {
    const backup = new Map([...this.params].map(([name, variable]) => [name, tf.clone(variable)]));
    const averaged = this.ema.weights();
    for (const [name, variable] of this.params) variable.assign(averaged.get(name) as tf.Variable);
    try {
      return await fn();
    } finally {
      for (const [name, variable] of this.params) variable.assign(backup.get(name) as tf.Tensor);
      tf.dispose([...backup.values()]);
    }
  }

  /** What a checkpoint of this moment holds (tensors are live: save before the next step). */
  checkpointContents(sourceCursor: unknown, metrics: Record<string, number>, trainingData: unknown): CheckpointContents {
    const state: SavedTrainingState = {
      format: 'longshot-training-state', version: 1, step: this.step, samplesSeen: this.samplesSeen,
      elapsedSeconds: this.elapsedSeconds, rng: this.rng.getState(), sourceCursor, recipe: recipeOf(this.train),
    };
    return {
      config: {
        preset: this.modelConfig.preset, architecture: this.modelConfig, vocabulary: this.modelConfig.text.vocab,
        trainingData, metrics,
      },
      weights: this.params,
      optimizer: new Map([...this.adamw.stateTensors(), ...this.ema.stateTensors()]),
      state: state as unknown as Record<string, unknown>,
    };
  }

  /**
   * Continues from a checkpoint of this run; returns the data cursor saved with it. Throws a
   * 'config_mismatch' TrainError, changing nothing, when the checkpoint is of another recipe or model.
   */
  restore(loaded: LoadedCheckpoint): unknown {
    const state = loaded.state as Partial<SavedTrainingState> | undefined;
    if (state?.format !== 'longshot-training-state' || state.version !== 1 || !loaded.optimizer) {
      throw new TrainError('config_mismatch', `${loaded.dir} is not a training checkpoint of this version (no training state or optimizer)`);
    }
    const differences = [
      ...diffJson(state.recipe, recipeOf(this.train), 'recipe'),
      ...diffJson(loaded.config.architecture, JSON.parse(JSON.stringify(this.modelConfig)), 'model'),
    ];
    if (differences.length > 0) {
      throw new TrainError('config_mismatch', `${loaded.dir} was trained with other settings, so this run cannot continue it `
        + `(use another output folder, or the same settings):\n  ${differences.join('\n  ')}`);
    }
    this.loadWeights(loaded);
    this.adamw.loadState(loaded.optimizer);
    this.ema.loadState(loaded.optimizer);
    this.rng = Rng.fromState(state.rng);
    this.step = state.step as number;
    this.samplesSeen = state.samplesSeen as number;
    this.elapsedSeconds = state.elapsedSeconds as number;
    return state.sourceCursor;
  }

  /** Stops the workers and frees the model, optimizer and EMA. */
  async dispose(): Promise<void> {
    await this.parallel?.close();
    this.parallel = null;
    this.adamw.dispose();
    this.ema.dispose();
    this.model.dispose();
  }
}
