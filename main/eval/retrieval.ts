/**
 * `longshot eval retrieval` (paper.md Table 1, in kind): each memory encoder is trained by stage-1
 * pretraining for the same number of steps (or loaded when its run is complete), then asked to
 * retrieve random frames of held-out clips from its memory alone. Scores are PSNR, SSIM and
 * high-frequency error over whole frames and PSNR inside the characters' boxes, in one sampling
 * step and a few, beside the clip's mean frame and the same model with its memory zeroed
 * (engine.md, "Metrics"). The held-out clips and target frames are the same for every encoder.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { openDataset } from '../data/index';
import { evaluate, historyFrames, type Evaluation, type FrameScores, type TrainingClip, type VideoPsnrs } from '../engine/train/index';
import { validationClips } from '../jobs/runners/train-data';
import { loadArm, trainArm, type ArmSetup, type TrainedArm } from './arms';
import { EvalError } from './errors';
import { pairedSeedVideoInterval, type SeededByVideo } from './bootstrap';
import { checkClaims, type ClaimSpec, type Measured, type OrderingCheck } from './orderings';
import type { ModelRecordRef, Provenance, ProvenanceClock } from './provenance';
import type { EncoderArm, EvalScaleName } from './scales';
import { averageScores, averageVideoPsnrs, meanOrNull, seedSetup, trainingSeeds, type SeedRun } from './seeds';

/** The orderings paper.md expects, by arm id. */
const CLAIMS: readonly ClaimSpec[] = [
  { left: 'pfp-4x4x2', relation: '>', right: 'without-lr-4x4x2' },
  { left: 'pfp-4x4x2', relation: '>', right: 'only-lr-4x4x2' },
  { left: 'without-lr-4x4x2', relation: '>', right: 'large-patchifier-4x4x2' },
  { left: 'only-lr-4x4x2', relation: '>', right: 'large-patchifier-4x4x2' },
  { left: 'pfp-2x2x2', relation: '>=', right: 'pfp-4x4x2' },
  { left: 'pfp-2x2x1', relation: '>=', right: 'pfp-2x2x2' },
  { left: 'pfp-4x4x2', relation: '>', right: 'zeroed:pfp-4x4x2' },
  { left: 'pfp-4x4x2', relation: '>', right: 'mean-frame' },
];

/** What one retrieval evaluation runs. */
export interface RetrievalOptions {
  setup: ArmSetup;
  /** Stage-1 steps of every encoder. */
  budget: number;
  arms: readonly EncoderArm[];
  /** Held-out clips scored, and target frames per clip. */
  clips: number;
  targets: number;
  /** Sampler steps of the few-step figure. */
  fewSteps: number;
  /** Training seeds per encoder (consecutive from the setup's seed). */
  seeds: number;
  clock: ProvenanceClock;
}

/** One encoder's result. */
export interface RetrievalRow {
  id: string;
  label: string;
  variant: string;
  compression: string;
  memoryTokens: number;
  /** The memory encoder's learned output gate (it starts at 0; near 0 the memory barely reaches the generator). */
  memoryGate: number | null;
  steps: number;
  samplesSeen: number;
  trainSeconds: number;
  model: string;
  sha256: string | null;
  oneStep: FrameScores;
  fewStep: FrameScores;
  zeroMemory: FrameScores;
  /** Pooled PSNRs per held-out video behind the one-step and memory-zeroed scores (means over seeds), for paired intervals. */
  byVideo?: ArmByVideo;
  /** Each training seed's model and one-step PSNR; the figures above are their means (absent from results stored before seeds). */
  seeds?: SeedRun[];
}

/** An arm's per-video PSNRs (or the mean frame's, under oneStep). */
export interface ArmByVideo {
  videos: string[];
  oneStep: VideoPsnrs;
  zeroMemory?: VideoPsnrs;
  /** The same per training seed, for intervals that resample seeds too (absent: one seed, or results stored before). */
  perSeed?: { oneStep: VideoPsnrs; zeroMemory?: VideoPsnrs }[];
}

/** A whole retrieval evaluation, as saved to JSON and SQLite. */
export interface RetrievalResults {
  kind: 'retrieval';
  version: 1;
  provenance: Provenance;
  settings: {
    budget: number; batch: number; scale: EvalScaleName; historyFrames: number; clips: number; targets: number;
    fewSteps: number; validationFraction: number; data: string[];
    /** Training seeds of every encoder (absent from results stored before seeds: one, the provenance's). */
    seeds?: number[];
  };
  rows: RetrievalRow[];
  /** The clip's mean frame as the retrieved frame: the static-scene baseline. */
  meanFrame: FrameScores;
  /** The mean frame's per-video PSNRs (under oneStep). */
  meanFrameByVideo?: ArmByVideo;
  orderings: OrderingCheck[];
}

/** The memory gate's value, or null for an encoder without one. */
function gateOf(params: ReadonlyMap<string, tf.Variable>): number | null {
  const gate = params.get('memory.gate');
  return gate === undefined ? null : (gate.dataSync()[0] as number);
}

/** One seed's model of an arm, scored. */
interface ScoredSeed {
  trained: TrainedArm;
  sha256: string | null;
  memoryTokens: number;
  memoryGate: number | null;
  evaluation: Evaluation;
}

/** An arm's row from its seeds' scores: every figure, and each video's PSNR, is the mean over seeds. */
function armRow(arm: EncoderArm, seeds: readonly ScoredSeed[]): RetrievalRow {
  const [first] = seeds as [ScoredSeed, ...ScoredSeed[]];
  const mean = (method: 'oneStep' | 'fewStep' | 'zeroMemory') => averageScores(seeds.map((s) => s.evaluation.retrieval[method]));
  const byVideo = (method: 'oneStep' | 'zeroMemory') => averageVideoPsnrs(seeds.map((s) => s.evaluation.byVideo.methods[method]));
  return {
    id: arm.id, label: arm.label, variant: arm.variant, compression: arm.compression, memoryTokens: first.memoryTokens,
    memoryGate: meanOrNull(seeds.map((s) => s.memoryGate)),
    steps: first.trained.steps, samplesSeen: first.trained.samplesSeen,
    trainSeconds: seeds.reduce((sum, s) => sum + s.trained.trainSeconds, 0), model: first.trained.dir, sha256: first.sha256,
    oneStep: mean('oneStep'), fewStep: mean('fewStep'), zeroMemory: mean('zeroMemory'),
    byVideo: {
      videos: first.evaluation.byVideo.videos, oneStep: byVideo('oneStep'), zeroMemory: byVideo('zeroMemory'),
      ...(seeds.length > 1 && { perSeed: seeds.map(({ evaluation: { byVideo: { methods } } }) => ({ oneStep: methods.oneStep, zeroMemory: methods.zeroMemory })) }),
    },
    seeds: seeds.map((s) => ({ seed: s.trained.seed, model: s.trained.dir, sha256: s.sha256, figure: s.evaluation.retrieval.oneStep.psnr })),
  };
}

/** Runs the evaluation (see the file comment). */
export async function runRetrievalEval(options: RetrievalOptions): Promise<RetrievalResults> {
  const { setup } = options;
  const seeds = trainingSeeds(setup.seed, options.seeds);
  const datasets = setup.data.map((dir) => openDataset(dir));
  const rows: RetrievalRow[] = [];
  const models: ModelRecordRef[] = [];
  let meanFrame: FrameScores | null = null;
  let meanFrameByVideo: ArmByVideo | undefined;
  // Held-out clips by length: every arm of one scale has the same history, so they share one draw.
  // Clips and targets are drawn with the first seed, so every seed of every arm scores the same frames.
  const clipsByLength = new Map<number, TrainingClip[]>();
  let historyLength = 0;
  for (const arm of options.arms) {
    const scored: ScoredSeed[] = [];
    for (const seed of seeds) {
      const trained = await trainArm(seedSetup(setup, seed), { arm, stage: 'pretrain', steps: options.budget, start: { from: 'scratch' } });
      const loaded = loadArm(trained);
      try {
        const frames = historyFrames(loaded.config);
        historyLength = frames;
        const clips = clipsByLength.get(frames) ?? validationClips({ datasets, clipFrames: frames, seed: setup.seed, validationFraction: setup.validationFraction }, options.clips);
        clipsByLength.set(frames, clips);
        if (clips.length === 0) throw new EvalError('invalid_data', `no held-out video of at least ${frames} frames in ${setup.data.join(', ')}: add videos or raise the validation fraction`);
        setup.log(`${arm.label}${seeds.length > 1 ? ` (seed ${seed})` : ''}: scoring retrieval on ${clips.length} held-out clips x ${options.targets} frames`);
        const evaluation = await evaluate(loaded.model, trained.steps, {
          stage: 'pretrain', clips, targets: options.targets, fewSteps: options.fewSteps, batch: setup.batch, seed: setup.seed,
        });
        meanFrame ??= evaluation.retrieval.meanFrame;
        meanFrameByVideo ??= { videos: evaluation.byVideo.videos, oneStep: evaluation.byVideo.methods.meanFrame };
        models.push({ role: `retrieval ${arm.id}${seeds.length > 1 ? ` seed ${seed}` : ''}`, path: trained.dir, sha256: loaded.description.sha256 });
        scored.push({
          trained, sha256: loaded.description.sha256, memoryTokens: loaded.model.memory.tokenCount(frames), memoryGate: gateOf(loaded.model.params()), evaluation,
        });
      } finally {
        loaded.model.dispose();
      }
    }
    rows.push(armRow(arm, scored));
  }
  if (meanFrame === null) throw new EvalError('invalid_option', 'the retrieval evaluation needs at least one encoder');
  const baseline = meanFrame;
  return {
    kind: 'retrieval', version: 1, provenance: options.clock.finish(models),
    settings: {
      budget: options.budget, batch: setup.batch, scale: setup.scale, historyFrames: historyLength, clips: clipsByLength.get(historyLength)?.length ?? 0,
      targets: options.targets, fewSteps: options.fewSteps, validationFraction: setup.validationFraction, data: [...setup.data], seeds,
    },
    rows, meanFrame: baseline, ...(meanFrameByVideo && { meanFrameByVideo }), orderings: retrievalOrderings(rows, baseline, meanFrameByVideo),
  };
}

/**
 * The expected orderings on whole-frame PSNR and on PSNR inside character boxes (one step), each
 * with its paired interval over held-out videos where the rows carry per-video figures.
 */
export function retrievalOrderings(rows: readonly RetrievalRow[], meanFrame: FrameScores, meanFrameByVideo?: ArmByVideo): OrderingCheck[] {
  const metrics: [string, (s: FrameScores) => number | null, 'psnr' | 'boxPsnr'][] = [
    ['PSNR, 1 step', (s) => s.psnr, 'psnr'], ['PSNR in boxes, 1 step', (s) => s.boxPsnr, 'boxPsnr'],
  ];
  const rowOf = (id: string) => rows.find((r) => r.id === id.replace(/^zeroed:/, ''));
  // Each side's figure per seed and video: the intervals resample the seeds as well as the videos.
  const perVideo = (id: string, figure: 'psnr' | 'boxPsnr'): SeededByVideo | null => {
    const source = id === 'mean-frame' ? meanFrameByVideo : rowOf(id)?.byVideo;
    const zeroed = id.startsWith('zeroed:');
    const pick = (psnrs: { oneStep: VideoPsnrs; zeroMemory?: VideoPsnrs }) => (zeroed ? psnrs.zeroMemory : psnrs.oneStep)?.[figure];
    const seeds = (source?.perSeed ?? (source ? [source] : [])).map(pick);
    return source && seeds.length > 0 && seeds.every((v) => v !== undefined) ? { videos: source.videos, seeds: seeds as (number | null)[][] } : null;
  };
  return metrics.flatMap(([metric, pick, figure]) => checkClaims(CLAIMS, metric, (id): Measured | null => {
    const measured = (label: string, value: number | null): Measured | null => (value === null ? null : { label, value });
    if (id === 'mean-frame') return measured('mean frame', pick(meanFrame));
    const row = rowOf(id);
    if (!row) return null;
    return id.startsWith('zeroed:') ? measured(`${row.label}, memory zeroed`, pick(row.zeroMemory)) : measured(row.label, pick(row.oneStep));
  }, (claim) => {
    const left = perVideo(claim.left, figure);
    const right = perVideo(claim.right, figure);
    const sameModels = claim.left.replace(/^zeroed:/, '') === claim.right.replace(/^zeroed:/, '');
    return left && right ? pairedSeedVideoInterval(left, right, { sameModels }) : null;
  }));
}
