/**
 * Gradients by parameter name, and global-norm clipping. tfjs keys gradients by its own global
 * variable names; these helpers translate to the model's stable dotted names, which is what the
 * optimizer, the EMA and checkpoints use.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node bundle registers no gradient functions; initEngine() (../backend) does.
import { OptimError } from './errors';

/** A loss value and the gradients of every parameter it depends on, by parameter name. */
export interface Gradients {
  loss: number;
  /** Owned by the caller: dispose after the optimizer step. */
  grads: Map<string, tf.Tensor>;
}

/**
 * Runs `lossFn` and differentiates it with respect to the trainable parameters. Parameters the
 * loss does not reach get no entry. Intermediate tensors are freed; only the gradients remain.
 */
export function computeGradients(params: ReadonlyMap<string, tf.Variable>, lossFn: () => tf.Scalar): Gradients {
  const nameOf = new Map<string, string>([...params].map(([name, variable]) => [variable.name, name]));
  const trainable = [...params.values()].filter((v) => v.trainable);
  const { value, grads } = tf.variableGrads(lossFn, trainable);
  const loss = (value.dataSync() as ArrayLike<number>)[0] as number;
  value.dispose();
  const byName = new Map<string, tf.Tensor>();
  for (const [variableName, grad] of Object.entries(grads)) byName.set(nameOf.get(variableName) as string, grad);
  return { loss, grads: byName };
}

/** Clipped gradients and the global norm they had before clipping. */
export interface ClippedGradients {
  /** New tensors owned by the caller; the input gradients are left as they were. */
  grads: Map<string, tf.Tensor>;
  norm: number;
}

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` (the factor is
 * `maxNorm / (norm + 1e-6)`, PyTorch's clip_grad_norm_). A non-finite norm leaves them unscaled:
 * the caller should skip that step, and `norm` tells it so.
 */
export function clipGradsByGlobalNorm(grads: ReadonlyMap<string, tf.Tensor>, maxNorm: number): ClippedGradients {
  if (!(Number.isFinite(maxNorm) && maxNorm > 0)) throw new OptimError('invalid_option', `maxNorm must be positive, got ${maxNorm}`);
  const tensors = [...grads.values()];
  const norm = tensors.length === 0 ? 0 : tf.tidy(() =>
    tf.sqrt(tf.addN(tensors.map((g) => tf.sum(tf.square(g))))).dataSync()[0] as number);
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  const clipped = new Map<string, tf.Tensor>();
  for (const [name, grad] of grads) clipped.set(name, scale === 1 ? tf.clone(grad) : tf.tidy(() => tf.mul(grad, scale)));
  return { grads: clipped, norm };
}
