/**
 * The rectified-flow path and its time grids. x_t = (1 - t) x0 + t eps, t = 0 clean, t = 1
 * noise. Training draws t logit-normal (sigmoid of a normal) and shifts it toward noise with
 * t' = s t / (1 + (s - 1) t) (SD3's resolution shift); engine.md found that matching the noise
 * levels the sampler visits, with weight near t = 1, was worth about 1.3 dB at this scale. The
 * sampler walks the same shift from t = 1 down to 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../model/errors';

/** The draws a loss needs; the training loop's seeded generator (optim/rng.ts) fits it. */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** A fresh 32-bit seed for a tfjs random op. */
  seed(): number;
}

/** Shifts t in [0, 1] toward 1 (noise) for shift > 1; shift 1 is the identity. */
export function shiftTime(t: number, shift: number): number {
  return (shift * t) / (1 + (shift - 1) * t);
}

/** Logit-normal parameters and shift of training times. */
export interface TimeDistribution {
  mean: number;
  std: number;
  shift: number;
}

/** `count` training times from the shifted logit-normal distribution, each in (0, 1). */
export function sampleTrainingTimes(rng: RandomSource, count: number, dist: TimeDistribution): number[] {
  return Array.from({ length: count }, () => {
    const t = 1 / (1 + Math.exp(-(dist.mean + dist.std * rng.normal())));
    // Keep t off the end points, where x_t would carry no noise or no signal at all.
    return Math.min(Math.max(shiftTime(t, dist.shift), 1e-4), 1 - 1e-4);
  });
}

/** The sampler's grid: steps + 1 shifted times from 1 down to 0. */
export function samplerTimes(steps: number, shift: number): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new ModelError('invalid_input', `sampler steps must be a positive integer, got ${steps}`);
  return Array.from({ length: steps + 1 }, (_, i) => shiftTime(1 - i / steps, shift));
}

/** x_t = (1 - t) x0 + t eps with one t per sample: x0, eps [B, ...], t [B]. */
export function interpolate(x0: tf.Tensor, eps: tf.Tensor, t: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const tb = tf.reshape(tf.tensor1d([...t]), [t.length, ...x0.shape.slice(1).map(() => 1)]); // [B, 1, ...]
    return tf.add(tf.mul(tf.sub(1, tb), x0), tf.mul(tb, eps));
  });
}

/** Standard normal noise [seeds.length, ...shape]; sample i depends on seeds[i] only. */
export function seededNoise(seeds: readonly number[], shape: readonly number[]): tf.Tensor {
  return tf.tidy(() => tf.stack(seeds.map((seed) => tf.randomNormal([...shape], 0, 1, 'float32', seed))));
}
