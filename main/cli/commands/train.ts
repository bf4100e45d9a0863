/**
 * `longshot train pretrain|finetune --data DIR --preset tiny|base [--from CKPT] [--out DIR] ...`:
 * trains in this process with a progress line, continuing automatically when the run folder
 * holds a checkpoint of the same settings. Ctrl-C saves a checkpoint and stops; running the same
 * command again continues. With --project, the project's footage is the default data and the
 * run, its metrics and the finished model are recorded in the project.
 */
import { initEngine } from '../../engine/backend/index';
import { CancelledError } from '../../engine/flow/errors';
import { defaultTrainConfig, TRAINING_STAGES, type TrainingStage } from '../../engine/train/index';
import { projectFootageDataset } from '../../jobs/runners/train-footage';
import { runTrainJob } from '../../jobs/runners/train-job';
import { TrainingRecord } from '../../jobs/runners/train-record';
import { trainJobOptions, trainParamsSchema, trainRunDir, type TrainParams } from '../../jobs/runners/train-params';
import { closeProject, resolveProjectRef, type JsonValue, type Project } from '../../project/index';
import { CliError, type CommandArgs, type Command } from '../command';
import { optionalNumber } from './data-options';
import { WORKERS_OPTION, trainWorkers } from './train-workers';
import { openForWriting } from './open-writer';
import { formatDuration, formatEvaluation, ProgressPrinter, trainFailure } from './train-progress';

/** The job params of the command line (checked by the runner's schema). */
function paramsOf(stage: TrainingStage, args: CommandArgs): TrainParams {
  const text = (name: string): string | undefined => {
    const value = args.values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const data = args.values.data;
  const raw = {
    stage,
    modelPreset: text('preset'),
    steps: optionalNumber(args, 'steps', { min: 1, max: 10_000_000, whole: true }) ?? 20_000,
    seed: optionalNumber(args, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, whole: true }),
    data: Array.isArray(data) ? data.map(String) : undefined,
    from: text('from'), out: text('out'),
    batch: optionalNumber(args, 'batch', { min: 1, max: 4096, whole: true }),
    lr: optionalNumber(args, 'lr', { min: 1e-8, max: 1 }),
    retrievalMix: optionalNumber(args, 'retrieval-mix', { min: 0, max: 0.95 }),
    openingMix: optionalNumber(args, 'opening-mix', { min: 0, max: 0.95 }),
    cutMix: optionalNumber(args, 'cut-mix', { min: 0, max: 0.95 }),
    revisitMix: optionalNumber(args, 'revisit-mix', { min: 0, max: 0.95 }),
    historyNoise: optionalNumber(args, 'history-noise', { min: 0, max: 1 }),
    uniformTimeMix: optionalNumber(args, 'uniform-time-mix', { min: 0, max: 0.95 }),
    lowNoiseWeight: optionalNumber(args, 'low-noise-weight', { min: 0.01, max: 10 }),
    shotEmbedding: args.values['shot-embedding'] === true ? true : undefined,
    windowInjection: args.values['window-injection'] === true ? true : undefined,
    windowShortcut: args.values['window-shortcut'] === true ? true : undefined,
    skipConnection: args.values['skip-connection'] === true ? true : undefined,
    pixelHead: optionalNumber(args, 'pixel-head', { min: 1, max: 256, whole: true }),
    pixelGate: args.values['pixel-gate'] === true ? true : undefined,
    memory: text('memory'), encoder: text('encoder'),
    evalEvery: optionalNumber(args, 'eval-every', { min: 0, max: 10_000_000, whole: true }),
    checkpointEvery: optionalNumber(args, 'checkpoint-every', { min: 1, max: 10_000_000, whole: true }),
    evalClips: optionalNumber(args, 'eval-clips', { min: 0, max: 10_000, whole: true }),
  };
  const parsed = trainParamsSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`--${String(issue?.path[0] ?? 'options')}: ${issue?.message ?? 'invalid'}`, 2);
  }
  return parsed.data;
}

async function train(stage: TrainingStage, args: CommandArgs, io: Parameters<Command['run']>[1]): Promise<number> {
  const params = paramsOf(stage, args);
  const minutes = optionalNumber(args, 'minutes', { min: 0.1, max: 1e6 });
  const projectRef = args.values.project;
  // The run is recorded in the project as it trains: its write lease is held for the whole run,
  // so a project another process writes is refused before any training (exit code 75).
  const project: Project | null = typeof projectRef === 'string' ? openForWriting(resolveProjectRef(projectRef), 'longshot train', io.out) : null;
  try {
    const out = params.out ?? (project ? trainRunDir(project.path, params) : undefined);
    if (out === undefined) throw new CliError('--out DIR is required (or --project, whose training folder is then used)', 2);
    const data = params.data ?? (project ? [projectFootageDataset(project)] : undefined);
    if (data === undefined) throw new CliError('--data DIR is required (or --project, whose footage is then used)', 2);
    const engine = await initEngine();
    if (engine.warning) io.err(`warning: ${engine.warning}`);
    const workers = trainWorkers(args, engine.backend, params.batch ?? defaultTrainConfig(stage).batch);
    io.out(`training ${stage} (${params.modelPreset ?? (params.from ? `from ${params.from}` : 'tiny')}) on ${data.join(', ')} with ${engine.backend}${workers > 1 ? ` on ${workers} engines` : ''} -> ${out}`);
    const record = project && TrainingRecord.start(project, { jobId: null, stage, config: { ...params, runDir: out } as JsonValue, runDir: out });
    const printer = new ProgressPrinter(io.out);
    try {
      const result = await runTrainJob({
        ...trainJobOptions(params, data, out), signal: io.signal, checkpointOnCancel: true,
        ...(minutes !== undefined && { deadline: Date.now() + minutes * 60_000 }),
        workers,
      }, {
        onStart: ({ step, steps, resumed }) => {
          io.out(resumed ? `continuing from step ${step} of ${steps} (${resumed.dir})` : `starting at step 0 of ${steps}`);
          for (const skipped of resumed?.skipped ?? []) io.err(`warning: skipped a damaged checkpoint: ${skipped.reason}`);
        },
        onStep: (report) => printer.step(report),
        onEvaluation: (evaluation) => io.out(formatEvaluation(evaluation)),
        onCheckpoint: ({ step, dir }) => io.out(`checkpoint step ${step}: ${dir}`),
        ...(record && { onMetrics: (step: number, metrics: Record<string, number>) => record.metrics(step, metrics) }),
        log: (text) => io.err(`warning: ${text}`),
      }, engine.backend);
      const { outcome } = result;
      if (outcome.status === 'paused') {
        record?.end('interrupted');
        io.out(`paused at step ${outcome.step} of ${outcome.steps} after ${formatDuration(outcome.elapsedSeconds)} of training; run the same command to continue`);
        return 0;
      }
      const model = record?.complete(result.model, outcome.metrics);
      io.out(`done: ${outcome.steps} steps, ${outcome.samplesSeen} clips, ${formatDuration(outcome.elapsedSeconds)} of training`);
      if (result.model) io.out(`model (EMA weights): ${result.model.dir}${model ? ` (registered as model ${model.id})` : ''}`);
      return 0;
    } catch (error) {
      record?.end(error instanceof CancelledError ? 'cancelled' : 'failed');
      throw error;
    }
  } catch (error) {
    return trainFailure(error);
  } finally {
    if (project) closeProject(project);
  }
}

/** `longshot train pretrain|finetune`. */
export const trainCommand: Command = {
  path: ['train'],
  summary: 'Train a model: pretrain (frame retrieval) or finetune (continuation); resumable',
  positionals: 'pretrain|finetune',
  options: {
    data: { type: 'string', multiple: true, value: 'DIR', description: 'Dataset folder (repeatable); default: the project\'s footage' },
    preset: { type: 'string', value: 'NAME', description: 'Model preset for a fresh model: tiny (default) or base' },
    from: { type: 'string', value: 'CKPT', description: 'Start from this checkpoint or model folder (its EMA weights)' },
    out: { type: 'string', value: 'DIR', description: 'Run folder (checkpoints, metrics.jsonl, model/); continues a run found there' },
    steps: { type: 'string', value: 'N', description: 'Optimizer steps of the whole run; default 20000' },
    batch: { type: 'string', value: 'B', description: 'Clips per step; default 4' },
    lr: { type: 'string', value: 'X', description: 'Peak learning rate; default 3e-4 (pretrain), 1e-4 (finetune)' },
    'retrieval-mix': { type: 'string', value: 'P', description: 'Finetune: the share of steps that keep training frame retrieval (0 to 0.95); default 0' },
    'opening-mix': { type: 'string', value: 'P', description: 'Finetune: the share of continuation steps that make a shot\'s first chunk from its caption alone; default 0' },
    'cut-mix': { type: 'string', value: 'P', description: 'Finetune: the share of continuation steps whose target starts at a hard cut; default 0' },
    'revisit-mix': { type: 'string', value: 'P', description: 'Finetune: the share of continuation steps whose target is a cut back to a place the history still holds (only memory can bring it back); default 0' },
    'history-noise': { type: 'string', value: 'S', description: 'Finetune: corrupt continuation histories with noise of strength up to S (0 to 1), as generated history is; default 0' },
    'uniform-time-mix': { type: 'string', value: 'P', description: 'The share of samples trained at a flow time drawn uniformly, so multi-step sampling\'s late steps are trained too (0 to 0.95); default 0' },
    'low-noise-weight': { type: 'string', value: 'C', description: 'Weight each sample\'s x0 error by (1 + C^2) / (t^2 + C^2), so nearly clean inputs (every sample\'s last denoising) count (0.01 to 10); default: plain x0 loss' },
    'shot-embedding': { type: 'boolean', description: 'Finetune --from a model without one: add the new-shot embedding (does the chunk open a shot or continue it)' },
    'window-injection': { type: 'boolean', description: 'Finetune --from a model without it: add the last recent frame onto each target token at its place (starts at zero)' },
    'window-shortcut': { type: 'boolean', description: 'Finetune --from a model without it: a gated pixel path from the last recent frame to the output (starts at zero)' },
    'pixel-head': { type: 'string', value: 'N', description: 'Finetune --from a model without it: N-channel 3x3 convolutions at full resolution correcting G\'s patch-wise output (starts at zero)' },
    'pixel-gate': { type: 'boolean', description: 'Finetune --from a model without it: the pixel head also gates x_t itself into its output per pixel, so nearly clean inputs pass through (starts at zero)' },
    'skip-connection': { type: 'boolean', description: 'Finetune --from a model without it: predict x0 as c_skip(t) x_t + c_out(t) G (EDM preconditioning), so low-noise steps keep detail' },
    memory: { type: 'string', value: 'RATE', description: 'Memory compression: 4x4x2 (default), 2x2x2 or 2x2x1' },
    encoder: { type: 'string', value: 'KIND', description: 'Memory encoder: pfp (default), large-patchifier, only-lr, without-lr, none' },
    seed: { type: 'string', value: 'S', description: 'Seed of the weights and every random draw; default 1' },
    project: { type: 'string', value: 'P', description: 'Record the run in this project (and train on its footage by default)' },
    minutes: { type: 'string', value: 'M', description: 'Stop with a checkpoint after M minutes (run again to continue)' },
    workers: WORKERS_OPTION,
    'eval-every': { type: 'string', value: 'N', description: 'Evaluate every N steps; default 500 (0: never)' },
    'checkpoint-every': { type: 'string', value: 'N', description: 'Checkpoint every N steps; default 250' },
    'eval-clips': { type: 'string', value: 'N', description: 'Held-out clips per evaluation; default 16' },
  },
  async run(args, io) {
    const [stage, ...extra] = args.positionals;
    const known = TRAINING_STAGES.find((s) => s === stage);
    if (known === undefined || extra.length > 0) throw new CliError(`train takes one stage: ${TRAINING_STAGES.join(' or ')}`, 2);
    return train(known, args, io);
  },
};
