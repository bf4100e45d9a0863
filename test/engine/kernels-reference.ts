/**
 * Shared set-up of the kernel override tests: seeded inputs, running one computation with the
 * stock wasm kernels, with the overrides and on the cpu backend, and a closeness check.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect } from 'vitest';
import { initEngine } from '../../main/engine/backend';
import { registerWasmKernelOverrides, unregisterWasmKernelOverrides } from '../../main/engine/kernels';

/** Starts the engine on wasm with the overrides. */
export async function startWasm(): Promise<void> {
  const info = await initEngine({ backend: 'wasm', kernelOverrides: true });
  expect(info.kernelOverrides.active).toBe(true);
}

/** Deterministic standard-normal values (mulberry32 + Box-Muller), different per seed. */
export function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

/** An input: shape plus seeded values, materialised on whichever backend is active. */
export interface Input {
  shape: number[];
  values: Float32Array;
}

export function input(shape: number[], seed: number): Input {
  return { shape, values: randomValues(shape.reduce((a, b) => a * b, 1), seed) };
}

/** A result read back from a backend. */
export interface Result {
  shape: number[];
  values: Float32Array;
}

/** Runs `f` on fresh tensors of `inputs` on the active backend and reads every output back. */
function evaluate(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Result[] {
  return tf.tidy(() => {
    const tensors = inputs.map((x) => tf.tensor(x.values, x.shape));
    const out = f(...tensors);
    return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
  });
}

/** Runs `f` on wasm with the overrides, asserting it leaves no tensor or backend buffer behind. */
export function withOverrides(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Result[] {
  registerWasmKernelOverrides();
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  const results = evaluate(inputs, f);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
  return results;
}

/** Runs `f` on wasm with the stock kernels (overrides unregistered for the call). */
export function withStock(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Result[] {
  unregisterWasmKernelOverrides();
  try {
    return evaluate(inputs, f);
  } finally {
    registerWasmKernelOverrides();
  }
}

/** Runs `f` on the pure-JS cpu backend, then switches back to wasm. */
export async function onCpu(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<Result[]> {
  await tf.setBackend('cpu');
  try {
    return evaluate(inputs, f);
  } finally {
    await tf.setBackend('wasm');
  }
}

/**
 * Asserts equal shapes and |actual - expected| <= tol * max(1, max |expected|) everywhere:
 * absolute for values of order one, relative for large sums.
 */
export function expectClose(actual: Result[], expected: Result[], tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((result, i) => {
    const reference = expected[i];
    if (reference === undefined) throw new Error(`missing reference output ${i}`);
    expect(result.shape).toEqual(reference.shape);
    let scale = 1;
    for (const v of reference.values) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    reference.values.forEach((v, j) => { worst = Math.max(worst, Math.abs((result.values[j] ?? Number.NaN) - v)); });
    expect(worst, `output ${i} [${reference.shape.join(', ')}]: max error ${worst} at scale ${scale}`).toBeLessThanOrEqual(tol * scale);
  });
}
