/**
 * The stock wasm kernels, kept when an override replaces one, so that overrides can still call
 * the original (for example the stock BatchMatMul, whose single-product path is XNNPACK) and so
 * that unregistering the overrides restores exactly what tfjs-backend-wasm registered.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { KernelError } from './errors';

/** Backend name every override and stock kernel here belongs to. */
export const WASM = 'wasm';

/** Original configs of overridden kernels; `null` where wasm had none (e.g. Conv2DBackpropFilter). */
const originals = new Map<string, KernelConfig | null>();

/** Records what is registered for `kernelName` now, unless already recorded; returns it. */
export function rememberStock(kernelName: string): KernelConfig | null {
  if (!originals.has(kernelName)) {
    originals.set(kernelName, (tf.getKernel(kernelName, WASM) as KernelConfig | undefined) ?? null);
  }
  return originals.get(kernelName) ?? null;
}

/** The stock wasm kernel for `kernelName`, whether or not an override currently replaces it. */
export function stockKernel(kernelName: string): KernelConfig | null {
  if (originals.has(kernelName)) return originals.get(kernelName) ?? null;
  return (tf.getKernel(kernelName, WASM) as KernelConfig | undefined) ?? null;
}

/** Inputs as kernels take them: a name map, or a list for Concat, Pack and AddN. */
export type KernelInputs = NamedTensorInfoMap | TensorInfo[];

/** Runs the stock wasm kernel `kernelName`; it must return a single tensor. */
export function runStock(kernelName: string, inputs: KernelInputs, backend: unknown, attrs: NamedAttrMap = {}): TensorInfo {
  const config = stockKernel(kernelName);
  if (config === null) {
    throw new KernelError('missing-kernel', `The wasm backend has no stock kernel '${kernelName}'`);
  }
  const result = config.kernelFunc({ inputs: inputs as NamedTensorInfoMap, backend: backend as object, attrs });
  if (Array.isArray(result)) {
    throw new KernelError('unsupported', `Stock kernel '${kernelName}' returned ${result.length} tensors where one was expected`);
  }
  return result;
}
