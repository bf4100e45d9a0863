/**
 * Starting the engine: the one way every caller (jobs, CLI, tests, benchmarks) gets tfjs ready.
 *
 *   import { initEngine } from '../../main/engine/backend';
 *   const info = await initEngine(); // EngineInfo: backend, device, threads, overrides, warnings
 *
 * Order of preference: tfjs-node-gpu, tfjs-node, wasm, cpu; LONGSHOT_BACKEND (or the `backend`
 * option) forces one, and then a failure is an error rather than a fall-through. On wasm the
 * kernel overrides are registered unless LONGSHOT_KERNEL_OVERRIDES=0. tfjs-core's Node bundle
 * ships without gradient functions; they are registered here too, so tf.grad works on every
 * backend. Model code then uses the tfjs-core API only.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  registerMissingGradients, registerWasmKernelOverrides, unregisterWasmKernelOverrides, WASM_KERNEL_OVERRIDES,
  wasmKernelOverridesActive,
} from '../kernels';
import { describeDevice, threadCount, wasmSimd } from './device';
import { EngineError } from './errors';
import { loadBackend, tfjsBackendName } from './loaders';
import { BACKENDS, type BackendName, type EngineInfo, type InitEngineOptions, isBackendName, type SkippedBackend } from './types';

export { EngineError, type EngineErrorCode } from './errors';
export { BACKENDS, type BackendName, type EngineInfo, type InitEngineOptions, isBackendName, type SkippedBackend } from './types';

/** Environment variable forcing a backend. */
export const BACKEND_ENV = 'LONGSHOT_BACKEND';
/** Environment variable that, set to 0, keeps the stock wasm kernels. */
export const KERNEL_OVERRIDES_ENV = 'LONGSHOT_KERNEL_OVERRIDES';

let current: { key: string; info: EngineInfo; options: InitEngineOptions } | null = null;
/** Serialises start-ups: each waits for the one before, whether it succeeded or not. */
let queue: Promise<unknown> = Promise.resolve();

function forcedBackend(options: InitEngineOptions): EngineInfo['forced'] {
  if (options.backend !== undefined) {
    if (!isBackendName(options.backend)) {
      throw new EngineError('invalid-backend', `Unknown backend '${String(options.backend)}'; use one of ${BACKENDS.join(', ')}`);
    }
    return { backend: options.backend, by: 'option' };
  }
  const fromEnv = process.env[BACKEND_ENV]?.trim();
  if (fromEnv === undefined || fromEnv === '') return null;
  if (!isBackendName(fromEnv)) {
    throw new EngineError('invalid-backend', `${BACKEND_ENV}=${fromEnv} names no backend; use one of ${BACKENDS.join(', ')}`);
  }
  return { backend: fromEnv, by: 'env' };
}

/** Gradients must exist before any model trains; tfjs-layers' Node bundle is what carries them. */
async function ensureGradients(): Promise<void> {
  if (tf.getGradient(tf.BatchMatMul) === undefined) await import('@tensorflow/tfjs-layers');
  registerMissingGradients();
  if (tf.getGradient(tf.BatchMatMul) === undefined || tf.getGradient(tf.Conv3D) === undefined) {
    throw new EngineError('gradients-missing', 'tfjs gradient functions are not registered with this tfjs-core; '
      + 'check that @tensorflow/tfjs-layers and @tensorflow/tfjs-core are the same version');
  }
}

async function selectBackend(forced: EngineInfo['forced'], wasmDir: string | undefined): Promise<{ backend: BackendName; skipped: SkippedBackend[] }> {
  if (forced !== null) {
    const outcome = await loadBackend(forced.backend, wasmDir);
    if (!outcome.ok) {
      throw new EngineError('backend-unavailable', `Backend '${forced.backend}' (forced by ${forced.by === 'env' ? BACKEND_ENV : 'the backend option'}) `
        + `cannot start: ${outcome.reason}`);
    }
    return { backend: forced.backend, skipped: [] };
  }
  const skipped: SkippedBackend[] = [];
  for (const backend of BACKENDS) {
    const outcome = await loadBackend(backend, wasmDir);
    if (outcome.ok) return { backend, skipped };
    skipped.push({ backend, reason: outcome.reason });
  }
  throw new EngineError('no-backend', `No tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
}

async function start(options: InitEngineOptions, forced: EngineInfo['forced'], overrides: boolean): Promise<EngineInfo> {
  await ensureGradients();
  const { backend, skipped } = await selectBackend(forced, options.wasmDir);
  if (backend === 'wasm' && overrides) registerWasmKernelOverrides();
  else unregisterWasmKernelOverrides();
  const simd = await wasmSimd(backend);
  const slow = backend === 'cpu' || simd === false;
  return {
    backend,
    tfjsBackend: tfjsBackendName(backend),
    tfjsVersion: tf.version_core,
    device: await describeDevice(backend),
    threads: await threadCount(backend),
    simd,
    kernelOverrides: { active: backend === 'wasm' && wasmKernelOverridesActive(), kernels: WASM_KERNEL_OVERRIDES },
    forced,
    skipped,
    slow,
    warning: slow
      ? `The ${backend} backend${simd === false ? ' without SIMD' : ''} runs far slower than wasm SIMD or tfjs-node: `
        + 'training and long renders will take much longer.'
      : null,
  };
}

/**
 * Starts (or switches) the engine and returns what runs it. Calls with the same effective
 * options return the running engine; concurrent calls run one after another.
 */
export function initEngine(options: InitEngineOptions = {}): Promise<EngineInfo> {
  const run = async (): Promise<EngineInfo> => {
    const forced = forcedBackend(options);
    const overrides = options.kernelOverrides ?? process.env[KERNEL_OVERRIDES_ENV]?.trim() !== '0';
    const key = JSON.stringify([forced?.backend ?? 'auto', overrides, options.wasmDir ?? null]);
    if (current?.key === key && tf.getBackend() === current.info.tfjsBackend) return current.info;
    const info = await start(options, forced, overrides);
    current = { key, info, options: { backend: info.backend, kernelOverrides: overrides, ...(options.wasmDir !== undefined && { wasmDir: options.wasmDir }) } };
    return info;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/**
 * The options that start another engine exactly like this one (a data-parallel worker thread
 * must compute what this thread would); throws EngineError('not-started') before `initEngine`.
 */
export function runningEngineOptions(): InitEngineOptions {
  if (current === null) throw new EngineError('not-started', 'The engine has not been started: call initEngine() first');
  return { ...current.options };
}

/** What runs the engine now; throws EngineError('not-started') before `initEngine`. */
export function systemInfo(): EngineInfo {
  if (current === null) throw new EngineError('not-started', 'The engine has not been started: call initEngine() first');
  return current.info;
}
