/**
 * Engine start-up: backend order and forcing (option and LONGSHOT_BACKEND), the reasons faster
 * backends were skipped, the kernel overrides on wasm (and LONGSHOT_KERNEL_OVERRIDES=0), the
 * gradients every backend needs, and that everything shares one tfjs-core engine.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, EngineError, initEngine, KERNEL_OVERRIDES_ENV, systemInfo } from '../../main/engine/backend';
import { defaultWasmDir } from '../../main/engine/backend/loaders';

afterEach(() => {
  delete process.env[BACKEND_ENV];
  delete process.env[KERNEL_OVERRIDES_ENV];
});

/** Awaits `promise` and returns the EngineError it rejects with. */
async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe('initEngine', () => {
  it('has no system info before it starts', () => {
    expect(() => systemInfo()).toThrow(EngineError);
  });

  it('picks wasm with overrides when neither tfjs-node package is installed, and says why', async () => {
    const info = await initEngine();
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.forced).toBeNull();
    expect(info.skipped).toEqual([
      { backend: 'tensorflow-gpu', reason: '@tensorflow/tfjs-node-gpu not installed' },
      { backend: 'tensorflow', reason: '@tensorflow/tfjs-node not installed' },
    ]);
    expect(info.kernelOverrides.active).toBe(true);
    expect(info.kernelOverrides.kernels).toContain('Conv2DBackpropFilter');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(info.simd).toBe(true);
    expect(info.threads).toBe(1);
    expect(info.device).toContain(os.cpus()[0]?.model.trim() ?? '');
    expect(info.slow).toBe(false);
    expect(info.warning).toBeNull();
    expect(info.tfjsVersion).toBe(tf.version_core);
    expect(systemInfo()).toBe(info);
  });

  it('returns the running engine for the same options', async () => {
    const first = await initEngine();
    expect(await initEngine()).toBe(first);
  });

  it('honours a forced backend and flags the pure-JS one as slow', async () => {
    const info = await initEngine({ backend: 'cpu' });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.forced).toEqual({ backend: 'cpu', by: 'option' });
    expect(info.skipped).toEqual([]);
    expect(info.slow).toBe(true);
    expect(info.warning).toMatch(/slower/);
    expect(info.kernelOverrides.active).toBe(false);
  });

  it('honours LONGSHOT_BACKEND', async () => {
    process.env[BACKEND_ENV] = 'wasm';
    const info = await initEngine();
    expect(info.forced).toEqual({ backend: 'wasm', by: 'env' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name', async () => {
    process.env[BACKEND_ENV] = 'webgpu';
    expect((await engineError(initEngine())).code).toBe('invalid-backend');
  });

  it('fails with the reason when a forced backend is not installed', async () => {
    const error = await engineError(initEngine({ backend: 'tensorflow' }));
    expect(error.code).toBe('backend-unavailable');
    expect(error.message).toContain('@tensorflow/tfjs-node not installed');
    // The failed start leaves the previous engine usable.
    expect(tf.getBackend()).toBe('wasm');
  });

  it('keeps the stock wasm kernels with LONGSHOT_KERNEL_OVERRIDES=0', async () => {
    process.env[KERNEL_OVERRIDES_ENV] = '0';
    const info = await initEngine({ backend: 'wasm' });
    expect(info.kernelOverrides.active).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    delete process.env[KERNEL_OVERRIDES_ENV];
    expect((await initEngine({ backend: 'wasm' })).kernelOverrides.active).toBe(true);
  });

  it('registers gradients, including zero gradients of comparisons', async () => {
    await initEngine({ backend: 'wasm' });
    for (const kernel of ['BatchMatMul', 'Conv3D', 'Softmax', 'GatherV2', 'Greater']) expect(tf.getGradient(kernel)).toBeDefined();
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.where(tf.greater(x, 0), x, tf.zerosLike(x))))(tf.tensor1d([-1, 2]));
    expect([...grad.dataSync()]).toEqual([0, 1]);
    grad.dispose();
  });

  it('runs every backend on the one tfjs-core instance', async () => {
    await initEngine({ backend: 'wasm' });
    const required = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof tf;
    expect(required.engine()).toBe(tf.engine());
    expect(tf.engine().findBackend('wasm')).toBe(tf.engine().backend);
    const t = required.tensor1d([1, 2]);
    expect(t).toBeInstanceOf(tf.Tensor);
    t.dispose();
  });

  it('finds the wasm binaries from the package, whatever the working directory', () => {
    expect(existsSync(path.join(defaultWasmDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });
});
