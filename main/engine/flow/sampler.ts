/**
 * Euler sampler for the x0-predicting generator. From pure noise at t = 1 it walks the shifted
 * time grid to 0: at each step G predicts x0_hat (with classifier-free guidance: the conditional
 * and null-caption passes batched together), the velocity is v = (x_t - x0_hat) / t, and
 * x_next = x_t + (t_next - t) v; the last step lands exactly on x0_hat, so one step returns G's
 * best reconstruction from memory. With stochasticity (flowStep) each step also swaps part of the
 * noise for fresh noise. Noise is drawn per sample from its own seed (and step), so a seed gives
 * the same video whatever else is in the batch. Memory is encoded once by the caller and reused
 * by every step (phi(H) does not depend on t).
 */
import * as tf from '@tensorflow/tfjs-core';
import { disposeCaption } from '../model/caption-encoder';
import type { FlowConfig } from '../model/config';
import { ModelError } from '../model/errors';
import type { Conditioning, WindowFrames } from '../model/generator';
import type { MemoryEncoding } from '../model/memory/encoder';
import type { VideoModel } from '../model/model';
import { hashSeed } from '../model/params';
import { CancelledError } from './errors';
import { samplerTimes, seededNoise } from './schedule';

/**
 * Called after each step with the current x0 estimate [B, Tt, H, W, C] (valid only during the
 * call). Returning 'cancel' (or a promise of it) stops the run with a CancelledError; returning a
 * promise also lets the caller yield to its event loop, e.g. to receive a cancel message.
 */
export type StepCallback = (step: number, total: number, x0Estimate: tf.Tensor5D) => void | 'cancel' | Promise<void | 'cancel'>;

/** What to generate. Tensors stay owned by the caller. */
export interface SampleRequest {
  /** One caption per sample. */
  captions: string[];
  /** Where false, that sample gets the learned null caption (e.g. memory retrieval, trained without captions). */
  keepCaptions?: readonly boolean[];
  /** phi(history) from model.encodeMemory, shared by all steps. */
  memory: MemoryEncoding;
  window: WindowFrames | null;
  /** Time index of each target frame, B rows of Tt. */
  targetTimes: number[][];
  /** One noise seed per sample. */
  seeds: number[];
  /** Per sample: the chunk opens a new shot (Conditioning.newShot); absent, the generator's default. */
  newShot?: readonly boolean[];
}

/** Sampler settings; the config's flow section holds the defaults. */
export interface SamplerOptions {
  steps: number;
  guidance: number;
  shift: number;
  /** Share of each step's noise drawn afresh, in [0, 1] (flowStep); absent or 0: the deterministic Euler sampler. */
  stochasticity?: number;
  onStep?: StepCallback;
}

/**
 * The time shift and stochasticity a model's config recommends, as SamplerOptions: every caller
 * that samples a loaded model spreads this, so none can forget a setting the weights were measured with.
 */
export function modelSampling(flow: Pick<FlowConfig, 'sampleShift' | 'sampleStochasticity'>): Pick<SamplerOptions, 'shift' | 'stochasticity'> {
  return { shift: flow.sampleShift, stochasticity: flow.sampleStochasticity };
}

/** Samples x0 [B, Tt, H, W, C] for a request. */
export async function sample(model: VideoModel, request: SampleRequest, options: SamplerOptions): Promise<tf.Tensor5D> {
  const { video } = model.config;
  const batch = request.captions.length;
  const frames = request.targetTimes[0]?.length ?? 0;
  if (request.seeds.length !== batch || request.targetTimes.length !== batch || frames === 0) {
    throw new ModelError('invalid_input', `sampler: ${batch} captions need ${batch} seeds and ${batch} rows of target times`);
  }
  const times = samplerTimes(options.steps, options.shift);
  const eta = checkedStochasticity(options.stochasticity ?? 0);
  const shape = [frames, video.height, video.width, video.channels];
  const guidance = options.guidance === 1 ? null : options.guidance;
  const cond = guidedConditioning(model, request, guidance !== null);
  let x: tf.Tensor5D | null = seededNoise(request.seeds, shape) as tf.Tensor5D;
  let x0Hat: tf.Tensor5D | null = null;
  try {
    for (let i = 0; i < options.steps; i++) {
      const t = times[i] as number;
      const next = times[i + 1] as number;
      const current: tf.Tensor5D = x as tf.Tensor5D;
      const estimate: tf.Tensor5D = tf.tidy(() => predictGuided(model, current, t, cond, guidance));
      x0Hat = estimate;
      const verdict = await options.onStep?.(i + 1, options.steps, estimate);
      if (verdict === 'cancel') throw new CancelledError(i + 1, options.steps);
      x = flowStep(current, estimate, t, next, eta, () => stepNoise(request.seeds, i, shape));
      current.dispose();
      if (x !== estimate) estimate.dispose();
      x0Hat = null;
    }
    const result = x as tf.Tensor5D;
    x = null;
    return result;
  } finally {
    x?.dispose();
    x0Hat?.dispose();
    disposeCaption(cond.caption);
    if (guidance !== null) {
      cond.memory.tokens.dispose();
      cond.window?.frames.dispose();
    }
  }
}

/**
 * One Euler step: x_next = x_t + (t_next - t) * (x_t - x0_hat) / t. At t_next = 0 that is x0_hat
 * itself, returned as it is (no new tensor); otherwise a new tensor.
 */
export function eulerStep(x: tf.Tensor5D, x0Hat: tf.Tensor5D, t: number, next: number): tf.Tensor5D {
  return next === 0 ? x0Hat : tf.tidy(() => tf.add(x, tf.mul(tf.div(tf.sub(x, x0Hat), t), next - t)) as tf.Tensor5D);
}

/**
 * One step from t to next with stochasticity eta in [0, 1]. The noise x_t carries by G's estimate,
 * eps_hat = (x_t - (1 - t) x0_hat) / t, is mixed with fresh noise z of the same variance:
 * x_next = (1 - next) x0_hat + next (sqrt(1 - eta) eps_hat + sqrt(eta) z). At eta 0 that is the
 * Euler step exactly (and computed as one); at 1 every step re-noises x0_hat afresh, as an ancestral
 * sampler does. Why it helps a small G (docs/model-quality.md, cause 11): the ODE carries each
 * patch's share of the starting noise all the way down, and G reads it as content patch by patch,
 * a collage; fresh noise, we take it, keeps each step's input closer to the noise G was trained on. `fresh`
 * is called only when needed; x0_hat is returned as it is at next = 0.
 */
export function flowStep(x: tf.Tensor5D, x0Hat: tf.Tensor5D, t: number, next: number, eta: number, fresh: () => tf.Tensor): tf.Tensor5D {
  if (eta === 0 || next === 0) return eulerStep(x, x0Hat, t, next);
  return tf.tidy(() => {
    const epsHat = tf.div(tf.sub(x, tf.mul(x0Hat, 1 - t)), t);
    const noise = tf.add(tf.mul(epsHat, Math.sqrt(1 - eta)), tf.mul(fresh(), Math.sqrt(eta)));
    return tf.add(tf.mul(x0Hat, 1 - next), tf.mul(noise, next)) as tf.Tensor5D;
  });
}

/** The fresh noise of sampler step `step` [B, ...shape]: per sample, from its seed and the step alone. */
export function stepNoise(seeds: readonly number[], step: number, shape: readonly number[]): tf.Tensor {
  return seededNoise(seeds.map((seed) => hashSeed(seed, `step:${step}`)), shape);
}

/** Stochasticity as given, or a typed error outside [0, 1]. */
export function checkedStochasticity(eta: number): number {
  if (!(eta >= 0 && eta <= 1)) throw new ModelError('invalid_input', `sampler stochasticity must be in [0, 1], got ${eta}`);
  return eta;
}

/** G's x0 at time t; with guidance, null-caption pass u and conditional pass c give u + g (c - u). */
function predictGuided(model: VideoModel, x: tf.Tensor5D, t: number, cond: Conditioning, guidance: number | null): tf.Tensor5D {
  const [b] = x.shape;
  if (guidance === null) return model.predictX0(x, tf.fill([b], t) as tf.Tensor1D, cond);
  const both = model.predictX0(tf.concat([x, x], 0), tf.fill([2 * b], t) as tf.Tensor1D, cond); // [2B, Tt, H, W, C]
  const [conditional, unconditional] = tf.split(both, 2, 0) as [tf.Tensor5D, tf.Tensor5D]; // 2 x [B, Tt, H, W, C]
  return tf.add(unconditional, tf.mul(tf.sub(conditional, unconditional), guidance)) as tf.Tensor5D;
}

/**
 * The conditioning of every step. With guidance the batch is doubled: the first half has the
 * captions, the second the null caption; memory and window are repeated. The caption encoding is
 * always new; memory and window tensors are new only when doubled (the request keeps its own).
 */
function guidedConditioning(model: VideoModel, request: SampleRequest, guided: boolean): Conditioning {
  const caption = model.encodeCaptions(request.captions, request.keepCaptions);
  const shots = request.newShot && { newShot: [...request.newShot] };
  if (!guided) return { caption, memory: request.memory, window: request.window, targetTimes: request.targetTimes, ...shots };
  const batch = request.captions.length;
  const nul = model.nullCaptions(batch);
  const both = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.concat([a, b], 0);
  const doubled: Conditioning = {
    caption: {
      tokens: both(caption.tokens, nul.tokens) as tf.Tensor3D, // [2B, L, D]
      bias: both(caption.bias, nul.bias) as tf.Tensor2D, // [2B, L]
      pooled: both(caption.pooled, nul.pooled) as tf.Tensor2D, // [2B, D]
    },
    memory: { tokens: both(request.memory.tokens, request.memory.tokens) as tf.Tensor3D, positions: request.memory.positions }, // [2B, M, D]
    window: request.window === null ? null : {
      frames: both(request.window.frames, request.window.frames) as tf.Tensor5D, // [2B, W, H, W, C]
      times: [...request.window.times, ...request.window.times],
    },
    targetTimes: [...request.targetTimes, ...request.targetTimes],
    ...(request.newShot && { newShot: [...request.newShot, ...request.newShot] }),
  };
  disposeCaption(caption);
  disposeCaption(nul);
  return doubled;
}
