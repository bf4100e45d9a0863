/**
 * BatchMatMul for wasm through the fast single-product path.
 *
 * Layout: a [...batchA, M, K] (or [..., K, M] with transposeA), b [...batchB, K, N] (or
 * [..., N, K] with transposeB); batch dims broadcast as in tf.matMul; out [...batch, M, N].
 *
 * Transposed operands are transposed explicitly (a copy, linear in size) so every product is
 * non-transposed. When b has a single batch its product folds into one 2-D product
 * [batchA*M, K] x [K, N]; otherwise each output batch is one XNNPACK product on views.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { inScope, type KernelScope } from './scope';
import { runStock, WASM } from './stock';
import { batchedMatMulInto, type BatchPairs } from './wasm-backend';

const product = (dims: readonly number[]): number => dims.reduce((acc, d) => acc * d, 1);

/** How a product will run. */
export type MatMulPlan =
  /** Already the stock fast path (one non-transposed product), or an empty output. */
  | { kind: 'stock' }
  /** K = 0: a sum of nothing, which the stock kernel leaves uninitialised. */
  | { kind: 'zeros'; outShape: number[] }
  /** b has one batch: one 2-D product over all of a's rows. */
  | { kind: 'fold'; m: number; k: number; n: number; outShape: number[]; batchA: number }
  /** One product per output batch. */
  | { kind: 'batched'; m: number; k: number; n: number; outShape: number[]; pairs: BatchPairs };

/** Decides how a BatchMatMul with these shapes and flags runs; throws on mismatched shapes. */
export function planMatMul(
  aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean,
): MatMulPlan {
  const aRank = aShape.length;
  const bRank = bShape.length;
  const m = aShape[transposeA ? aRank - 1 : aRank - 2] ?? 1;
  const k = aShape[transposeA ? aRank - 2 : aRank - 1] ?? 1;
  const n = bShape[transposeB ? bRank - 2 : bRank - 1] ?? 1;
  const kB = bShape[transposeB ? bRank - 1 : bRank - 2] ?? 1;
  tf.util.assert(k === kB, () => `Error in matMul: inner shapes (${k}) and (${kB}) of tensors with shapes `
    + `[${aShape.join(', ')}] and [${bShape.join(', ')}] and transposeA=${transposeA}, transposeB=${transposeB} must match.`);
  const aOuter = aShape.slice(0, -2);
  const bOuter = bShape.slice(0, -2);
  const outOuter = tf.backend_util.assertAndGetBroadcastShape(aOuter, bOuter);
  const outShape = [...outOuter, m, n];
  const batchA = product(aOuter);
  const batchB = product(bOuter);
  if (k === 0 && product(outShape) > 0) return { kind: 'zeros', outShape };
  if (product(outShape) === 0 || (!transposeA && !transposeB && batchA === 1 && batchB === 1)) return { kind: 'stock' };
  if (batchB === 1) return { kind: 'fold', m, k, n, outShape, batchA };
  return { kind: 'batched', m, k, n, outShape, pairs: broadcastPairs(aOuter, bOuter, outOuter) };
}

/** For each flat output batch, the flat batch index of a and of b under broadcasting. */
export function broadcastPairs(aOuter: readonly number[], bOuter: readonly number[], outOuter: readonly number[]): BatchPairs {
  const rank = outOuter.length;
  const padded = (dims: readonly number[]): number[] => [...new Array<number>(rank - dims.length).fill(1), ...dims];
  const aDims = padded(aOuter);
  const bDims = padded(bOuter);
  const total = product(outOuter);
  const aIndex = new Int32Array(total);
  const bIndex = new Int32Array(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let ai = 0;
    let bi = 0;
    let aStride = 1;
    let bStride = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const size = outOuter[axis] ?? 1;
      const index = rest % size;
      rest = Math.floor(rest / size);
      const aSize = aDims[axis] ?? 1;
      const bSize = bDims[axis] ?? 1;
      if (aSize !== 1) ai += index * aStride;
      if (bSize !== 1) bi += index * bStride;
      aStride *= aSize;
      bStride *= bSize;
    }
    aIndex[flat] = ai;
    bIndex[flat] = bi;
  }
  return { aIndex, bIndex };
}

/** Runs `plan` for a @ b: explicit transposes, then one folded or per-batch fast product. */
function runPlan(scope: KernelScope, plan: MatMulPlan, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  switch (plan.kind) {
    case 'stock':
      return scope.run('BatchMatMul', { a, b: scope.weights(b, b.shape) }, { transposeA, transposeB });
    case 'zeros':
      return scope.zeros(plan.outShape);
    case 'fold': {
      const a2 = transposeA ? scope.transposeLastTwo(a) : a;
      const b2 = transposeB ? scope.transposeLastTwo(b) : b;
      const out = scope.matMul2d(scope.reshape(a2, [plan.batchA * plan.m, plan.k]), scope.reshape(b2, [plan.k, plan.n]));
      return scope.reshape(out, plan.outShape);
    }
    case 'batched': {
      const a2 = transposeA ? scope.transposeLastTwo(a) : a;
      const b2 = transposeB ? scope.transposeLastTwo(b) : b;
      const out = scope.own(scope.backend.makeOutput(plan.outShape, 'float32'));
      batchedMatMulInto(scope.backend, a2, b2, out, plan.pairs, plan.m, plan.k, plan.n);
      return out;
    }
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}

/**
 * Whether computing (a @ b)^T = op(b)^T @ op(a)^T and transposing the result moves fewer
 * elements than the direct product. Counted: explicit operand transposes, XNNPACK's packing of
 * the right operand, and the result transpose. It pays when both operands are transposed (e.g.
 * a gradient of x^T @ W^T), not for p^T @ dy, whose big left operand would then be packed.
 * Never for folds with a batched left side, which would lose the fold.
 */
function transposedProductIsCheaper(plan: MatMulPlan, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): boolean {
  if (plan.kind === 'stock' || plan.kind === 'zeros' || (plan.kind === 'fold' && plan.batchA > 1)) return false;
  const sizeA = product(a.shape);
  const sizeB = product(b.shape);
  const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0) + sizeB;
  const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + sizeA + product(plan.outShape);
  return swapped < direct;
}

/** a @ b (flags as in BatchMatMul) on wasm, for use by other overrides. */
export function matMul(scope: KernelScope, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
  if (!transposedProductIsCheaper(plan, a, b, transposeA, transposeB)) return runPlan(scope, plan, a, b, transposeA, transposeB);
  const swappedPlan = planMatMul(b.shape, a.shape, !transposeB, !transposeA);
  return scope.transposeLastTwo(runPlan(scope, swappedPlan, b, a, !transposeB, !transposeA));
}

const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    return runStock('BatchMatMul', inputs, backend, attrs);
  }
  return inScope(backend, (scope) => matMul(scope, a, b, transposeA, transposeB));
};

/** The BatchMatMul override for wasm. */
export const batchMatMulOverride: KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: WASM,
  kernelFunc: batchMatMul,
};
