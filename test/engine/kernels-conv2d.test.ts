/**
 * Conv2DBackpropInput (against the stock wasm kernel) and Conv2DBackpropFilter (absent on wasm:
 * against the cpu backend) on odd sizes, 'same' and 'valid', stride 1, stride == kernel and
 * other strides; then tf.grad of a conv2d against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { expectClose, input, onCpu, startWasm, withOverrides, withStock } from './kernels-reference';

beforeAll(startWasm);

interface Conv2DCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

const CASES: Conv2DCase[] = [
  { name: '3x3 stride 1 same', x: [2, 7, 9, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'same' },
  { name: '3x3 stride 1 valid', x: [1, 7, 5, 4], filter: [3, 3, 4, 2], strides: [1, 1], pad: 'valid' },
  { name: '5x5 stride 2 same', x: [1, 13, 11, 2], filter: [5, 5, 2, 3], strides: [2, 2], pad: 'same' },
  { name: '3x3 stride 2 valid', x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'valid' },
  { name: '2x2 stride 2 (patch)', x: [2, 8, 6, 3], filter: [2, 2, 3, 4], strides: [2, 2], pad: 'valid' },
  { name: '2x2 stride 2 with a remainder row and column', x: [1, 7, 5, 3], filter: [2, 2, 3, 4], strides: [2, 2], pad: 'valid' },
  { name: '4x4 stride 4 (patch)', x: [1, 8, 12, 1], filter: [4, 4, 1, 6], strides: [4, 4], pad: 'valid' },
  { name: '1x1', x: [3, 5, 7, 6], filter: [1, 1, 6, 5], strides: [1, 1], pad: 'same' },
  { name: '3x1 with strides [1, 2]', x: [1, 6, 7, 2], filter: [3, 1, 2, 3], strides: [1, 2], pad: 'same' },
  { name: 'even 4x4 kernel stride 1 same', x: [1, 9, 6, 2], filter: [4, 4, 2, 3], strides: [1, 1], pad: 'same' },
];

/** The dy shape of a conv2d case (its forward output shape). */
function outputShape(c: Conv2DCase): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

describe('Conv2DBackpropInput override', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const inputs = [input(outputShape(c), 11), input(c.filter, 12)];
      const inputGrad = (dy: tf.Tensor, filter: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.Conv2DBackpropInput,
        { dy, filter }, { inputShape: c.x, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' });
      expectClose(withOverrides(inputs, inputGrad), withStock(inputs, inputGrad));
    });
  }
});

describe('Conv2DBackpropFilter kernel', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const inputs = [input(c.x, 13), input(outputShape(c), 14)];
      const filterGrad = (x: tf.Tensor, dy: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.Conv2DBackpropFilter,
        { x, dy }, { filterShape: c.filter, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' });
      expectClose(withOverrides(inputs, filterGrad), await onCpu(inputs, filterGrad));
    });
  }
});

describe('conv2d gradients with the overrides', () => {
  for (const c of [CASES[0], CASES[2], CASES[4]]) {
    if (c === undefined) continue;
    it(`${c.name}: tf.grads matches the cpu backend`, async () => {
      const inputs = [input(c.x, 15), input(c.filter, 16)];
      const grads = (x: tf.Tensor, filter: tf.Tensor): tf.Tensor[] => tf.grads((a: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.tanh(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad))))([x, filter]);
      expectClose(withOverrides(inputs, grads), await onCpu(inputs, grads));
    });
  }
});
