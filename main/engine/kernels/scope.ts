/**
 * A scope for kernel overrides: runs stock wasm kernels on TensorInfos (the level kernels work
 * at, below tf.tidy) and disposes every intermediate when the override returns, so an override
 * leaks nothing on the backend even when it throws.
 *
 * Transpose and pad first reduce their rank (dropping size-1 axes, merging axes that stay
 * adjacent): the wasm backend's transpose is only fast up to rank 4 and falls back to a
 * per-element loop above that.
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelInputs, runStock } from './stock';
import { asWasmBackend, ownsWeightsId, releaseView, type WasmBackend, weightsView } from './wasm-backend';

/** [before, after] per axis. */
export type Paddings = [number, number][];

const product = (dims: readonly number[]): number => dims.reduce((acc, d) => acc * d, 1);

/** Rank-reduced form of a transpose: merged input shape and the permutation of merged axes. */
export function simplifyTranspose(shape: readonly number[], perm: readonly number[]): { shape: number[]; perm: number[] } {
  const keptAxes = perm.filter((axis) => shape[axis] !== 1);
  // Runs of input axes that stay consecutive in the output become one axis.
  const runs: number[][] = [];
  for (const axis of keptAxes) {
    const last = runs[runs.length - 1];
    const lastAxis = last?.[last.length - 1];
    if (last !== undefined && lastAxis !== undefined && nextKeptAxis(shape, lastAxis) === axis) last.push(axis);
    else runs.push([axis]);
  }
  const byInput = [...runs].sort((r1, r2) => (r1[0] ?? 0) - (r2[0] ?? 0));
  return {
    shape: byInput.map((run) => product(run.map((axis) => shape[axis] ?? 1))),
    perm: runs.map((run) => byInput.indexOf(run)),
  };
}

/** The next input axis after `axis` whose size is not 1, or -1. */
function nextKeptAxis(shape: readonly number[], axis: number): number {
  for (let a = axis + 1; a < shape.length; a++) if (shape[a] !== 1) return a;
  return -1;
}

/**
 * Rank-reduced form of a pad: each padded axis absorbs the unpadded axes after it (padding an
 * axis pads the flattened block of it and its inner axes by the same multiple).
 */
export function simplifyPad(shape: readonly number[], paddings: Paddings): { shape: number[]; paddings: Paddings } {
  const outShape: number[] = [];
  const outPads: Paddings = [];
  shape.forEach((size, axis) => {
    const [before, after] = paddings[axis] ?? [0, 0];
    const last = outShape.length - 1;
    if (before === 0 && after === 0 && last >= 0) {
      outShape[last] = (outShape[last] ?? 1) * size;
      const pad = outPads[last] ?? [0, 0];
      outPads[last] = [pad[0] * size, pad[1] * size];
    } else {
      outShape.push(size);
      outPads.push([before, after]);
    }
  });
  return { shape: outShape, paddings: outPads };
}

/** Runs stock kernels on behalf of one override call and owns their intermediate results. */
export class KernelScope {
  private readonly owned = new Set<TensorInfo>();
  /** Views made by `weights`: they own no memory and are released, not disposed. */
  private readonly views = new Set<TensorInfo>();

  constructor(readonly backend: WasmBackend) {}

  /** Runs a stock wasm kernel; its result belongs to this scope. */
  run(kernelName: string, inputs: KernelInputs, attrs: NamedAttrMap = {}): TensorInfo {
    return this.own(runStock(kernelName, inputs, this.backend, attrs));
  }

  /** Takes ownership of a tensor made outside `run` (e.g. by backend.makeOutput). */
  own(info: TensorInfo): TensorInfo {
    this.owned.add(info);
    return info;
  }

  /** A new float32 tensor of `shape` filled with zeros. */
  zeros(shape: number[]): TensorInfo {
    const out = this.own(this.backend.makeOutput(shape, 'float32'));
    this.backend.typedArrayFromHeap(out).fill(0);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    const outShape = perm.map((axis) => x.shape[axis] ?? 1);
    const simple = simplifyTranspose(x.shape, perm);
    if (simple.perm.every((axis, i) => axis === i)) return this.reshape(x, outShape);
    const moved = this.run('Transpose', { x: this.reshape(x, simple.shape) }, { perm: simple.perm });
    return this.reshape(moved, outShape);
  }

  /** Swaps the last two axes. */
  transposeLastTwo(x: TensorInfo): TensorInfo {
    const perm = x.shape.map((_, axis) => axis);
    const rank = perm.length;
    [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
    return this.transpose(x, perm);
  }

  /** Zero padding; [before, after] per axis. */
  pad(x: TensorInfo, paddings: Paddings): TensorInfo {
    if (paddings.every(([before, after]) => before === 0 && after === 0)) return this.reshape(x, x.shape);
    const outShape = x.shape.map((size, axis) => size + (paddings[axis]?.[0] ?? 0) + (paddings[axis]?.[1] ?? 0));
    const simple = simplifyPad(x.shape, paddings);
    const padded = this.run('PadV2', { x: this.reshape(x, simple.shape) }, { paddings: simple.paddings, constantValue: 0 });
    return this.reshape(padded, outShape);
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  /** Every `strides[i]`-th element from `begin` (inclusive) to `end` (exclusive) on each axis. */
  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    if (strides.every((s) => s === 1)) return this.slice(x, begin, begin.map((b, i) => (end[i] ?? 0) - b));
    return this.run('StridedSlice', { x }, {
      begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }

  concat(xs: TensorInfo[], axis: number): TensorInfo {
    return xs.length === 1 && xs[0] !== undefined ? this.reshape(xs[0], xs[0].shape) : this.run('Concat', xs, { axis });
  }

  addN(xs: TensorInfo[]): TensorInfo {
    return xs.length === 1 && xs[0] !== undefined ? this.reshape(xs[0], xs[0].shape) : this.run('AddN', xs);
  }

  /** NHWC conv2d with explicit spatial padding [[top, bottom], [left, right]]. */
  conv2d(x: TensorInfo, filter: TensorInfo, strides: [number, number], pads: Paddings, dilations: [number, number]): TensorInfo {
    return this.run('Conv2D', { x, filter }, {
      strides, dilations, dataFormat: 'NHWC', pad: [[0, 0], pads[0] ?? [0, 0], pads[1] ?? [0, 0], [0, 0]],
    });
  }

  /**
   * `b` as `shape` ([..., K, N]) for the right operand of the stock single product, under an id
   * that XNNPACK's weights cache cannot confuse with another factoring (see `ownsWeightsId`):
   * b's own where its N matches, else a view released when the scope ends.
   */
  weights(b: TensorInfo, shape: number[]): TensorInfo {
    if (ownsWeightsId(this.backend, b, shape[shape.length - 1] ?? 1)) return this.reshape(b, shape);
    const view = weightsView(this.backend, b, shape);
    this.views.add(view);
    return view;
  }

  /** [M, K] x [K, N] through the stock single-product kernel, which is XNNPACK's fully-connected op. */
  matMul2d(a: TensorInfo, b: TensorInfo): TensorInfo {
    const [m = 0, k = 0] = a.shape;
    const n = b.shape[1] ?? 0;
    const product3d = this.run('BatchMatMul', { a: this.reshape(a, [1, m, k]), b: this.weights(b, [1, k, n]) },
      { transposeA: false, transposeB: false });
    return this.reshape(product3d, [m, n]);
  }

  owns(info: TensorInfo): boolean {
    return this.owned.has(info);
  }

  /** Stops owning `info` (the override's result). */
  release(info: TensorInfo): void {
    this.owned.delete(info);
  }

  disposeAll(): void {
    for (const info of this.owned) this.backend.disposeData(info.dataId);
    this.owned.clear();
    for (const view of this.views) releaseView(this.backend, view);
    this.views.clear();
  }
}

/**
 * Runs `body` in a fresh scope on `backend` and returns its result; everything else the body
 * made is disposed. A result that the scope does not own (an input) is returned as a new
 * reference, since a kernel must never hand back its input's reference itself.
 */
export function inScope(backend: unknown, body: (scope: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(asWasmBackend(backend));
  try {
    let result = body(scope);
    if (!scope.owns(result)) result = scope.reshape(result, result.shape);
    scope.release(result);
    return result;
  } finally {
    scope.disposeAll();
  }
}
