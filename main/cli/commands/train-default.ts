/**
 * `longshot train default [--minutes M]` (`npm run train:default`): the recipe of the shipped
 * model, resumable in pieces. Each run builds the Storyworld dataset if it is missing, continues
 * stage 1 (retrieval pretraining) and then stage 2 (continuation fine-tuning from stage 1's
 * weights) for at most M minutes, then exports the newest weights (EMA) to assets/models/default,
 * scores them with `longshot eval model` in this process and rewrites MODEL_CARD.md from those
 * results, naming the command that reproduces them. Running it again continues where the
 * last piece stopped; when both stages are complete it only re-exports and re-scores.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeStoryworldDataset } from '../../data/index';
import { initEngine, type EngineInfo } from '../../engine/backend/index';
import { exportModel, type TrainingStage } from '../../engine/train/index';
import { EvalError, modelEvalCommand, modelParams, runModelEvaluation, type ModelParams } from '../../eval/index';
import { MODEL_DIR, runTrainJob, type TrainJobOptions, type TrainJobResult } from '../../jobs/runners/train-job';
import type { Command, CommandIo } from '../command';
import { numberOption } from './data-options';
import { WORKERS_OPTION, trainWorkers } from './train-workers';
import { evalFailure, progressPrinter } from './eval-options';
import { writeModelCard, type StageProgress } from './train-card';
import { formatDuration, formatEvaluation, ProgressPrinter, trainFailure } from './train-progress';

/** One stage of the recipe: a training run, from the stage before it (if any). */
interface RecipeStage {
  stage: TrainingStage;
  folder: string;
  steps: number;
  batch: number;
  retrievalMix: number;
  openingMix?: number;
  cutMix?: number;
  revisitMix?: number;
  historyNoise?: number;
  uniformTimeMix?: number;
  shotEmbedding?: boolean;
  windowInjection?: boolean;
  windowShortcut?: boolean;
  skipConnection?: boolean;
  pixelHead?: number;
}

/** The shipped model's recipe (the card states it; changing it starts new runs). */
export const DEFAULT_RECIPE = {
  data: { videos: 300, seconds: 30, width: 64, height: 64, fps: 8, seed: 1 },
  validationFraction: 0.1,
  // Stage 2 keeps a quarter of its steps on frame retrieval: without it, fine-tuning wore the
  // memory's retrieval down from 17 to 12 dB (docs/retrieval-mix/results.md). Each stage trains in
  // its own folder under the runs folder, named so a changed recipe starts a new one.
  // Stages 3 and 4 fix what made the demo a mosaic (docs/model-quality.md): a storyboard's first
  // chunk made from its caption alone and targets at hard cuts (openings, cuts); then whether a
  // chunk opens a shot or continues it (the new-shot embedding), histories as imperfect as the
  // model's own (history noise), and the low-noise steps of multi-step sampling (uniform times).
  // Stages 5 and 6 add the full-resolution pixel head (patch seams, detail handed through), then
  // weigh openings; the weights are sampled with stochasticity 1, which made the seams fainter again
  // (blockiness 2.22 -> 1.99 on 16 held-out storyboards) at equal PSNR (docs/model-quality.md, causes 7 and 11).
  stages: [
    { stage: 'pretrain', folder: 'pretrain', steps: 6000, batch: 4, retrievalMix: 0 },
    { stage: 'finetune', folder: 'finetune-mix25', steps: 3000, batch: 4, retrievalMix: 0.25 },
    { stage: 'finetune', folder: 'finetune-shots', steps: 3000, batch: 4, retrievalMix: 0.2, openingMix: 0.4, cutMix: 0.4 },
    {
      stage: 'finetune', folder: 'finetune-shot-noise', steps: 2500, batch: 4, retrievalMix: 0.2, openingMix: 0.3, cutMix: 0.3,
      historyNoise: 0.25, uniformTimeMix: 0.3, shotEmbedding: true,
    },
    {
      stage: 'finetune', folder: 'finetune-pixel-head', steps: 3000, batch: 4, retrievalMix: 0.2, openingMix: 0.4, cutMix: 0.3,
      historyNoise: 0.25, uniformTimeMix: 0.4, pixelHead: 32,
    },
    {
      stage: 'finetune', folder: 'finetune-openings', steps: 1500, batch: 4, retrievalMix: 0.1, openingMix: 0.7, cutMix: 0.1,
      historyNoise: 0.25, uniformTimeMix: 0.4,
    },
  ] as const satisfies readonly RecipeStage[],
  /** The sampler stochasticity the exported weights recommend (FlowConfig.sampleStochasticity). */
  sampleStochasticity: 1,
  seed: 1,
  evalEvery: 500,
  checkpointEvery: 100,
  evalClips: 16,
  cardClips: 128,
};

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);

async function ensureDataset(dir: string, io: CommandIo): Promise<void> {
  if (existsSync(join(dir, 'dataset.json'))) return;
  const { data } = DEFAULT_RECIPE;
  io.out(`building the Storyworld dataset: ${data.videos} videos x ${data.seconds} s -> ${dir}`);
  await writeStoryworldDataset({ dir, ...data, signal: io.signal });
}

/** Continues each stage in turn while time is left; returns the results of the stages run. */
async function trainStages(
  dataDir: string, runDir: string, deadline: number, backend: string, workersFor: (batch: number) => number, io: CommandIo,
): Promise<TrainJobResult[]> {
  const results: TrainJobResult[] = [];
  for (const [i, recipeStage] of DEFAULT_RECIPE.stages.entries()) {
    const { stage, folder, steps, batch, retrievalMix }: RecipeStage = recipeStage;
    const { openingMix, cutMix, revisitMix, historyNoise, uniformTimeMix, shotEmbedding, windowInjection, windowShortcut, skipConnection, pixelHead }: RecipeStage = recipeStage;
    const previous = results.at(-1);
    if (previous && previous.outcome.status !== 'completed') break;
    if (Date.now() >= deadline && !existsSync(join(runDir, folder))) break;
    const before = DEFAULT_RECIPE.stages[i - 1];
    const options: TrainJobOptions = {
      stage, steps, batch, retrievalMix, data: [dataDir], out: join(runDir, folder), preset: 'tiny', seed: DEFAULT_RECIPE.seed,
      ...(openingMix !== undefined && { openingMix }), ...(cutMix !== undefined && { cutMix }), ...(revisitMix !== undefined && { revisitMix }),
      ...(historyNoise !== undefined && { historyNoise }), ...(uniformTimeMix !== undefined && { uniformTimeMix }),
      ...(shotEmbedding !== undefined && { shotEmbedding }), ...(windowInjection !== undefined && { windowInjection }),
      ...(windowShortcut !== undefined && { windowShortcut }), ...(skipConnection !== undefined && { skipConnection }),
      ...(pixelHead !== undefined && { pixelHead }),
      evalEvery: DEFAULT_RECIPE.evalEvery, checkpointEvery: DEFAULT_RECIPE.checkpointEvery, evalClips: DEFAULT_RECIPE.evalClips,
      validationFraction: DEFAULT_RECIPE.validationFraction, signal: io.signal, checkpointOnCancel: true, deadline,
      workers: workersFor(batch),
      // Stage 2 starts from stage 1's exported (EMA) weights.
      ...(previous && before && { from: join(runDir, before.folder, MODEL_DIR) }),
    };
    io.out(`stage ${stage}: ${steps} steps of ${batch} clips${options.workers !== undefined && options.workers > 1 ? ` on ${options.workers} engines` : ''}`);
    const printer = new ProgressPrinter(io.out, 30_000);
    results.push(await runTrainJob(options, {
      onStart: ({ step, resumed }) => io.out(resumed ? `  continuing from step ${step}` : '  starting'),
      onStep: (report) => printer.step(report),
      onEvaluation: (evaluation) => io.out(`  ${formatEvaluation(evaluation)}`),
      log: (line) => io.err(`warning: ${line}`),
    }, backend));
  }
  return results;
}

/**
 * The `eval model` run of the card: every held-out setting is the recipe's, so the split is the
 * one training held out; its results and continuations go under the runs folder.
 */
export function cardEvalParams(assets: string, dataDir: string, runDir: string): ModelParams {
  return modelParams.parse({
    what: 'model', model: assets, data: [dataDir], out: join(runDir, 'eval-model'),
    clips: DEFAULT_RECIPE.cardClips, seed: DEFAULT_RECIPE.seed, validationFraction: DEFAULT_RECIPE.validationFraction,
  });
}

/** Exports the newest weights to `assets`, scores them with `eval model` in this process and writes the card from its results. */
async function publish(last: TrainJobResult, dirs: { data: string; runs: string; assets: string }, engine: EngineInfo, io: CommandIo, stages: readonly TrainJobResult[]): Promise<void> {
  const { device, backend } = engine;
  const exported = await exportModel({ from: last.outcome.checkpoint as string, to: dirs.assets, sampleStochasticity: DEFAULT_RECIPE.sampleStochasticity });
  const params = cardEvalParams(dirs.assets, dirs.data, dirs.runs);
  const command = modelEvalCommand(params);
  io.out(`scoring the shipped weights: ${command}`);
  const { results, outcome } = await runModelEvaluation(params, {
    command, projectPath: null, jobId: null, signal: io.signal, log: io.out, progress: progressPrinter(io),
  });
  const { data } = DEFAULT_RECIPE;
  const progress: StageProgress[] = stages.map((r) => ({ train: r.train, step: r.outcome.step, samplesSeen: r.outcome.samplesSeen, elapsedSeconds: r.outcome.elapsedSeconds }));
  writeModelCard(join(dirs.assets, 'MODEL_CARD.md'), {
    model: last.modelConfig, parameters: exported.parameters,
    data: { dir: dirs.data, ...data, validationFraction: DEFAULT_RECIPE.validationFraction },
    stages: progress, hardware: `${device}, tfjs ${backend} backend`, command: 'npm run train:default',
    evaluation: results, evaluatedStage: last.train.stage,
  });
  io.out(`wrote ${dirs.assets} (${exported.parameters} parameters) and its MODEL_CARD.md (evaluation: ${outcome.files.json}); `
    + `training so far ${formatDuration(progress.reduce((s, p) => s + p.elapsedSeconds, 0))}`);
}

/** `longshot train default`. */
export const trainDefaultCommand: Command = {
  path: ['train', 'default'],
  summary: 'Train (or continue training) the shipped default model and write assets/models/default with its model card',
  options: {
    minutes: { type: 'string', value: 'M', description: 'Train for at most M minutes in this piece; default 60' },
    data: { type: 'string', value: 'DIR', description: 'Storyworld dataset folder, built if missing; default .cache/storyworld-default' },
    runs: { type: 'string', value: 'DIR', description: 'Folder of the two stages\' runs; default .cache/train-default' },
    assets: { type: 'string', value: 'DIR', description: 'Where the model and MODEL_CARD.md go; default assets/models/default' },
    workers: WORKERS_OPTION,
  },
  async run(args, io) {
    const minutes = numberOption(args, 'minutes', 60, { min: 0, max: 1e6 });
    const dataDir = text(args.values.data, join('.cache', 'storyworld-default'));
    const runDir = text(args.values.runs, join('.cache', 'train-default'));
    const assets = text(args.values.assets, join('assets', 'models', 'default'));
    try {
      const engine = await initEngine();
      await ensureDataset(dataDir, io);
      const results = await trainStages(dataDir, runDir, Date.now() + minutes * 60_000, engine.backend, (batch) => trainWorkers(args, engine.backend, batch), io);
      const last = results.at(-1);
      if (!last?.outcome.checkpoint) {
        io.out('no checkpoint yet: give the piece more minutes');
        return 0;
      }
      await publish(last, { data: dataDir, runs: runDir, assets }, engine, io, results);
      const complete = results.length === DEFAULT_RECIPE.stages.length && results.every((r) => r.outcome.status === 'completed');
      io.out(complete ? 'the recipe is complete: running again only re-exports and re-scores the model'
        : 'the recipe is not complete yet: run the command again to continue');
      return 0;
    } catch (error) {
      return error instanceof EvalError ? evalFailure(error) : trainFailure(error);
    }
  },
};
