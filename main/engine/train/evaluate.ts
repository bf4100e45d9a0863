/**
 * Evaluation on held-out clips, with the same draws every time (targets, noise, flow times come
 * from a generator seeded afresh), so successive evaluations of a run are comparable:
 * - the validation loss of the stage's task;
 * - retrieval (engine.md, "Metrics"): random frames of each clip's history reconstructed from
 *   phi(history) alone (null caption), in one sampling step (x0 at t = 1, the model's best guess
 *   from memory) and in a few steps, always beside three baselines: the same model with its memory
 *   zeroed, the clip's mean frame, and a copy of the nearest frame the generator sees without
 *   memory (nearestWindowFrame), and an oracle that has seen the target's shot: the mean frame of
 *   the history's frames in that shot. PSNR (0-255), SSIM, high-frequency error, and PSNR inside
 *   the characters' boxes where the data has them (Storyworld), since whole-frame PSNR is
 *   dominated by static backgrounds.
 * PSNR is pooled per video (the PSNR of the mean squared error over all of a video's scored
 * frames), then averaged over videos, so a baseline that copies a target exactly adds an error of
 * 0 to its video rather than a capped 100 dB frame to the mean; the per-video figures are kept
 * for paired intervals over videos (main/eval/bootstrap.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { drawLossRandomness, flowLoss } from '../flow/loss';
import { modelSampling, sample } from '../flow/sampler';
import { framesFromTensor, meanFrame, type RgbFrame } from '../metrics/frame';
import { highFrequencyError } from '../metrics/high-frequency';
import { meanSquaredError, psnrFromMse, squaredErrorInBoxes, type PixelBox } from '../metrics/psnr';
import { ssim } from '../metrics/ssim';
import type { MemoryEncoding } from '../model/memory/encoder';
import type { VideoModel } from '../model/model';
import { Rng } from '../optim/rng';
import { continuationBatch, distinctIndices, range, retrievalBatch } from './batches';
import { clipsTensor, type TrainingClip } from './clips';
import { historyFrames, type TrainingStage } from './config';

/** The ways a retrieved frame is produced: the model, and the four baselines. */
export const RETRIEVAL_METHODS = ['oneStep', 'fewStep', 'zeroMemory', 'nearestFrame', 'meanFrame', 'shotMeanFrame'] as const;
/** One of RETRIEVAL_METHODS. */
export type RetrievalMethod = (typeof RETRIEVAL_METHODS)[number];

/** Scores of one method: PSNRs pooled per video then averaged over videos, SSIM and HF error over frames. */
export interface FrameScores {
  psnr: number;
  ssim: number;
  hfError: number;
  /** PSNR inside the characters' boxes; null when no scored frame had a character. */
  boxPsnr: number | null;
}

/** One method's pooled PSNRs per video, in the order of RetrievalByVideo.videos. */
export interface VideoPsnrs {
  psnr: number[];
  /** Null for a video none of whose scored frames had a character. */
  boxPsnr: (number | null)[];
}

/** Every method's per-video figures, paired by video. */
export interface RetrievalByVideo {
  videos: string[];
  methods: Record<RetrievalMethod, VideoPsnrs>;
}

/** One evaluation. */
export interface Evaluation {
  step: number;
  valLoss: number;
  /** Target frames scored per method. */
  frames: number;
  fewSteps: number;
  retrieval: Record<RetrievalMethod, FrameScores>;
  byVideo: RetrievalByVideo;
}

/** What to evaluate on. */
export interface EvaluationOptions {
  stage: TrainingStage;
  clips: readonly TrainingClip[];
  /** Target frames per clip. */
  targets: number;
  /** Sampler steps of the few-step figure. */
  fewSteps: number;
  /** Clips per forward pass. */
  batch: number;
  /** Seeds every draw, the same at each evaluation. */
  seed: number;
}

class Mean {
  private sum = 0;
  private count = 0;

  add(value: number, weight = 1): void {
    this.sum += value * weight;
    this.count += weight;
  }

  get value(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }
}

/** Squared errors summed over one video's scored frames. */
class VideoTotals {
  squared = 0;
  values = 0;
  boxSquared = 0;
  boxValues = 0;
}

class Scorer {
  private readonly videos = new Map<string, VideoTotals>();
  private readonly ssim = new Mean();
  private readonly hfError = new Mean();

  add(video: string, predicted: RgbFrame, target: RgbFrame, boxes: readonly PixelBox[] | undefined): void {
    let totals = this.videos.get(video);
    if (!totals) this.videos.set(video, (totals = new VideoTotals()));
    totals.squared += meanSquaredError(predicted, target) * predicted.data.length;
    totals.values += predicted.data.length;
    if (boxes && boxes.length > 0) {
      const inBoxes = squaredErrorInBoxes(predicted, target, boxes);
      totals.boxSquared += inBoxes.sum;
      totals.boxValues += inBoxes.count;
    }
    this.ssim.add(ssim(predicted, target));
    this.hfError.add(highFrequencyError(predicted, target));
  }

  /** Pooled PSNRs of the given videos, in that order. */
  byVideo(videos: readonly string[]): VideoPsnrs {
    const of = (video: string) => this.videos.get(video) ?? new VideoTotals();
    return {
      psnr: videos.map((v) => psnrFromMse(of(v).squared / Math.max(1, of(v).values))),
      boxPsnr: videos.map((v) => (of(v).boxValues === 0 ? null : psnrFromMse(of(v).boxSquared / of(v).boxValues))),
    };
  }

  /** The method's scores, from its per-video PSNRs (byVideo) and its frame means. */
  scores({ psnr, boxPsnr }: VideoPsnrs): FrameScores {
    const boxes = boxPsnr.filter((x): x is number => x !== null);
    const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
    return { psnr: mean(psnr) ?? 0, ssim: this.ssim.value ?? 0, hfError: this.hfError.value ?? 0, boxPsnr: mean(boxes) };
  }
}

/** Frame `index` of a clip as an RgbFrame view. */
function clipFrame(clip: TrainingClip, index: number): RgbFrame {
  const size = clip.width * clip.height * 3;
  return { width: clip.width, height: clip.height, data: clip.frames.subarray(index * size, (index + 1) * size) };
}

/**
 * The frame the `nearestFrame` baseline copies for history frame `index`: of the frames the
 * generator sees without memory when it continues after the history (its recent window, the last
 * max(1, windowFrames) history frames), the one nearest in time to `index`. A target inside the
 * window is copied exactly, since the generator does see it.
 */
export function nearestWindowFrame(index: number, history: number, windowFrames: number): number {
  return Math.max(index, history - Math.max(1, windowFrames));
}

/**
 * The frame the `shotMeanFrame` oracle predicts for history frame `index`: the mean of the
 * history's frames in the shot holding it (from the last shot start at or before it to the next).
 */
function shotMeanFrame(clip: TrainingClip, index: number, history: number, cache: Map<number, RgbFrame>): RgbFrame {
  let start = index;
  while (start > 0 && !clip.shotStart?.[start]) start -= 1;
  let cached = cache.get(start);
  if (!cached) {
    let end = start + 1;
    while (end < history && !clip.shotStart?.[end]) end += 1;
    cached = meanFrame(range(start, end - start).map((i) => clipFrame(clip, i)));
    cache.set(start, cached);
  }
  return cached;
}

/** Validation loss of one group of clips, with the stage's task and fixed draws. */
function groupLoss(model: VideoModel, group: readonly TrainingClip[], targets: number[][], options: EvaluationOptions, rng: Rng): number {
  const history = historyFrames(model.config);
  const drawn = options.stage === 'pretrain'
    ? retrievalBatch(group, targets)
    : continuationBatch(group, history, history, model.config.video.chunkFrames);
  const draws = drawLossRandomness(rng, group.length, model.config.flow);
  // Scored as trained: retrieval without captions, continuation with them.
  draws.keepCaption = draws.keepCaption.map(() => options.stage !== 'pretrain');
  try {
    return tf.tidy(() => flowLoss(model, drawn.batch, draws).dataSync()[0] as number);
  } finally {
    drawn.dispose();
  }
}

/** Retrieves `targets` of each clip's history from memory and scores them with every method. */
async function scoreGroup(model: VideoModel, group: readonly TrainingClip[], keys: readonly string[], targets: number[][], options: EvaluationOptions, rng: Rng, scorers: Record<RetrievalMethod, Scorer>): Promise<void> {
  const history = historyFrames(model.config);
  const full = clipsTensor(group);
  const past = full.shape[1] === history ? full : tf.gather(full, range(0, history), 1) as tf.Tensor5D; // [B, history, H, W, C]
  if (past !== full) full.dispose();
  const memory = model.encodeMemory(past, range(0, history));
  past.dispose();
  const zeroed: MemoryEncoding = { tokens: tf.zerosLike(memory.tokens), positions: memory.positions };
  const seeds = group.map(() => rng.seed());
  const request = (mem: MemoryEncoding) => ({
    captions: group.map(() => ''), keepCaptions: group.map(() => false), memory: mem, window: null, targetTimes: targets, seeds,
    newShot: group.map(() => false), // retrieved frames lie inside the history
  });
  const sampling = modelSampling(model.config.flow);
  const outputs: [RetrievalMethod, tf.Tensor5D][] = [];
  try {
    outputs.push(['oneStep', await sample(model, request(memory), { steps: 1, guidance: 1, ...sampling })]);
    outputs.push(['fewStep', await sample(model, request(memory), { steps: options.fewSteps, guidance: 1, ...sampling })]);
    outputs.push(['zeroMemory', await sample(model, request(zeroed), { steps: 1, guidance: 1, ...sampling })]);
    const means = group.map((clip) => meanFrame(range(0, history).map((i) => clipFrame(clip, i))));
    for (const [method, tensor] of outputs) {
      const frames = framesFromTensor(tensor); // batch-major: clip i, target k at i * K + k
      targets.forEach((row, i) => row.forEach((index, k) => {
        const clip = group[i] as TrainingClip;
        scorers[method].add(keys[i] as string, frames[i * row.length + k] as RgbFrame, clipFrame(clip, index), clip.boxes?.[index]);
      }));
    }
    const { windowFrames } = model.config.generator;
    targets.forEach((row, i) => {
      const clip = group[i] as TrainingClip;
      const key = keys[i] as string;
      const shots = new Map<number, RgbFrame>();
      for (const index of row) {
        const target = clipFrame(clip, index);
        const boxes = clip.boxes?.[index];
        scorers.meanFrame.add(key, means[i] as RgbFrame, target, boxes);
        scorers.nearestFrame.add(key, clipFrame(clip, nearestWindowFrame(index, history, windowFrames)), target, boxes);
        scorers.shotMeanFrame.add(key, shotMeanFrame(clip, index, history, shots), target, boxes);
      }
    });
  } finally {
    tf.dispose([memory.tokens, zeroed.tokens, ...outputs.map(([, tensor]) => tensor)]);
  }
}

/** Evaluates `model` as it is (the caller swaps in EMA weights when it wants them scored). */
export async function evaluate(model: VideoModel, step: number, options: EvaluationOptions): Promise<Evaluation> {
  const rng = Rng.fromSeed(options.seed);
  const history = historyFrames(model.config);
  const scorers = Object.fromEntries(RETRIEVAL_METHODS.map((m) => [m, new Scorer()])) as Record<RetrievalMethod, Scorer>;
  const loss = new Mean();
  const keys = options.clips.map((clip, i) => clip.videoKey ?? `clip ${i}`);
  for (let start = 0; start < options.clips.length; start += options.batch) {
    const group = options.clips.slice(start, start + options.batch);
    const targets = group.map(() => distinctIndices(rng, history, options.targets));
    loss.add(groupLoss(model, group, targets, options, rng), group.length);
    await scoreGroup(model, group, keys.slice(start, start + options.batch), targets, options, rng, scorers);
  }
  const videos = [...new Set(keys)];
  const methods = Object.fromEntries(RETRIEVAL_METHODS.map((m) => [m, scorers[m].byVideo(videos)])) as Record<RetrievalMethod, VideoPsnrs>;
  const retrieval = Object.fromEntries(RETRIEVAL_METHODS.map((m) => [m, scorers[m].scores(methods[m])])) as Record<RetrievalMethod, FrameScores>;
  return { step, valLoss: loss.value ?? 0, frames: options.clips.length * options.targets, fewSteps: options.fewSteps, retrieval, byVideo: { videos, methods } };
}

/** An evaluation as flat named metrics (SQLite rows, metrics.jsonl, checkpoint configs). */
export function evaluationMetrics(evaluation: Evaluation): Record<string, number> {
  const out: Record<string, number> = { 'val/loss': evaluation.valLoss };
  for (const method of RETRIEVAL_METHODS) {
    const scores = evaluation.retrieval[method];
    out[`retrieval/${method}/psnr`] = scores.psnr;
    out[`retrieval/${method}/ssim`] = scores.ssim;
    out[`retrieval/${method}/hfError`] = scores.hfError;
    if (scores.boxPsnr !== null) out[`retrieval/${method}/boxPsnr`] = scores.boxPsnr;
  }
  return out;
}
