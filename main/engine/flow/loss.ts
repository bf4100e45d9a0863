/**
 * The training loss of both tasks. G predicts x0, so the loss is the mean squared error on x0.
 * The paper writes the velocity loss ||(eps - x0) - v_hat||^2; with v_hat = (x_t - x0_hat) / t
 * that equals ||x0 - x0_hat||^2 / t^2, whose weight explodes as t -> 0 and spends the updates on
 * nearly clean inputs. The plain x0 loss weights all t alike, and the shifted t-distribution
 * already puts the weight near t = 1, where the sampler starts (engine.md's calibration).
 * A low-noise weight (lowNoiseWeight) sits between the two: see that function.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FlowConfig } from '../model/config';
import type { VideoModel } from '../model/model';
import { interpolate, sampleTrainingTimes, seededNoise, type RandomSource } from './schedule';
import { taskExample, type TaskBatch } from './tasks';

/** The random choices of one loss evaluation, drawn up front so a step is reproducible. */
export interface LossDraws {
  /** Flow time per sample, in (0, 1). */
  t: number[];
  /** Seed of each sample's noise. */
  noiseSeeds: number[];
  /** False where the caption is dropped for the null caption. */
  keepCaption: boolean[];
  /** Weight of each sample's squared error (lowNoiseWeight); absent: every sample weighs 1. */
  weight?: number[];
}

/**
 * The weight of a sample at flow time t under a low-noise weight c: (1 + c^2) / (t^2 + c^2). It is
 * 1 at t = 1 and grows to (1 + c^2) / c^2 as t -> 0, the velocity loss's 1 / t^2 capped at c. Why:
 * a nearly clean input is nearly its own answer, so its x0 error is tiny and, weighted like a noisy
 * one, hardly moves the weights; the shipped generator returned x0 at 28.8 dB from x_t at t = 0.05,
 * worse than x_t itself, and every sample's last step is such a denoising (docs/model-quality.md).
 */
export function lowNoiseWeight(t: number, c: number): number {
  return (1 + c * c) / (t * t + c * c);
}

/** The randomness options of drawLossRandomness beyond the model's flow config. */
export interface LossDrawOptions {
  /** The share of samples at a flow time uniform in (0, 1) (TrainConfig.uniformTimeMix); default 0. */
  uniformShare?: number;
  /** c of lowNoiseWeight (TrainConfig.lowNoiseWeight); absent or 0: plain x0 loss. */
  lowNoiseWeight?: number;
}

/**
 * Draws t, noise seeds and caption dropout for a batch of `batch` samples. With a `uniformShare`,
 * that share of samples takes t uniform in (0, 1) instead: the shifted distribution puts about 3%
 * of its mass below t = 0.3, so the late, nearly clean steps of a multi-step sampler (where the
 * detail is drawn) ask the model for something it has hardly been trained on.
 */
export function drawLossRandomness(rng: RandomSource, batch: number, flow: FlowConfig, options: LossDrawOptions = {}): LossDraws {
  const { uniformShare = 0, lowNoiseWeight: c = 0 } = options;
  const t = sampleTrainingTimes(rng, batch, { mean: flow.tMean, std: flow.tStd, shift: flow.trainShift });
  // Drawn only with a share, so a run without one draws exactly what it always did.
  if (uniformShare > 0) {
    for (let i = 0; i < t.length; i++) if (rng.next() < uniformShare) t[i] = Math.min(Math.max(rng.next(), 1e-4), 1 - 1e-4);
  }
  const noiseSeeds = Array.from({ length: batch }, () => rng.seed());
  const keepCaption = Array.from({ length: batch }, () => rng.next() >= flow.captionDropout);
  // Computed from t, not drawn, so weighting changes no draw of a run.
  return { t, noiseSeeds, keepCaption, ...(c > 0 && { weight: t.map((ti) => lowNoiseWeight(ti, c)) }) };
}

/** Mean (weighted per sample, where draws say so) squared error between G's x0 prediction and the clean targets; a scalar to differentiate. */
export function flowLoss(model: VideoModel, batch: TaskBatch, draws: LossDraws): tf.Scalar {
  return tf.tidy(() => {
    const { x0, cond } = taskExample(model, batch, draws.keepCaption);
    const eps = seededNoise(draws.noiseSeeds, x0.shape.slice(1));
    const xt = interpolate(x0, eps, draws.t) as tf.Tensor5D;
    const prediction = model.predictX0(xt, tf.tensor1d(draws.t), cond);
    const squared = tf.squaredDifference(prediction, x0);
    if (draws.weight === undefined) return tf.mean(squared) as tf.Scalar;
    const perSample = tf.mean(tf.reshape(squared, [draws.t.length, -1]), 1); // [B]
    return tf.mean(tf.mul(perSample, tf.tensor1d(draws.weight))) as tf.Scalar;
  });
}
