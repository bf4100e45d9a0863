/**
 * Gradients tfjs-core leaves unregistered, on every backend. Comparisons and logical ops have
 * boolean outputs, so no gradient flows through them; but tfjs refuses to differentiate any
 * graph where such an op reads a differentiated tensor (`tf.where(tf.greater(x, 0), x, y)`
 * fails with "gradient function not found for Greater"). Registering a zero gradient for them
 * makes masks built from activations work as in other frameworks.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';

const BINARY = [tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr];
const UNARY = [tf.LogicalNot];

/** Zero gradient for each of `inputNames`, shaped like the saved input. */
function zeroGradient(kernelName: string, inputNames: string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: inputNames,
    // The engine requires float32 gradients even for boolean inputs.
    gradFunc: (_dy, saved: Tensor[]) => Object.fromEntries(
      inputNames.map((name, i) => [name, () => tf.zeros(saved[i]?.shape ?? [], 'float32')]),
    ),
  };
}

/** Registers the zero gradients that are still missing; returns the kernel names it registered. */
export function registerMissingGradients(): string[] {
  const configs = [
    ...BINARY.map((name) => zeroGradient(name, ['a', 'b'])),
    ...UNARY.map((name) => zeroGradient(name, ['x'])),
  ];
  const added: string[] = [];
  for (const config of configs) {
    if (tf.getGradient(config.kernelName) !== undefined) continue;
    tf.registerGradient(config);
    added.push(config.kernelName);
  }
  return added;
}
