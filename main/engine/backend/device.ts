/**
 * Describes the device a backend computes on, for EngineInfo: the CPU model, or for the CUDA
 * backend the GPU's name as nvidia-smi reports it (tfjs-node-gpu exposes no device name).
 */
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { BackendName } from './types';

/** CPU model and core count, e.g. "AMD EPYC (2 cores)". */
export function cpuDescription(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
}

/** GPU names from nvidia-smi, or null where it is missing or fails within two seconds. */
function nvidiaGpuNames(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { timeout: 2000 }, (error, stdout) => {
      const names = stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      resolve(error !== null || names.length === 0 ? null : names.join(', '));
    });
  });
}

/** What `backend` computes on. */
export async function describeDevice(backend: BackendName): Promise<string> {
  if (backend !== 'tensorflow-gpu') return cpuDescription();
  return (await nvidiaGpuNames()) ?? 'CUDA GPU (nvidia-smi unavailable, name unknown)';
}

/** Threads `backend` computes on. */
export async function threadCount(backend: BackendName): Promise<number> {
  switch (backend) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      // libtensorflow's default intra-op pool has one thread per core.
      return os.cpus().length;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      return wasm.getThreadsCount();
    }
    case 'cpu':
      return 1;
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}

/** Whether the wasm backend runs its SIMD build; null for other backends. */
export async function wasmSimd(backend: BackendName): Promise<boolean | null> {
  if (backend !== 'wasm') return null;
  return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
}
