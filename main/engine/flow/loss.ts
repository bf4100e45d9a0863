/**
 * The training loss of both tasks. G predicts x0, so the loss is the mean squared error on x0.
 * The paper writes the velocity loss ||(eps - x0) - v_hat||^2; with v_hat = (x_t - x0_hat) / t
 * that equals ||x0 - x0_hat||^2 / t^2, whose weight explodes as t -> 0 and spends the updates on
 * nearly clean inputs. The plain x0 loss weights all t alike, and the shifted t-distribution
 * already puts the weight near t = 1, where the sampler starts (engine.md's calibration).
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
}

/**
 * Draws t, noise seeds and caption dropout for a batch of `batch` samples. With a `uniformShare`,
 * that share of samples takes t uniform in (0, 1) instead: the shifted distribution puts about 3%
 * of its mass below t = 0.3, so the late, nearly clean steps of a multi-step sampler (where the
 * detail is drawn) ask the model for something it has hardly been trained on.
 */
export function drawLossRandomness(rng: RandomSource, batch: number, flow: FlowConfig, uniformShare = 0): LossDraws {
  const t = sampleTrainingTimes(rng, batch, { mean: flow.tMean, std: flow.tStd, shift: flow.trainShift });
  // Drawn only with a share, so a run without one draws exactly what it always did.
  if (uniformShare > 0) {
    for (let i = 0; i < t.length; i++) if (rng.next() < uniformShare) t[i] = Math.min(Math.max(rng.next(), 1e-4), 1 - 1e-4);
  }
  const noiseSeeds = Array.from({ length: batch }, () => rng.seed());
  const keepCaption = Array.from({ length: batch }, () => rng.next() >= flow.captionDropout);
  return { t, noiseSeeds, keepCaption };
}

/** Mean squared error between G's x0 prediction and the clean targets; a scalar to differentiate. */
export function flowLoss(model: VideoModel, batch: TaskBatch, draws: LossDraws): tf.Scalar {
  return tf.tidy(() => {
    const { x0, cond } = taskExample(model, batch, draws.keepCaption);
    const eps = seededNoise(draws.noiseSeeds, x0.shape.slice(1));
    const xt = interpolate(x0, eps, draws.t) as tf.Tensor5D;
    const prediction = model.predictX0(xt, tf.tensor1d(draws.t), cond);
    return tf.mean(tf.squaredDifference(prediction, x0)) as tf.Scalar;
  });
}
