/**
 * One training job from options to trained model, shared by the job runner (train.ts) and the
 * `longshot train` command: opens the datasets, resolves the model, checks the memory estimate
 * before anything heavy starts, runs the loop in the run folder (continuing a run of the same
 * recipe found there), logs metrics, and exports the EMA weights as a model folder when the run
 * is complete.
 */
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../data/index';
import type { CompressionName, ModelConfig } from '../../engine/model/config';
import { checkFits, estimateMemory } from '../../engine/presets';
import {
  clipFrames, defaultTrainConfig, exportModel, runTraining,
  type ExportedModel, type TrainConfig, type TrainerHooks, type TrainingOutcome, type TrainingStage,
} from '../../engine/train/index';
import { captionCorpus, openDatasets, trainingSource, validationClips } from './train-data';
import { jsonlSink, METRICS_FILE, StepAverager, type MetricsSink } from './train-metrics';
import { resolveModel, type ModelChoice } from './train-model';

/** What to train, where, and for how long. */
export interface TrainJobOptions extends ModelChoice {
  stage: TrainingStage;
  /** Dataset folders (Storyworld or footage, one frame size). */
  data: readonly string[];
  /** The run folder: checkpoints, metrics.jsonl, and model/ when complete. */
  out: string;
  steps?: number;
  batch?: number;
  learningRate?: number;
  /** Fine-tuning: the share of steps that train frame retrieval (TrainConfig.retrievalMix). */
  retrievalMix?: number;
  /** Fine-tuning: the share of continuation steps that open a shot from its caption alone (TrainConfig.openingMix). */
  openingMix?: number;
  /** Fine-tuning: the share of continuation steps whose target starts at a hard cut (TrainConfig.cutMix). */
  cutMix?: number;
  /** Fine-tuning: the share of continuation steps whose target is a cut back to a place in the history (TrainConfig.revisitMix). */
  revisitMix?: number;
  /** Fine-tuning: the largest corruption of continuation histories (TrainConfig.historyNoise). */
  historyNoise?: number;
  /** The share of samples trained at a uniformly drawn flow time (TrainConfig.uniformTimeMix). */
  uniformTimeMix?: number;
  /** c of the low-noise loss weight (TrainConfig.lowNoiseWeight). */
  lowNoiseWeight?: number;
  /** Starting from a checkpoint without one: add the new-shot embedding (GeneratorConfig.shotEmbedding). */
  shotEmbedding?: boolean;
  /** Starting from a checkpoint without it: add window injection (GeneratorConfig.windowInjection). */
  windowInjection?: boolean;
  /** Starting from a checkpoint without it: add the window shortcut (GeneratorConfig.windowShortcut). */
  windowShortcut?: boolean;
  /** Starting from a checkpoint without it: precondition G's output with the skip connection (FlowConfig.skipDataStd). */
  skipConnection?: boolean;
  /** Starting from a checkpoint without one: add a pixel head of this many channels (GeneratorConfig.pixelHead). */
  pixelHead?: number;
  /** Starting from a checkpoint without it: add the pixel head's gate of x_t (GeneratorConfig.pixelGate). */
  pixelGate?: boolean;
  seed?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  /** Held-out clips each evaluation scores (default 16). */
  evalClips?: number;
  /** Fraction of each dataset's videos held out (default 0.1). */
  validationFraction?: number;
  /** Record averaged step metrics every this many steps (default 10). */
  logEvery?: number;
  signal?: AbortSignal;
  /** Epoch milliseconds at which a piece of a long run checkpoints and stops. */
  deadline?: number;
  checkpointOnCancel?: boolean;
  /** Memory the job may use; default: 4 GiB on wasm (its heap limit), else three quarters of RAM. */
  availableBytes?: number;
  /**
   * Engines sharing each step's batch, this one included (TrainConfig.workers; default 1). A
   * machine setting, not part of the recipe: a run may continue with another count.
   */
  workers?: number;
}

/** Callbacks of a job: the loop's, plus every metrics record and log lines. */
export interface TrainJobHooks extends TrainerHooks {
  onMetrics?: MetricsSink;
  log?(text: string): void;
}

/** How a job ended. */
export interface TrainJobResult {
  outcome: TrainingOutcome;
  train: TrainConfig;
  modelConfig: ModelConfig;
  /** The exported model when the run is complete, else null. */
  model: ExportedModel | null;
}

/** The model folder a complete run exports into its run folder. */
export const MODEL_DIR = 'model';

const WASM_HEAP_BYTES = 4 * 2 ** 30;

function describeData(datasets: readonly Dataset[], validationFraction: number): unknown {
  return {
    datasets: datasets.map((d) => ({
      dir: d.dir, source: d.file.source, generator: d.file.generator, seed: d.file.seed, videos: d.file.videos.length,
      frames: d.file.videos.reduce((n, v) => n + v.frameCount, 0), size: `${d.file.width}x${d.file.height}`, fps: d.file.fps,
    })),
    validationFraction,
  };
}

/** Runs (or continues) a training job. Throws TrainError, DatasetError, CheckpointError, MemoryBudgetError or CancelledError. */
export async function runTrainJob(options: TrainJobOptions, hooks: TrainJobHooks = {}, backend = 'wasm'): Promise<TrainJobResult> {
  const datasets = openDatasets(options.data);
  const validationFraction = options.validationFraction ?? 0.1;
  const resolved = resolveModel(options, datasets, captionCorpus(datasets));
  try {
    const model = resolved.config;
    const train = defaultTrainConfig(options.stage, {
      ...(options.steps !== undefined && { steps: options.steps }),
      ...(options.batch !== undefined && { batch: options.batch }),
      ...(options.learningRate !== undefined && { learningRate: options.learningRate, minLearningRate: options.learningRate / 10 }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.retrievalMix !== undefined && { retrievalMix: options.retrievalMix }),
      ...(options.openingMix !== undefined && { openingMix: options.openingMix }),
      ...(options.cutMix !== undefined && { cutMix: options.cutMix }),
      ...(options.revisitMix !== undefined && { revisitMix: options.revisitMix }),
      ...(options.historyNoise !== undefined && { historyNoise: options.historyNoise }),
      ...(options.uniformTimeMix !== undefined && { uniformTimeMix: options.uniformTimeMix }),
      ...(options.lowNoiseWeight !== undefined && { lowNoiseWeight: options.lowNoiseWeight }),
      ...(options.evalEvery !== undefined && { evalEvery: options.evalEvery }),
      ...(options.checkpointEvery !== undefined && { checkpointEvery: options.checkpointEvery }),
      ...(options.workers !== undefined && { workers: options.workers }),
    });
    const estimate = estimateMemory(model, { batch: train.batch, historySeconds: model.memory.historySeconds, rate: model.memory.compression as CompressionName, mode: 'train' });
    checkFits(estimate, options.availableBytes ?? (backend === 'wasm' ? WASM_HEAP_BYTES : totalmem() * 0.75));
    const clips = { datasets, clipFrames: clipFrames(model, train.stage), seed: train.seed, validationFraction };
    const validation = validationClips(clips, options.evalClips ?? 16);
    if (validation.length === 0) hooks.log?.('no video is held out for validation (too few videos): training without evaluations');
    const jsonl = jsonlSink(join(options.out, METRICS_FILE));
    const record: MetricsSink = (step, metrics) => {
      jsonl(step, metrics);
      hooks.onMetrics?.(step, metrics);
    };
    const averager = new StepAverager(options.logEvery ?? 10, record);
    const outcome = await runTraining({
      model, train, runDir: options.out, source: trainingSource(clips), validation,
      ...(resolved.initialWeights && { initialWeights: resolved.initialWeights }),
      trainingData: describeData(datasets, validationFraction),
      ...(options.signal && { signal: options.signal }),
      ...(options.deadline !== undefined && { deadline: options.deadline }),
      ...(options.checkpointOnCancel !== undefined && { checkpointOnCancel: options.checkpointOnCancel }),
      onStep: async (report) => {
        averager.add(report);
        await hooks.onStep?.(report);
      },
      onEvaluation: async (evaluation, metrics) => {
        record(evaluation.step, metrics);
        await hooks.onEvaluation?.(evaluation, metrics);
      },
      ...(hooks.onCheckpoint && { onCheckpoint: hooks.onCheckpoint }),
      ...(hooks.onStart && { onStart: hooks.onStart }),
    });
    const exported = outcome.status === 'completed' && outcome.checkpoint !== null
      ? await exportModel({ from: outcome.checkpoint, to: join(options.out, MODEL_DIR) })
      : null;
    return { outcome, train, modelConfig: model, model: exported };
  } finally {
    resolved.release();
  }
}
