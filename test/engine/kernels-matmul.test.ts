/**
 * The BatchMatMul override against the stock wasm kernel (transposes, batches, broadcasting,
 * odd sizes) and its gradients against the cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { broadcastPairs, planMatMul } from '../../main/engine/kernels/batch-matmul';
import { expectClose, type Input, input, onCpu, type Result, startWasm, withOverrides, withStock } from './kernels-reference';

beforeAll(startWasm);

/** Shapes of a and b for an [M, K] x [K, N] product with the given flags and batch dims. */
function operandShapes(batchA: number[], batchB: number[], m: number, k: number, n: number, ta: boolean, tb: boolean): [number[], number[]] {
  return [[...batchA, ...(ta ? [k, m] : [m, k])], [...batchB, ...(tb ? [n, k] : [k, n])]];
}

const FLAGS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

/**
 * Plain-JS reference for a non-transposed product with tf.matMul broadcasting of batch dims
 * (out[i, j] = a[i, 0] @ b[0, j] for a [I, 1, M, K], b [1, J, K, N]).
 */
function naiveBroadcastProduct(a: Input, b: Input): Result {
  const [ia = 1, , m = 1, k = 1] = a.shape;
  const [, jb = 1, , n = 1] = b.shape;
  const values = new Float32Array(ia * jb * m * n);
  for (let i = 0; i < ia; i++) {
    for (let j = 0; j < jb; j++) {
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < n; c++) {
          let sum = 0;
          for (let t = 0; t < k; t++) sum += (a.values[(i * m + r) * k + t] ?? 0) * (b.values[(j * k + t) * n + c] ?? 0);
          values[((i * jb + j) * m + r) * n + c] = sum;
        }
      }
    }
  }
  return { shape: [ia, jb, m, n], values };
}

const CASES: { name: string; batchA: number[]; batchB: number[]; m: number; k: number; n: number }[] = [
  { name: '2-D odd sizes', batchA: [], batchB: [], m: 13, k: 7, n: 5 },
  { name: 'vectors', batchA: [], batchB: [], m: 1, k: 3, n: 1 },
  { name: 'batched', batchA: [3], batchB: [3], m: 5, k: 7, n: 13 },
  { name: 'shared right side (fold)', batchA: [3], batchB: [], m: 5, k: 7, n: 4 },
  { name: 'shared left side', batchA: [], batchB: [3], m: 5, k: 7, n: 4 },
  { name: 'rank-4 batch 1 on the left', batchA: [1, 1], batchB: [2, 3], m: 1, k: 5, n: 3 },
  { name: 'attention-like', batchA: [4], batchB: [4], m: 33, k: 8, n: 33 },
  { name: 'attention gradient p^T dy', batchA: [3], batchB: [3], m: 17, k: 17, n: 4 },
  { name: 'both transposed, batched (transposed product is cheaper)', batchA: [2], batchB: [2], m: 9, k: 16, n: 9 },
];

describe('BatchMatMul override', () => {
  for (const c of CASES) {
    for (const [ta, tb] of FLAGS) {
      it(`${c.name}, transposeA=${ta}, transposeB=${tb}`, () => {
        const [aShape, bShape] = operandShapes(c.batchA, c.batchB, c.m, c.k, c.n, ta, tb);
        const inputs = [input(aShape, 1), input(bShape, 2)];
        const product = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b, ta, tb);
        expectClose(withOverrides(inputs, product), withStock(inputs, product));
      });
    }
  }

  it('matches on large values (relative tolerance) for the model-sized product', () => {
    const inputs = [input([64, 512], 3), input([64, 512], 4)];
    const product = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(tf.mul(a, 10), b, true, false);
    expectClose(withOverrides(inputs, product), withStock(inputs, product));
  });

  it('broadcasts batch dims of both sides, where the stock kernel is wrong', () => {
    const inputs = [input([2, 1, 5, 3], 7), input([1, 3, 3, 7], 8)];
    const product = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b);
    const reference = [naiveBroadcastProduct(inputs[0] as Input, inputs[1] as Input)];
    expectClose(withOverrides(inputs, product), reference);
    expect(() => expectClose(withStock(inputs, product), reference)).toThrow();
  });

  it('broadcasts with transposes', () => {
    const inputs = [input([2, 1, 5, 3], 9), input([1, 3, 3, 7], 10)];
    const reference = [naiveBroadcastProduct(inputs[0] as Input, inputs[1] as Input)];
    const swapLast = (x: tf.Tensor): tf.Tensor => tf.transpose(x, [0, 1, 3, 2]);
    expectClose(withOverrides(inputs, (a, b) => tf.matMul(swapLast(a), swapLast(b), true, true)), reference);
  });

  it('rejects mismatched inner dimensions', () => {
    expect(() => planMatMul([2, 3], [4, 5], false, false)).toThrow(/inner shapes/);
  });

  it('plans the stock path, a fold or per-batch products', () => {
    expect(planMatMul([5, 7], [7, 3], false, false).kind).toBe('stock');
    expect(planMatMul([5, 7], [3, 7], false, true).kind).toBe('fold');
    expect(planMatMul([2, 5, 7], [7, 3], false, false).kind).toBe('fold');
    expect(planMatMul([2, 5, 7], [2, 7, 3], false, false).kind).toBe('batched');
  });

  it('maps broadcast batch indices', () => {
    const pairs = broadcastPairs([2, 1], [1, 3], [2, 3]);
    expect([...pairs.aIndex]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...pairs.bIndex]).toEqual([0, 1, 2, 0, 1, 2]);
  });
});

// tfjs's BatchMatMul gradient does not reduce over broadcast batch dims (on every backend), so
// the gradient cases use matching batches; model code flattens x @ W to 2-D.
describe('BatchMatMul gradients with the override', () => {
  const lossCases: { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
    { name: 'x @ W', a: [30, 7], b: [7, 9], ta: false, tb: false },
    { name: 'q @ k^T', a: [3, 11, 4], b: [3, 11, 4], ta: false, tb: true },
    { name: 'p @ v', a: [2, 3, 11, 11], b: [2, 3, 11, 5], ta: false, tb: false },
    { name: 'a^T @ b^T', a: [2, 5, 3], b: [2, 4, 5], ta: true, tb: true },
  ];
  for (const c of lossCases) {
    it(`${c.name}: gradients match the cpu backend`, async () => {
      const inputs = [input(c.a, 5), input(c.b, 6)];
      const grads = (a: tf.Tensor, b: tf.Tensor): tf.Tensor[] => {
        const loss = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sum(tf.sin(tf.matMul(x, y, c.ta, c.tb)));
        return tf.grads(loss)([a, b]);
      };
      expectClose(withOverrides(inputs, grads), await onCpu(inputs, grads));
    });
  }
});
