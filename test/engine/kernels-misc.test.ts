/**
 * The rest of the override set: UnsortedSegmentSum (tf.gather's gradient), the zero gradients of
 * comparisons, the shape simplifications behind every transpose and pad, registration
 * (idempotent, reversible) and the whole training-op list of the model on wasm against cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  registerWasmKernelOverrides, unregisterWasmKernelOverrides, WASM_KERNEL_OVERRIDES, wasmKernelOverridesActive,
} from '../../main/engine/kernels';
import { simplifyPad, simplifyTranspose } from '../../main/engine/kernels/scope';
import { expectClose, input, onCpu, startWasm, withOverrides } from './kernels-reference';

beforeAll(startWasm);

describe('UnsortedSegmentSum kernel', () => {
  it('sums rows into segments and drops out-of-range ids, as the cpu backend does', async () => {
    const ids = [2, 0, 2, 5, -1, 1];
    const sum = (x: tf.Tensor): tf.Tensor => tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), 4);
    const inputs = [input([6, 3, 2], 41)];
    expectClose(withOverrides(inputs, sum), await onCpu(inputs, sum));
  });

  it('makes tf.gather differentiable on wasm (embedding lookup, axis 1 gather)', async () => {
    const grads = (table: tf.Tensor, x: tf.Tensor): tf.Tensor[] => tf.grads((t: tf.Tensor, v: tf.Tensor) => tf.add(
      tf.sum(tf.square(tf.gather(t, tf.tensor1d([3, 1, 3, 0], 'int32')))),
      tf.sum(tf.sin(tf.gather(v, tf.tensor1d([2, 2, 0], 'int32'), 1)))))([table, x]);
    const inputs = [input([5, 8], 42), input([2, 3, 4], 43)];
    expectClose(withOverrides(inputs, grads), await onCpu(inputs, grads));
  });
});

describe('zero gradients of comparisons', () => {
  it('lets tf.where with a mask computed from the input be differentiated', async () => {
    const grad = (x: tf.Tensor): tf.Tensor => tf.grad((v: tf.Tensor) =>
      tf.sum(tf.where(tf.logicalAnd(tf.greater(v, 0), tf.less(v, 1)), tf.square(v), tf.mul(v, 0.1))))(x);
    const inputs = [input([4, 5], 44)];
    expectClose(withOverrides(inputs, grad), await onCpu(inputs, grad));
  });
});

describe('shape simplification', () => {
  it('drops size-1 axes and merges axes that stay adjacent in a transpose', () => {
    expect(simplifyTranspose([2, 3, 4, 5, 6, 7], [0, 1, 3, 2, 4, 5])).toEqual({ shape: [6, 4, 5, 42], perm: [0, 2, 1, 3] });
    expect(simplifyTranspose([1, 5, 1, 6], [2, 3, 0, 1])).toEqual({ shape: [5, 6], perm: [1, 0] });
    expect(simplifyTranspose([3, 4], [0, 1])).toEqual({ shape: [12], perm: [0] });
  });

  it('merges unpadded inner axes into the padded axis before them', () => {
    expect(simplifyPad([2, 3, 1, 4, 1, 5], [[0, 0], [0, 0], [0, 2], [0, 0], [0, 1], [0, 0]]))
      .toEqual({ shape: [6, 4, 5], paddings: [[0, 0], [0, 8], [0, 5]] });
    expect(simplifyPad([4, 2], [[1, 2], [0, 0]])).toEqual({ shape: [8], paddings: [[2, 4]] });
  });

  it('computes the same transposes and pads as the plain ops', async () => {
    const moved = (x: tf.Tensor): tf.Tensor[] => [
      tf.transpose(tf.reshape(x, [2, 3, 1, 4, 5]), [0, 3, 2, 1, 4]),
      tf.pad(tf.reshape(x, [2, 3, 1, 4, 5]), [[0, 0], [1, 2], [0, 1], [0, 0], [2, 0]]),
    ];
    const inputs = [input([120], 45)];
    expectClose(withOverrides(inputs, moved), await onCpu(inputs, moved));
  });
});

describe('registration', () => {
  it('is idempotent and reversible', () => {
    expect(wasmKernelOverridesActive()).toBe(true);
    const before = tf.getKernel(tf.BatchMatMul, 'wasm');
    expect(registerWasmKernelOverrides()).toEqual(WASM_KERNEL_OVERRIDES);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).toBe(before);
    unregisterWasmKernelOverrides();
    unregisterWasmKernelOverrides();
    expect(wasmKernelOverridesActive()).toBe(false);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')).not.toBe(before);
    registerWasmKernelOverrides();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(before.kernelFunc);
  });
});

describe('a training step of the model ops on wasm', () => {
  it('matches the cpu backend and leaks nothing', async () => {
    // The ops of a DiT block, a conv3d memory encoder and an embedding, with their gradients.
    const step = (video: tf.Tensor, filter: tf.Tensor, w: tf.Tensor, table: tf.Tensor): tf.Tensor[] => tf.grads(
      (v: tf.Tensor, f: tf.Tensor, wt: tf.Tensor, tb: tf.Tensor) => {
        const features = tf.conv3d(v as tf.Tensor5D, f as tf.Tensor5D, [1, 2, 2], 'same'); // [1, 4, 4, 4, 8]
        const tokens = tf.reshape(features, [64, 8]);
        const embedded = tf.concat([tokens, tf.gather(tb, tf.tensor1d([1, 0, 2, 1], 'int32'))], 0); // [68, 8]
        const mean = tf.mean(embedded, -1, true);
        const centred = tf.sub(embedded, mean);
        const normed = tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5)));
        const h = tf.matMul(normed, wt); // [68, 16]
        const q = tf.transpose(tf.reshape(tf.slice(h, [0, 0], [68, 8]), [68, 2, 4]), [1, 0, 2]); // [2, 68, 4]
        const k = tf.transpose(tf.reshape(tf.slice(h, [0, 8], [68, 8]), [68, 2, 4]), [1, 0, 2]);
        const attention = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(4))); // [2, 68, 68]
        const mixed = tf.matMul(attention, q); // [2, 68, 4]
        const gelu = tf.mul(mixed, tf.sigmoid(tf.mul(mixed, 1.702)));
        const rope = tf.add(tf.mul(gelu, tf.cos(mixed)), tf.mul(tf.exp(tf.neg(tf.abs(mixed))), tf.sin(mixed)));
        return tf.mean(tf.square(tf.maximum(rope, tf.pow(tf.sqrt(tf.add(tf.abs(rope), 1)), 1.5))));
      })([video, filter, w, table]);
    const inputs = [input([1, 4, 8, 8, 3], 46), input([3, 3, 3, 3, 8], 47), input([8, 16], 48), input([3, 8], 49)];
    expectClose(withOverrides(inputs, step), await onCpu(inputs, step));
  });
});
