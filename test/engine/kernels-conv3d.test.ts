/**
 * Conv3D against the stock wasm kernel and the two conv3d gradient kernels against the cpu
 * backend (odd sizes, 'same' and 'valid', stride 1, stride == kernel, other strides), a dilated
 * forward pass, tf.grad of a conv3d against the cpu backend, and finite differences.
 *
 * The stock wasm gradient kernels are not a usable reference: Conv3DBackpropInputV2 disagrees
 * with the cpu backend and with finite differences everywhere, Conv3DBackpropFilterV2 whenever
 * a stride is above 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, input, onCpu, startWasm, withOverrides, withStock } from './kernels-reference';

beforeAll(startWasm);

type Shape5D = [number, number, number, number, number];

interface Conv3DCase {
  name: string;
  x: Shape5D;
  filter: Shape5D;
  strides: [number, number, number];
  pad: 'same' | 'valid';
}

const CASES: Conv3DCase[] = [
  { name: '3x3x3 stride 1 same', x: [1, 5, 7, 6, 3], filter: [3, 3, 3, 3, 4], strides: [1, 1, 1], pad: 'same' },
  { name: '3x3x3 stride 1 valid, batch 2', x: [2, 5, 6, 7, 2], filter: [3, 3, 3, 2, 3], strides: [1, 1, 1], pad: 'valid' },
  { name: '3x3x3 stride 2 same', x: [1, 7, 9, 8, 2], filter: [3, 3, 3, 2, 3], strides: [2, 2, 2], pad: 'same' },
  { name: '2x2x2 stride 2 (patch)', x: [2, 4, 6, 6, 3], filter: [2, 2, 2, 3, 4], strides: [2, 2, 2], pad: 'valid' },
  { name: '2x2x2 stride 2 with remainders', x: [1, 5, 7, 5, 2], filter: [2, 2, 2, 2, 3], strides: [2, 2, 2], pad: 'valid' },
  { name: '1x3x3 (no temporal taps)', x: [1, 3, 5, 5, 2], filter: [1, 3, 3, 2, 3], strides: [1, 1, 1], pad: 'same' },
  { name: '3x1x1 temporal stride 2', x: [1, 7, 4, 3, 2], filter: [3, 1, 1, 2, 3], strides: [2, 1, 1], pad: 'same' },
  { name: '2x4x4 stride [2, 4, 4] (patch, uneven)', x: [1, 4, 8, 8, 3], filter: [2, 4, 4, 3, 5], strides: [2, 4, 4], pad: 'valid' },
];

function outputShape(c: Conv3DCase): number[] {
  return tf.backend_util.computeConv3DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

describe('Conv3D override', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const inputs = [input(c.x, 21), input(c.filter, 22)];
      const forward = (x: tf.Tensor, f: tf.Tensor): tf.Tensor => tf.conv3d(x as tf.Tensor5D, f as tf.Tensor5D, c.strides, c.pad);
      expectClose(withOverrides(inputs, forward), withStock(inputs, forward));
    });
  }

  it('dilated 2x2x2, dilation 2 (against the cpu backend)', async () => {
    const inputs = [input([1, 6, 7, 7, 2], 23), input([2, 2, 2, 2, 3], 24)];
    const forward = (x: tf.Tensor, f: tf.Tensor): tf.Tensor => tf.conv3d(x as tf.Tensor5D, f as tf.Tensor5D, 1, 'same', 'NDHWC', 2);
    expectClose(withOverrides(inputs, forward), await onCpu(inputs, forward));
  });
});

describe('Conv3DBackpropInputV2 override', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const inputs = [input(outputShape(c), 25), input(c.filter, 26)];
      const inputGrad = (dy: tf.Tensor, filter: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.Conv3DBackpropInputV2,
        { dy, filter }, { inputShape: c.x, strides: c.strides, pad: c.pad });
      expectClose(withOverrides(inputs, inputGrad), await onCpu(inputs, inputGrad));
    });
  }
});

describe('Conv3DBackpropFilterV2 override', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const inputs = [input(c.x, 27), input(outputShape(c), 28)];
      const filterGrad = (x: tf.Tensor, dy: tf.Tensor): tf.Tensor => tf.engine().runKernel(tf.Conv3DBackpropFilterV2,
        { x, dy }, { filterShape: c.filter, strides: c.strides, pad: c.pad });
      expectClose(withOverrides(inputs, filterGrad), await onCpu(inputs, filterGrad));
    });
  }
});

describe('conv3d gradients with the overrides', () => {
  for (const c of [CASES[0], CASES[2], CASES[3]]) {
    if (c === undefined) continue;
    it(`${c.name}: tf.grads matches the cpu backend`, async () => {
      const inputs = [input(c.x, 29), input(c.filter, 30)];
      const grads = (x: tf.Tensor, filter: tf.Tensor): tf.Tensor[] => tf.grads((a: tf.Tensor, w: tf.Tensor) =>
        tf.sum(tf.sigmoid(tf.conv3d(a as tf.Tensor5D, w as tf.Tensor5D, c.strides, c.pad))))([x, filter]);
      expectClose(withOverrides(inputs, grads), await onCpu(inputs, grads));
    });
  }
});

describe('conv3d gradients against finite differences', () => {
  // The loss is linear in x and in w, so a unit step gives the derivative up to rounding.
  for (const c of [CASES[2], CASES[3]]) {
    if (c === undefined) continue;
    it(`${c.name}: d loss / dx and d loss / dw at sampled elements`, () => {
      const [x, w, r] = [input(c.x, 31), input(c.filter, 32), input(outputShape(c), 33)];
      const loss = (xs: Float32Array, ws: Float32Array): number => tf.tidy(() => tf.sum(tf.mul(
        tf.conv3d(tf.tensor5d(xs, c.x), tf.tensor5d(ws, c.filter), c.strides, c.pad), tf.tensor(r.values, r.shape))).dataSync()[0] ?? 0);
      const [dx, dw] = withOverrides([x, w, r], (xt, wt, rt) => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv3d(a as tf.Tensor5D, b as tf.Tensor5D, c.strides, c.pad), rt as tf.Tensor)))([xt, wt]));
      const base = loss(x.values, w.values);
      const step = (values: Float32Array, i: number): Float32Array => { const v = values.slice(); v[i] = (v[i] ?? 0) + 1; return v; };
      for (const i of [0, 7, Math.floor(x.values.length / 2), x.values.length - 1]) {
        expect(dx?.values[i]).toBeCloseTo(loss(step(x.values, i), w.values) - base, 3);
      }
      for (const i of [0, 5, w.values.length - 1]) {
        expect(dw?.values[i]).toBeCloseTo(loss(x.values, step(w.values, i)) - base, 3);
      }
    });
  }
});
