/**
 * Makes tfjs's gradient functions available. In Node, `@tensorflow/tfjs-core` resolves to its
 * CommonJS bundle, which registers no gradients (the union package `@tensorflow/tfjs` normally
 * imports them), and core's ESM `register_all_gradients` cannot load under Node's resolver
 * (extensionless imports). The CommonJS bundle of `@tensorflow/tfjs-layers`, already a
 * dependency, registers the full set in tfjs's global gradient registry when loaded, so it is
 * imported here for that side effect only; no layers API is used.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

/** Kernels whose gradients every training step needs; checked by the start-up self-test. */
export const REQUIRED_GRADIENTS = ['BatchMatMul', 'Mean', 'Softmax', 'Transpose', 'Reshape', 'Concat', 'Slice', 'Sigmoid', 'Rsqrt', 'Tile'] as const;

/** The kernels of REQUIRED_GRADIENTS that have no registered gradient (empty when training can run). */
export function missingGradients(): string[] {
  return REQUIRED_GRADIENTS.filter((name) => tf.getGradient(name) === undefined);
}
