/**
 * Regressions of the wasm kernel overrides found in real use.
 *
 * Batch-1 training produced NaN gradients: the wasm backend caches XNNPACK's packed weights by
 * the right operand's tensor id alone, a reshape shares its input's id, and with one row a
 * "transpose" is only a reshape. So dy [1, D] packed as a [D, 1] matrix (the cheaper swapped
 * product of dx = dy W^T) was reused for dW = x^T dy, where dy is [1, D]: a product of the wrong
 * shape that left most of the output uninitialised.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { flowLoss, type LossDraws } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import { VideoModel } from '../../main/engine/model/model';
import { computeGradients } from '../../main/engine/optim/gradients';
import { microConfig, syntheticVideo } from './model-fixtures';
import { expectClose, type Input, input, type Result, startWasm, withOverrides } from './kernels-reference';

beforeAll(startWasm);

/** Plain-JS a @ b for 2-D row-major inputs. */
function naiveProduct(a: Input, b: Input): Result {
  const [m = 1, k = 1] = a.shape;
  const n = b.shape[1] ?? 1;
  const values = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += (a.values[r * k + t] ?? 0) * (b.values[t * n + c] ?? 0);
      values[r * n + c] = sum;
    }
  }
  return { shape: [m, n], values };
}

/** The transpose of a 2-D input, in plain JS. */
function transposed(x: Input): Input {
  const [rows = 1, cols = 1] = x.shape;
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[c * rows + r] = x.values[r * cols + c] ?? 0;
  return { shape: [cols, rows], values };
}

/** Gradients of the micro model's flow loss on one retrieval sample, read back by name. */
function batchOfOneGradients(): Map<string, Float32Array> {
  const model = new VideoModel(microConfig(), 1);
  const clips = syntheticVideo(1, 8, 16, 16);
  const batch: TaskBatch = { kind: 'retrieval', clips, captions: ['a red ball rolls left'], targetIndices: [[1, 6]] };
  const draws: LossDraws = { t: [0.8], noiseSeeds: [101], keepCaption: [true] };
  try {
    const { grads } = computeGradients(model.params(), () => flowLoss(model, batch, draws));
    const values = new Map([...grads].map(([name, grad]) => [name, grad.dataSync() as Float32Array]));
    tf.dispose([...grads.values()]);
    return values;
  } finally {
    clips.dispose();
    model.dispose();
  }
}

describe('training with a batch of one', () => {
  it('gives finite gradients on wasm with the overrides that match the cpu backend', async () => {
    const wasm = batchOfOneGradients();
    await tf.setBackend('cpu');
    let reference: Map<string, Float32Array>;
    try {
      reference = batchOfOneGradients();
    } finally {
      await tf.setBackend('wasm');
    }
    expect([...wasm.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [name, values] of wasm) {
      const expected = reference.get(name) ?? new Float32Array();
      const finite = values.every((v) => Number.isFinite(v));
      expect(finite, `${name} has non-finite gradients`).toBe(true);
      expectClose([{ shape: [values.length], values }], [{ shape: [expected.length], values: expected }], 1e-3);
    }
  }, 30_000);
});

describe('one tensor as the right operand in two shapes', () => {
  it('a row used as [D, 1] weights and then as [1, D] weights gives both products right', () => {
    const [x, dy, w] = [input([1, 32], 1), input([1, 32], 2), input([32, 32], 3)];
    // The linear layer's backward pass: dx = dy W^T (computed as (W dy^T)^T), then dW = x^T dy.
    const backward = (xs: tf.Tensor, dys: tf.Tensor, ws: tf.Tensor): tf.Tensor[] => [
      tf.matMul(dys, ws, false, true), tf.matMul(xs, dys, true, false),
    ];
    const expected = [naiveProduct(dy, transposed(w)), naiveProduct(transposed(x), dy)];
    expectClose(withOverrides([x, dy, w], backward), expected);
  });

  it('an empty inner dimension gives zeros, not uninitialised memory', () => {
    const empty = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      // Leaves NaN in the freed block that the product's output is likely to get.
      const dirty = tf.fill([2, 3], Number.NaN);
      dirty.dataSync();
      dirty.dispose();
      return tf.matMul(a, b);
    };
    const zeros: Result = { shape: [2, 3], values: new Float32Array(6) };
    expectClose(withOverrides([input([2, 0], 7), input([0, 3], 8)], empty), [zeros]);
  });

  it('a reshaped tensor used as weights in the other factoring gives the right product', () => {
    const [a, b, c] = [input([3, 4], 4), input([4, 6], 5), input([5, 8], 6)];
    const twice = (as: tf.Tensor, bs: tf.Tensor, cs: tf.Tensor): tf.Tensor[] => [
      tf.matMul(as, bs), tf.matMul(cs, tf.reshape(bs, [8, 3])),
    ];
    const reshaped: Input = { shape: [8, 3], values: b.values };
    expectClose(withOverrides([a, b, c], twice), [naiveProduct(a, b), naiveProduct(c, reshaped)]);
  });
});
