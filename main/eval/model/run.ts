/**
 * `longshot eval model` (issue 6's quality bar for a trained model): one given model, scored as it
 * is on the datasets' held-out videos (the split by video training uses), in two parts:
 *   - retrieval: random frames of held-out clips' histories reconstructed from the compressed
 *     memory alone, scored by the trainer's own evaluation (main/engine/train evaluate): one and
 *     a few sampling steps beside the memory zeroed, the nearest frame the generator sees without
 *     memory, and the clip's mean frame;
 *   - continuation: held-out storyboards continued from their real opening through a cut away and
 *     back (the consistency evaluation's pieces), judged by the attribute judge, with the model's
 *     memory and again with it zeroed, beside the held-out video itself (the judge's ceiling).
 * train default's publish step calls this in process and writes the model card from the results.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { openDataset } from '../../data/index';
import type { CompressionName, MemoryVariant } from '../../engine/model/config';
import { evaluate, historyFrames, type FrameScores, type RetrievalByVideo, type RetrievalMethod } from '../../engine/train/index';
import type { LoadedModel } from '../../jobs/generation/model-source';
import { validationClips } from '../../jobs/runners/train-data';
import { continueAndJudge, heldOutPieces, judgeReference, type HeldOutPiece } from '../consistency/pieces';
import { scoresOf, sumCounts, type ConsistencyCounts, type ConsistencyScores } from '../consistency/score';
import { EvalError } from '../errors';
import { ensureJudge, type JudgeTrainingOptions } from '../judge';
import type { ModelParams } from '../params';
import type { Provenance, ProvenanceClock } from '../provenance';
import { modelChecks, type ModelChecks } from './checks';
import { loadTrainedModel, zeroMemory } from './load';

/** What one model evaluation needs besides its params. */
export interface ModelEvalOptions {
  params: ModelParams;
  /** The output folder; continuations are generated as projects under OUT/model/. */
  out: string;
  /** How to train the judge when the judge folder holds none. */
  judgeTraining: Omit<JudgeTrainingOptions, 'out'>;
  judgeDir: string;
  clock: ProvenanceClock;
  signal?: AbortSignal;
  log(line: string): void;
  progress(step: number, total: number, message: string): void;
}

/** The scored model. */
export interface ScoredModel {
  path: string;
  sha256: string | null;
  preset: string;
  variant: MemoryVariant;
  /** The memory rate it was trained at, the only one scored. */
  compression: CompressionName;
  historySeconds: number;
  historyFrames: number;
  windowFrames: number;
  memoryTokens: number;
  /** The memory encoder's learned output gate, or null for a model without memory. */
  memoryGate: number | null;
}

/** Retrieval scores by method (RETRIEVAL_METHODS). */
export interface ModelRetrieval {
  clips: number;
  targets: number;
  fewSteps: number;
  /** Flow-matching loss of the retrieval task on the same held-out clips. */
  valLoss: number;
  scores: Record<RetrievalMethod, FrameScores>;
  /** The pooled PSNRs per held-out video behind `scores`, for paired intervals. */
  byVideo: RetrievalByVideo;
}

/** Judged continuations. */
export interface ModelContinuation {
  videos: string[];
  /**
   * Per video, seconds from its start to the revisit (what the memory must hold across), to set
   * beside the history the model was trained with (ScoredModel.historySeconds).
   */
  revisitSeconds?: number[];
  generatedFrames: number;
  judgedFrames: number;
  samplingSteps: number;
  guidance: number;
  scoreSeconds: number;
  withMemory: ConsistencyScores;
  /** The same weights with the memory gate at zero; null for a model without memory. */
  memoryZeroed: ConsistencyScores | null;
  /** The held-out videos' own frames, judged the same way. */
  reference: ConsistencyScores;
  /** The counts behind the scores, per video of `videos`, for paired intervals. */
  byVideo: { withMemory: ConsistencyCounts[]; memoryZeroed: ConsistencyCounts[] | null };
  judge: { path: string; sha256: string; accuracy: Record<string, number> };
}

/** A whole model evaluation, as saved to JSON and SQLite. */
export interface ModelEvalResults {
  kind: 'model';
  version: 1;
  provenance: Provenance;
  settings: { data: string[]; validationFraction: number; seed: number; batch: number };
  model: ScoredModel;
  retrieval: ModelRetrieval;
  continuation: ModelContinuation;
  /** The bar as measured: the model above each baseline. */
  checks: ModelChecks;
}

/** Refuses data whose frames the model was not built for. */
function checkData(loaded: LoadedModel, dirs: readonly string[]): void {
  for (const dir of dirs) {
    const mismatch = openDataset(dir).formatMismatch(loaded.config.video);
    if (mismatch !== null) throw new EvalError('invalid_data', mismatch);
  }
}

function describeModel(loaded: LoadedModel, dir: string): ScoredModel {
  const { config, description, model } = loaded;
  const frames = historyFrames(config);
  const gate: tf.Variable | undefined = model.params().get('memory.gate');
  return {
    path: dir, sha256: description.sha256, preset: description.preset, variant: config.memory.variant, compression: config.memory.compression,
    historySeconds: config.memory.historySeconds, historyFrames: frames, windowFrames: config.generator.windowFrames,
    memoryTokens: model.memory.tokenCount(frames), memoryGate: gate === undefined ? null : (gate.dataSync()[0] as number),
  };
}

async function scoreRetrieval(loaded: LoadedModel, options: ModelEvalOptions): Promise<ModelRetrieval> {
  const { params } = options;
  const frames = historyFrames(loaded.config);
  const datasets = params.data.map((dir) => openDataset(dir));
  const clips = validationClips({ datasets, clipFrames: frames, seed: params.seed, validationFraction: params.validationFraction }, params.clips);
  if (clips.length === 0) throw new EvalError('invalid_data', `no held-out video of at least ${frames} frames in ${params.data.join(', ')}: add videos or raise the validation fraction`);
  options.log(`retrieval: ${clips.length} held-out clips x ${params.targets} random frames of ${frames}-frame histories`);
  const evaluation = await evaluate(loaded.model, 0, {
    stage: 'pretrain', clips, targets: params.targets, fewSteps: params.fewSteps, batch: params.batch, seed: params.seed,
  });
  return {
    clips: clips.length, targets: params.targets, fewSteps: params.fewSteps, valLoss: evaluation.valLoss, scores: evaluation.retrieval,
    byVideo: evaluation.byVideo,
  };
}

/**
 * The continuations' work folder, named by everything the generated chunks depend on (weights,
 * data, split, generation settings), so a run started again reuses only chunks it would make the same.
 */
function workDir(options: ModelEvalOptions, model: ScoredModel, arm: 'memory' | 'zeroed'): string {
  const { data, validationFraction, seed, samplingSteps, guidance, scoreSeconds } = options.params;
  const setup = { sha256: model.sha256, data: data.map((dir) => resolve(dir)), validationFraction, seed, samplingSteps, guidance, scoreSeconds };
  return join(options.out, 'model', createHash('sha256').update(JSON.stringify(setup)).digest('hex').slice(0, 12), arm);
}

async function scoreContinuation(loaded: LoadedModel, model: ScoredModel, options: ModelEvalOptions): Promise<ModelContinuation> {
  const { params } = options;
  const judged = await ensureJudge(options.judgeDir, options.judgeTraining);
  try {
    const pieces: HeldOutPiece[] = heldOutPieces({
      data: params.data, validationFraction: params.validationFraction, count: params.videos,
      chunkFrames: loaded.config.video.chunkFrames, maxScoreSeconds: params.scoreSeconds,
    });
    const run = (arm: 'memory' | 'zeroed') => continueAndJudge(loaded, pieces, judged.judge, {
      workDir: workDir(options, model, arm), modelDir: resolve(model.path), seed: params.seed, samplingSteps: params.samplingSteps, guidance: params.guidance,
      log: (line) => options.log(`${arm}: ${line}`), ...(options.signal && { signal: options.signal }),
      onChunk: (videoId, index, chunks) => options.progress(index + 1, chunks, `${arm}: ${videoId}`),
    });
    const withMemory = await run('memory');
    // Zeroing is last: it changes the loaded weights for good.
    const memoryZeroed = zeroMemory(loaded) ? await run('zeroed') : null;
    return {
      videos: pieces.map((p) => p.video.id), revisitSeconds: pieces.map((p) => (p.segment.scoredFrames[0] ?? 0) / p.video.file.fps),
      generatedFrames: pieces.reduce((n, p) => n + p.segment.generatedFrames, 0),
      judgedFrames: pieces.reduce((n, p) => n + p.segment.scoredFrames.length, 0),
      samplingSteps: params.samplingSteps, guidance: params.guidance, scoreSeconds: params.scoreSeconds,
      withMemory: scoresOf(sumCounts(withMemory)), memoryZeroed: memoryZeroed && scoresOf(sumCounts(memoryZeroed)),
      reference: scoresOf(sumCounts(judgeReference(pieces, judged.judge))), byVideo: { withMemory, memoryZeroed },
      judge: { path: options.judgeDir, sha256: judged.sha256, accuracy: judged.metrics },
    };
  } finally {
    judged.judge.dispose();
  }
}

/** Runs the evaluation (see the file comment). */
export async function runModelEval(options: ModelEvalOptions): Promise<ModelEvalResults> {
  const { params } = options;
  const loaded = loadTrainedModel(params.model);
  try {
    checkData(loaded, params.data);
    const model = describeModel(loaded, params.model);
    for (const warning of loaded.warnings) options.log(`warning: ${warning}`);
    const retrieval = await scoreRetrieval(loaded, options);
    const continuation = await scoreContinuation(loaded, model, options);
    return {
      kind: 'model', version: 1,
      provenance: options.clock.finish([{ role: 'model', path: params.model, sha256: model.sha256 }, { role: 'judge', path: options.judgeDir, sha256: continuation.judge.sha256 }]),
      settings: { data: [...params.data], validationFraction: params.validationFraction, seed: params.seed, batch: params.batch },
      model, retrieval, continuation, checks: modelChecks(retrieval, continuation),
    };
  } finally {
    loaded.model.dispose();
  }
}
