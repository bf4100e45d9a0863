/**
 * Named tensors as one flat float32 array in a fixed name order, and back: how weights go to a
 * data-parallel worker and its gradients come back, in a single transferable buffer per message.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Values of `tensors` (each present) laid end to end in `names` order. */
export function flatten(names: readonly string[], tensors: ReadonlyMap<string, tf.Tensor>): Float32Array {
  const sizes = names.map((name) => (tensors.get(name) as tf.Tensor).size);
  const flat = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  names.forEach((name, i) => {
    flat.set((tensors.get(name) as tf.Tensor).dataSync() as Float32Array, offset);
    offset += sizes[i] as number;
  });
  return flat;
}

/** Assigns consecutive stretches of `flat` to `variables` in `names` order. */
export function assignFlat(names: readonly string[], variables: ReadonlyMap<string, tf.Variable>, flat: Float32Array): void {
  let offset = 0;
  for (const name of names) {
    const variable = variables.get(name) as tf.Variable;
    const values = flat.subarray(offset, offset + variable.size);
    offset += variable.size;
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  }
  if (offset !== flat.length) throw new RangeError(`flat array of ${flat.length} values does not match the ${offset} values of the variables`);
}

/** Gradients of some of `names` (a parameter the loss did not reach has none), flat. */
export interface FlatGradients {
  /** Per name: whether it has a gradient (and a stretch of `values`). */
  present: boolean[];
  values: Float32Array;
}

export function flattenGradients(names: readonly string[], grads: ReadonlyMap<string, tf.Tensor>): FlatGradients {
  const present = names.map((name) => grads.has(name));
  return { present, values: flatten(names.filter((_, i) => present[i]), grads) };
}

/** Gradient tensors of a FlatGradients, shaped like `shapes` (the caller disposes them). */
export function unflattenGradients(names: readonly string[], shapes: ReadonlyMap<string, readonly number[]>, flat: FlatGradients): Map<string, tf.Tensor> {
  const grads = new Map<string, tf.Tensor>();
  let offset = 0;
  names.forEach((name, i) => {
    if (!flat.present[i]) return;
    const shape = shapes.get(name) as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    grads.set(name, tf.tensor(flat.values.subarray(offset, offset + size), shape, 'float32'));
    offset += size;
  });
  if (offset !== flat.values.length) throw new RangeError(`flat gradients of ${flat.values.length} values do not match the ${offset} values they name`);
  return grads;
}
