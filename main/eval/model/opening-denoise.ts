/**
 * How a model denoises a storyboard's opening chunk (its first chunk: caption alone, no history),
 * given the TRUE opening noised to each flow time. Two questions, apart from everything a rollout
 * adds:
 * - **x0 per flow time**: G's x0 from the true chunk noised to t, against x_t itself (clipped to
 *   the pixel range) at the same t. Near t = 0 x_t is nearly the answer; a G below it destroys the
 *   detail it is handed, and every sample's last step is such a denoising.
 * - **sampling from a noised truth** (SDEdit, Meng et al. 2021): the sampler's own grid walked
 *   from the true chunk noised to a start time. From t = 1 it is plain sampling; from lower starts
 *   the layout is given, so what stays blurred there is the denoiser's fault, not the layout's.
 * This is how the shipped generator was found to return x0 at 28.8 dB from x_t at t = 0.05, soft
 * even where the frame is given (docs/model-quality.md, cause 10).
 */
import * as tf from '@tensorflow/tfjs-core';
import { StoryworldVideo, type StoryworldOptions } from '../../data/index';
import { flowStep, stepNoise } from '../../engine/flow/sampler';
import { interpolate, samplerTimes, seededNoise } from '../../engine/flow/schedule';
import { pooledPsnr } from '../../engine/metrics/psnr';
import { disposeCaption } from '../../engine/model/caption-encoder';
import type { Conditioning } from '../../engine/model/generator';
import type { VideoModel } from '../../engine/model/model';
import { clipToFrames, framesToClip } from '../../jobs/generation/frames';
import type { LoadedModel } from '../../jobs/generation/model-source';

/** Flow times G's x0 is scored at. */
export const DENOISE_TIMES = [1, 0.9, 0.75, 0.6, 0.45, 0.3, 0.15, 0.05] as const;
/** Start times of sampling from the noised truth (1: plain sampling). */
export const SDEDIT_STARTS = [1, 0.9, 0.75, 0.6, 0.45, 0.3] as const;

/** One flow time's figures. */
export interface DenoiseAtTime {
  t: number;
  /** PSNR of G's x0 from the true chunk noised to t. */
  x0Psnr: number;
  /** PSNR of x_t itself, clipped to the pixel range. */
  inputPsnr: number;
}

/** One start time's figures. */
export interface SdeditFromTime {
  start: number;
  psnr: number;
}

/** One storyboard's opening. */
export interface OpeningDenoise {
  caption: string;
  byTime: DenoiseAtTime[];
  sdedit: SdeditFromTime[];
  /** The opening's first true frame, then the first frame of G's x0 at each DENOISE_TIMES (RGB). */
  x0Frames: Uint8Array[];
  /** The first true frame, then the first frame sampled from each SDEDIT_STARTS (RGB). */
  sdeditFrames: Uint8Array[];
}

/** The product sampler's walk (its flowStep, with the model's stochasticity) from x at time `start` down the model's grid, returning x0. */
function sampleFrom(model: VideoModel, x: tf.Tensor5D, start: number, cond: Conditioning, options: { steps: number; seed: number }): tf.Tensor5D {
  const { sampleShift, sampleStochasticity } = model.config.flow;
  const times = [start, ...samplerTimes(options.steps, sampleShift).filter((t) => t > 0 && t < start - 1e-6), 0];
  // Steps are numbered from the end of the grid, so a start at t = 1 draws the product sampler's fresh noise.
  const skipped = options.steps + 1 - times.length;
  let current = tf.clone(x);
  for (let i = 0; i < times.length - 1; i++) {
    const t = times[i] as number;
    const next = times[i + 1] as number;
    const previous = current;
    const fresh = () => stepNoise([options.seed], skipped + i, x.shape.slice(1));
    current = tf.tidy(() => flowStep(previous, model.predictX0(previous, tf.tensor1d([t]), cond), t, next, sampleStochasticity ?? 0, fresh));
    previous.dispose();
  }
  return current;
}

/** Scores `loaded`'s denoising of the opening chunk of `source`'s storyboard (noise seed `seed`). */
export function denoiseOpening(loaded: LoadedModel, source: StoryworldOptions, options: { steps: number; seed: number }): OpeningDenoise {
  const { model, config } = loaded;
  const { width, height, chunkFrames } = config.video;
  const video = new StoryworldVideo(source);
  const truth = Array.from({ length: chunkFrames }, (_, i) => video.renderFrame(i).pixels.slice());
  const caption = video.storyboard[0]?.text ?? '';
  const x0 = framesToClip(truth, { width, height });
  const empty = framesToClip([], { width, height });
  const memory = model.encodeMemory(empty, []);
  const cond: Conditioning = {
    caption: model.encodeCaptions([caption]), memory, window: null,
    targetTimes: [Array.from({ length: chunkFrames }, (_, i) => i)], newShot: [true],
  };
  const eps = seededNoise([options.seed], x0.shape.slice(1));
  try {
    const byTime: DenoiseAtTime[] = [];
    const x0Frames = [truth[0] as Uint8Array];
    for (const t of DENOISE_TIMES) {
      const xt = interpolate(x0, eps, [t]) as tf.Tensor5D;
      const estimate = tf.tidy(() => model.predictX0(xt, tf.tensor1d([t]), cond));
      // clipToFrames clamps to the pixel range, so x_t itself reads as the frame it is closest to.
      const hat = clipToFrames(estimate);
      const input = clipToFrames(xt);
      tf.dispose([xt, estimate]);
      byTime.push({ t, x0Psnr: pooledPsnr(hat, truth), inputPsnr: pooledPsnr(input, truth) });
      x0Frames.push(hat[0] as Uint8Array);
    }
    const sdedit: SdeditFromTime[] = [];
    const sdeditFrames = [truth[0] as Uint8Array];
    for (const start of SDEDIT_STARTS) {
      const noised = interpolate(x0, eps, [start]) as tf.Tensor5D;
      const out = sampleFrom(model, noised, start, cond, options);
      const frames = clipToFrames(out);
      tf.dispose([noised, out]);
      sdedit.push({ start, psnr: pooledPsnr(frames, truth) });
      sdeditFrames.push(frames[0] as Uint8Array);
    }
    return { caption, byTime, sdedit, x0Frames, sdeditFrames };
  } finally {
    tf.dispose([x0, empty, memory.tokens, eps]);
    disposeCaption(cond.caption);
  }
}
