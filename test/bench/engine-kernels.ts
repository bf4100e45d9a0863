/**
 * Kernel section of `npm run bench:engine`: GFLOP/s of the wasm kernels the overrides replace,
 * stock against override, measured alternately in the same process (best of a few rounds each)
 * so the ratio survives other load on the cores. Shapes are the tiny preset's: D = 128 tokens
 * rows, attention with head width 32, a small conv3d memory encoder, 8x8 patchify.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmKernelOverrides, unregisterWasmKernelOverrides } from '../../main/engine/kernels';
import { computeAndFree, type BenchRow, type BenchSection } from './engine-section';

type Shape5D = [number, number, number, number, number];
type Shape4D = [number, number, number, number];

/** One benchmark case: builds its inputs, then `run` computes the measured op once. */
interface KernelCase {
  op: string;
  shape: string;
  flops: number;
  setup(): { run: () => tf.Tensor; dispose: () => void };
  /** Without overrides wasm has no kernel for it. */
  noStock?: true;
  note?: string;
}

/** How long each case is timed. */
export interface KernelTiming {
  /** Alternating stock/override rounds. */
  rounds: number;
  /** Each timing window runs at least this long, unless it reaches maxIterations first. */
  minSeconds: number;
  maxIterations: number;
}

/** The benchmark's timing; a test runs the same cases with a much shorter one. */
export const BENCH_TIMING: KernelTiming = { rounds: 3, minSeconds: 0.25, maxIterations: 40 };

function random(shape: number[]): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', 7);
}

function matMulCase(op: string, a: number[], b: number[], transposeA: boolean, transposeB: boolean): KernelCase {
  const m = a[a.length - (transposeA ? 1 : 2)] ?? 1;
  const k = a[a.length - (transposeA ? 2 : 1)] ?? 1;
  const n = b[b.length - (transposeB ? 2 : 1)] ?? 1;
  const batch = a.slice(0, -2).reduce((x, y) => x * y, 1);
  return {
    op,
    shape: `[${a.join(',')}]${transposeA ? 'T' : ''} x [${b.join(',')}]${transposeB ? 'T' : ''}`,
    flops: 2 * batch * m * k * n,
    setup: () => {
      const [ta, tb] = [random(a), random(b)];
      return { run: () => tf.matMul(ta, tb, transposeA, transposeB), dispose: () => tf.dispose([ta, tb]) };
    },
  };
}

/** Multiply-adds of a conv: each output element reads the whole filter window. */
function convFlops(outShape: number[], window: number[]): number {
  return 2 * outShape.reduce((x, y) => x * y, 1) * window.reduce((x, y) => x * y, 1);
}

function conv3dCases(x: Shape5D, filter: Shape5D, strides: number, pad: 'same' | 'valid', note?: string): KernelCase[] {
  const info = tf.backend_util.computeConv3DInfo(x, filter, strides, 1, pad);
  const flops = convFlops(info.outShape, filter.slice(0, 4));
  const shape = `x[${x.join(',')}] f[${filter.join(',')}] s${strides} ${pad}`;
  return [
    { op: 'conv3d forward', shape, flops, setup: () => {
      const [tx, tw] = [random(x), random(filter)];
      return { run: () => tf.conv3d(tx as tf.Tensor5D, tw as tf.Tensor5D, strides, pad), dispose: () => tf.dispose([tx, tw]) };
    } },
    { op: 'conv3d backprop filter', shape, flops, note, setup: () => {
      const [tx, dy] = [random(x), random(info.outShape)];
      return { run: () => tf.engine().runKernel(tf.Conv3DBackpropFilterV2, { x: tx, dy }, { strides, pad, filterShape: filter }),
        dispose: () => tf.dispose([tx, dy]) };
    } },
    { op: 'conv3d backprop input', shape, flops, note, setup: () => {
      const [dy, tw] = [random(info.outShape), random(filter)];
      return { run: () => tf.engine().runKernel(tf.Conv3DBackpropInputV2, { dy, filter: tw }, { strides, pad, inputShape: x }),
        dispose: () => tf.dispose([dy, tw]) };
    } },
  ];
}

function conv2dGradCases(x: Shape4D, filter: Shape4D, strides: number, pad: 'same' | 'valid'): KernelCase[] {
  const info = tf.backend_util.computeConv2DInfo(x, filter, strides, 1, pad);
  const flops = convFlops(info.outShape, filter.slice(0, 3));
  const shape = `x[${x.join(',')}] f[${filter.join(',')}] s${strides} ${pad}`;
  return [
    { op: 'conv2d forward', shape, flops, setup: () => {
      const [tx, tw] = [random(x), random(filter)];
      return { run: () => tf.conv2d(tx as tf.Tensor4D, tw as tf.Tensor4D, strides, pad), dispose: () => tf.dispose([tx, tw]) };
    } },
    { op: 'conv2d backprop filter', shape, flops, noStock: true, setup: () => {
      const [tx, dy] = [random(x), random(info.outShape)];
      return { run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: tx, dy }, { strides, pad, dataFormat: 'NHWC', filterShape: filter }),
        dispose: () => tf.dispose([tx, dy]) };
    } },
    { op: 'conv2d backprop input', shape, flops, setup: () => {
      const [dy, tw] = [random(info.outShape), random(filter)];
      return { run: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: tw }, { strides, pad, dataFormat: 'NHWC', inputShape: x }),
        dispose: () => tf.dispose([dy, tw]) };
    } },
  ];
}

const WRONG_STOCK = 'stock values are wrong';

function cases(): KernelCase[] {
  return [
    matMulCase('matMul (2-D ceiling)', [512, 512], [512, 512], false, false),
    matMulCase('matMul x @ W', [1024, 128], [128, 512], false, false),
    matMulCase('matMul transposeA', [512, 512], [512, 512], true, false),
    matMulCase('matMul transposeB', [512, 512], [512, 512], false, true),
    matMulCase('matMul dW = x^T dy', [1024, 128], [1024, 512], true, false),
    matMulCase('matMul dx = dy W^T', [1024, 512], [128, 512], false, true),
    matMulCase('matMul [B,N,D] @ W', [8, 128, 128], [128, 512], false, false),
    ...[128, 256, 512].flatMap((n) => [
      matMulCase(`attention q k^T, N=${n}`, [8, n, 32], [8, n, 32], false, true),
      matMulCase(`attention p v, N=${n}`, [8, n, n], [8, n, 32], false, false),
    ]),
    matMulCase('attention grad p^T dy, N=256', [8, 256, 256], [8, 256, 32], true, false),
    ...conv3dCases([1, 16, 64, 64, 3], [3, 3, 3, 3, 16], 1, 'same', WRONG_STOCK),
    ...conv3dCases([1, 8, 32, 32, 32], [3, 3, 3, 32, 32], 1, 'same', WRONG_STOCK),
    ...conv3dCases([1, 16, 64, 64, 3], [2, 2, 2, 3, 32], 2, 'valid', WRONG_STOCK),
    ...conv3dCases([1, 8, 32, 32, 32], [2, 2, 2, 32, 64], 2, 'valid', WRONG_STOCK),
    ...conv2dGradCases([8, 32, 32, 32], [3, 3, 32, 32], 1, 'same'),
    ...conv2dGradCases([8, 64, 64, 3], [8, 8, 3, 128], 8, 'valid'),
  ];
}

/** Best GFLOP/s over the iterations of one timing window (after one warm-up call). */
function measure(kernelCase: KernelCase, run: () => tf.Tensor, timing: KernelTiming): number {
  computeAndFree(run, false);
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let i = 0; i < timing.maxIterations && (i === 0 || performance.now() - start < timing.minSeconds * 1000); i++) {
    const t0 = performance.now();
    computeAndFree(run, false);
    best = Math.min(best, performance.now() - t0);
  }
  return kernelCase.flops / best / 1e6;
}

/** Stock vs override GFLOP/s of one case, alternating timing.rounds times. */
function compare(kernelCase: KernelCase, timing: KernelTiming): BenchRow {
  const { run, dispose } = kernelCase.setup();
  let before = 0;
  let after = 0;
  try {
    for (let round = 0; round < timing.rounds; round++) {
      if (kernelCase.noStock !== true) {
        unregisterWasmKernelOverrides();
        before = Math.max(before, measure(kernelCase, run, timing));
      }
      registerWasmKernelOverrides();
      after = Math.max(after, measure(kernelCase, run, timing));
    }
  } finally {
    registerWasmKernelOverrides();
    dispose();
  }
  return {
    op: kernelCase.op,
    shape: kernelCase.shape,
    unit: 'GFLOP/s',
    before: kernelCase.noStock === true ? null : before,
    after,
    ...(kernelCase.noStock === true ? { note: 'no wasm kernel' } : kernelCase.note === undefined ? {} : { note: kernelCase.note }),
  };
}

/** The kernel section: stock wasm kernels against the overrides. */
export const kernelSection: BenchSection = {
  name: 'kernels',
  title: 'wasm kernels: stock vs override (GFLOP/s, best of alternating rounds)',
  beforeLabel: 'stock',
  afterLabel: 'override',
  run: (log) => runKernelCases(log, BENCH_TIMING),
};

/** Every kernel case, stock against override, with `timing`. */
export async function runKernelCases(log: (line: string) => void, timing: KernelTiming): Promise<BenchRow[]> {
  if (tf.getBackend() !== 'wasm') throw new Error(`the kernel section needs the wasm backend, got ${tf.getBackend()}`);
  const rows: BenchRow[] = [];
  for (const kernelCase of cases()) {
    const row = compare(kernelCase, timing);
    log(`${row.op} ${row.shape}: ${row.before?.toFixed(2) ?? '-'} -> ${row.after.toFixed(2)} ${row.unit}`);
    rows.push(row);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}
