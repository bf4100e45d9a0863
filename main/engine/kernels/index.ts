/**
 * The wasm kernel overrides: one place that swaps the slow or missing tfjs-backend-wasm kernels
 * for versions that run through its fast 2-D matMul and conv2d (see ../../shared design
 * engine.md, "What was measured"). Registration is idempotent and reversible: the stock kernels
 * are kept and put back by `unregisterWasmKernelOverrides`, which the benchmark and the tests
 * use to compare against them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulOverride } from './batch-matmul';
import { conv2dBackpropFilterKernel, conv2dBackpropInputOverride } from './conv2d-grad';
import { conv3dBackpropFilterOverride, conv3dBackpropInputOverride, conv3dOverride } from './conv3d';
import { unsortedSegmentSumKernel } from './segment-sum';
import { rememberStock, stockKernel, WASM } from './stock';

export { KernelError, type KernelErrorCode } from './errors';
export { registerMissingGradients } from './gradients';

const OVERRIDES: readonly KernelConfig[] = [
  batchMatMulOverride,
  conv2dBackpropInputOverride,
  conv2dBackpropFilterKernel,
  conv3dOverride,
  conv3dBackpropInputOverride,
  conv3dBackpropFilterOverride,
  unsortedSegmentSumKernel,
];

/** Names of the kernels the overrides replace or add for wasm. */
export const WASM_KERNEL_OVERRIDES: readonly string[] = OVERRIDES.map((config) => config.kernelName);

let active = false;

/**
 * Registers every override for the wasm backend (before or after it initialises) and returns
 * their kernel names. Calling it again while active does nothing.
 */
export function registerWasmKernelOverrides(): readonly string[] {
  if (active) return WASM_KERNEL_OVERRIDES;
  for (const override of OVERRIDES) {
    const stock = rememberStock(override.kernelName);
    if (tf.getKernel(override.kernelName, WASM) !== undefined) tf.unregisterKernel(override.kernelName, WASM);
    // The stock setup (which binds the wasm function) must still run when the backend starts.
    tf.registerKernel({ ...override, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
  }
  active = true;
  return WASM_KERNEL_OVERRIDES;
}

/** Puts the stock wasm kernels back (and removes the added ones). Does nothing when inactive. */
export function unregisterWasmKernelOverrides(): void {
  if (!active) return;
  for (const override of OVERRIDES) {
    const current = tf.getKernel(override.kernelName, WASM) as KernelConfig | undefined;
    if (current?.kernelFunc !== override.kernelFunc) continue;
    tf.unregisterKernel(override.kernelName, WASM);
    const stock = stockKernel(override.kernelName);
    if (stock !== null) tf.registerKernel(stock);
  }
  active = false;
}

/** Whether the overrides are registered now. */
export function wasmKernelOverridesActive(): boolean {
  return active;
}
