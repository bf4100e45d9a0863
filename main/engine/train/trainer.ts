/**
 * The training loop: it owns the schedule of everything around the optimizer step (evaluation
 * cadence, checkpoints, cancellation, time budgets) and nothing of the app: clips arrive through
 * a ClipSource, reports leave through callbacks.
 *
 * A run lives in one folder of `step-NNNNNN/` checkpoints (weights, AdamW + EMA state, RNG, data
 * cursor, step). Started on a folder that holds a checkpoint of the same recipe, it continues
 * from the newest valid one exactly; a folder of another recipe is refused. The signal is
 * checked before every step and the event loop gets a turn after every step, so a cancel stops
 * the run within one step. A deadline ends a piece of a long run with a checkpoint ('paused').
 */
import { CheckpointError } from '../checkpoint/errors';
import type { WeightsSource } from '../checkpoint/assign';
import type { CheckpointIo } from '../checkpoint/atomic';
import { disposeCheckpoint, loadCheckpoint } from '../checkpoint/folder';
import { findLatestValidCheckpoint, saveRotatingCheckpoint } from '../checkpoint/rotation';
import { CancelledError } from '../flow/errors';
import type { ModelConfig } from '../model/config';
import { drawTaskBatch } from './batches';
import { checkClip, type ClipSource, type ClipSourceFactory, type TrainingClip } from './clips';
import { clipFrames, validateTrainConfig, type TrainConfig } from './config';
import { TrainError } from './errors';
import { evaluate, evaluationMetrics, type Evaluation } from './evaluate';
import { TrainingSession, type StepResult } from './session';

/** Reported after every optimizer step. */
export interface StepReport extends StepResult {
  step: number;
  steps: number;
  /** Clips this step trained on. */
  samples: number;
  samplesSeen: number;
  /** Wall time of this step (data, forward, backward, update). */
  stepSeconds: number;
}

/** A checkpoint written by the loop. */
export interface CheckpointReport {
  step: number;
  dir: string;
}

/** Callbacks of a run; a returned promise is awaited before the loop goes on. */
export interface TrainerHooks {
  onStep?(report: StepReport): void | Promise<void>;
  onEvaluation?(evaluation: Evaluation, metrics: Record<string, number>): void | Promise<void>;
  onCheckpoint?(checkpoint: CheckpointReport): void | Promise<void>;
  /**
   * Called once before the first step: the step the run starts at, and the checkpoint it continues
   * from (with newer, damaged ones it skipped), or null for a fresh run.
   */
  onStart?(start: { step: number; steps: number; resumed: { dir: string; skipped: readonly { dir: string; reason: string }[] } | null }): void;
}

/** Everything a run needs. */
export interface TrainerOptions extends TrainerHooks {
  model: ModelConfig;
  train: TrainConfig;
  /** The run's folder of step checkpoints. */
  runDir: string;
  source: ClipSourceFactory;
  /** Held-out clips of the stage's clip length; evaluations score them. */
  validation: readonly TrainingClip[];
  /** Starting weights of a fresh run (e.g. a stage-1 model before fine-tuning). */
  initialWeights?: WeightsSource;
  /** Plain-JSON description of the data, stored in every checkpoint's config. */
  trainingData?: unknown;
  signal?: AbortSignal;
  /** Epoch milliseconds after which the run saves a checkpoint and returns 'paused'. */
  deadline?: number;
  /** Save a checkpoint before stopping on cancel (the CLI's Ctrl-C); a job just stops. */
  checkpointOnCancel?: boolean;
  /** File-system hooks for checkpoint writes (tests inject a full disk). */
  io?: CheckpointIo;
}

/** How a run (or a piece of it) ended. */
export interface TrainingOutcome {
  status: 'completed' | 'paused';
  step: number;
  steps: number;
  /** The step the run continued from, or null for a fresh run. */
  resumedFrom: number | null;
  /** The newest checkpoint folder, null when none was written. */
  checkpoint: string | null;
  /** The latest evaluation of this piece, if any ran. */
  evaluation: Evaluation | null;
  /** The metrics stored with the newest checkpoint. */
  metrics: Record<string, number>;
  samplesSeen: number;
  elapsedSeconds: number;
}

/** Runs losing steps in a row to non-finite gradients are failed rather than left spinning. */
const MAX_SKIPPED_IN_A_ROW = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The metric that picks a stage's best checkpoint. */
function bestMetric(train: TrainConfig): { metric: string; mode: 'max' | 'min' } | undefined {
  if (train.evalEvery === 0) return undefined;
  switch (train.stage) {
    case 'pretrain': return { metric: 'retrieval/oneStep/psnr', mode: 'max' };
    case 'finetune': return { metric: 'val/loss', mode: 'min' };
  }
}

class TrainingLoop {
  private source: ClipSource | null = null;
  private metrics: Record<string, number> = {};
  private evaluation: Evaluation | null = null;
  private checkpoint: string | null = null;
  private savedStep = -1;
  private skippedInARow = 0;
  private resumed: { dir: string; skipped: { dir: string; reason: string }[] } | null = null;

  constructor(private readonly session: TrainingSession, private readonly options: TrainerOptions) {}

  async run(): Promise<TrainingOutcome> {
    const { train } = this.options;
    const resumedFrom = this.resume();
    if (resumedFrom === null && this.options.initialWeights) this.session.loadWeights(this.options.initialWeights);
    this.options.onStart?.({ step: this.session.step, steps: train.steps, resumed: this.resumed });
    if (resumedFrom === null && train.evalEvery > 0) await this.evaluate();
    while (this.session.step < train.steps) {
      const started = performance.now();
      if (this.options.signal?.aborted) await this.stopForCancel();
      if (this.options.deadline !== undefined && Date.now() >= this.options.deadline) {
        await this.save();
        return this.outcome('paused', resumedFrom);
      }
      await this.step(started);
      const { step } = this.session;
      if (train.evalEvery > 0 && (step % train.evalEvery === 0 || step === train.steps)) await this.evaluate();
      if (step % train.checkpointEvery === 0 || step === train.steps) await this.save();
      this.session.elapsedSeconds += (performance.now() - started) / 1000;
      await yieldToEventLoop();
    }
    return this.outcome('completed', resumedFrom);
  }

  close(): void {
    this.source?.close();
  }

  /** Continues from the newest valid checkpoint of the run folder; returns its step or null. */
  private resume(): number | null {
    const latest = findLatestValidCheckpoint(this.options.runDir);
    if (!latest) {
      this.source = this.options.source(undefined);
      return null;
    }
    const loaded = loadCheckpoint(latest.dir);
    let cursor: unknown;
    try {
      cursor = this.session.restore(loaded);
      this.metrics = { ...loaded.config.metrics };
    } finally {
      disposeCheckpoint(loaded);
    }
    this.source = this.options.source(cursor);
    this.checkpoint = latest.dir;
    this.savedStep = this.session.step;
    this.resumed = { dir: latest.dir, skipped: latest.skipped };
    return this.session.step;
  }

  private async step(started: number): Promise<void> {
    const { train, model } = this.options;
    const source = this.source as ClipSource;
    const clips = Array.from({ length: train.batch }, () => source.next());
    const drawn = drawTaskBatch(clips, this.session.rng, model, train);
    let result: StepResult;
    try {
      result = await this.session.trainStep(drawn);
    } finally {
      drawn.dispose();
    }
    this.skippedInARow = result.skipped ? this.skippedInARow + 1 : 0;
    if (this.skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
      throw new TrainError('non_finite', `the loss or gradients were not finite for ${MAX_SKIPPED_IN_A_ROW} steps in a row `
        + `(last loss ${result.loss}); lower the learning rate (now ${train.learningRate})`);
    }
    await this.options.onStep?.({
      ...result, step: this.session.step, steps: train.steps, samples: clips.length, samplesSeen: this.session.samplesSeen,
      stepSeconds: (performance.now() - started) / 1000,
    });
  }

  private async evaluate(): Promise<void> {
    const { train, validation } = this.options;
    if (validation.length === 0) return;
    const options = {
      stage: train.stage, clips: validation, targets: train.retrievalTargets, fewSteps: train.evalSamplerSteps,
      batch: train.batch, seed: train.seed,
    };
    const evaluation = await this.session.withEmaWeights(() => evaluate(this.session.model, this.session.step, options));
    this.evaluation = evaluation;
    this.metrics = evaluationMetrics(evaluation);
    await this.options.onEvaluation?.(evaluation, this.metrics);
  }

  /** Writes a step checkpoint unless this step is saved already; a failed write keeps the last one. */
  private async save(): Promise<void> {
    const { step } = this.session;
    if (step === this.savedStep) return;
    const { train, runDir, io, trainingData } = this.options;
    const contents = this.session.checkpointContents((this.source as ClipSource).cursor(), this.metrics, trainingData ?? null);
    const best = bestMetric(train);
    try {
      this.checkpoint = await saveRotatingCheckpoint(runDir, step, contents, { keepLast: train.keepLast, ...(best && { best }), ...(io && { io }) });
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      const previous = this.checkpoint === null ? 'there was no earlier checkpoint' : `the previous checkpoint ${this.checkpoint} is intact`;
      throw new TrainError(error.code === 'disk_full' ? 'disk_full' : 'checkpoint_failed',
        `the checkpoint of step ${step} could not be saved (${error.message}); ${previous}`, { cause: error });
    }
    this.savedStep = step;
    await this.options.onCheckpoint?.({ step, dir: this.checkpoint });
  }

  private async stopForCancel(): Promise<never> {
    if (this.options.checkpointOnCancel) await this.save();
    throw new CancelledError(this.session.step, this.options.train.steps);
  }

  private outcome(status: TrainingOutcome['status'], resumedFrom: number | null): TrainingOutcome {
    const { step, samplesSeen, elapsedSeconds } = this.session;
    return {
      status, step, steps: this.options.train.steps, resumedFrom, checkpoint: this.checkpoint,
      evaluation: this.evaluation, metrics: this.metrics, samplesSeen, elapsedSeconds,
    };
  }
}

/**
 * Trains (or continues) a run to `train.steps`, or until the deadline. Throws CancelledError on
 * cancel, TrainError ('invalid_config', 'config_mismatch', 'invalid_data', 'non_finite',
 * 'disk_full', 'checkpoint_failed') and CheckpointError from loading. Every tensor it made is
 * freed when it returns or throws.
 */
export async function runTraining(options: TrainerOptions): Promise<TrainingOutcome> {
  validateTrainConfig(options.train, options.model);
  const frames = clipFrames(options.model, options.train.stage);
  for (const clip of options.validation) checkClip(clip, options.model, frames);
  const session = new TrainingSession(options.model, options.train);
  const loop = new TrainingLoop(session, options);
  try {
    await session.startWorkers();
    return await loop.run();
  } finally {
    loop.close();
    await session.dispose();
  }
}
