/**
 * Loading and starting each backend. A backend that cannot load is an outcome with a reason,
 * not an exception, so start-up can fall through to the next one and report why.
 *
 * The two tfjs-node packages download libtensorflow while they install, which fails offline,
 * so they are optional dependencies loaded by a guarded dynamic import. All backends register
 * with the one tfjs-core instance this file imports; a backend that registered elsewhere (a
 * second tfjs-core copy) is reported, not silently used.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendName } from './types';

/** Result of trying one backend. */
export type LoadOutcome = { ok: true } | { ok: false; reason: string };

const NODE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/** The tfjs backend name each Longshot backend registers. */
export function tfjsBackendName(backend: BackendName): string {
  switch (backend) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return 'tensorflow';
    case 'wasm':
      return 'wasm';
    case 'cpu':
      return 'cpu';
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}

/** The installed tfjs-backend-wasm's dist/ folder, found from this file so any cwd works. */
export function defaultWasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whether `error` says that `pkg` itself is not installed (as opposed to failing to load). */
function isNotInstalled(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(message);
  return notFound && message.includes(pkg);
}

/** Makes `name` the active tfjs backend, if it registered with this tfjs-core. */
async function activate(name: string, source: string): Promise<LoadOutcome> {
  if (!tf.findBackendFactory(name)) {
    return { ok: false, reason: `${source} registered no '${name}' backend with this tfjs-core (a second tfjs-core copy?)` };
  }
  try {
    if (await tf.setBackend(name)) return { ok: true };
    return { ok: false, reason: `${source} failed to initialise (tfjs logged why)` };
  } catch (error) {
    return { ok: false, reason: `${source} failed to initialise: ${messageOf(error)}` };
  }
}

async function loadNodeBackend(backend: keyof typeof NODE_PACKAGES): Promise<LoadOutcome> {
  const pkg: string = NODE_PACKAGES[backend];
  try {
    await import(pkg);
  } catch (error) {
    return { ok: false, reason: isNotInstalled(error, pkg) ? `${pkg} not installed` : `${pkg} failed to load: ${messageOf(error)}` };
  }
  return activate('tensorflow', pkg);
}

let wasmPathsSet = false;

async function loadWasm(wasmDir: string | undefined): Promise<LoadOutcome> {
  const pkg = '@tensorflow/tfjs-backend-wasm';
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The paths are read once, when the backend first initialises; setting them later throws.
    if (!wasmPathsSet && tf.engine().registry.wasm === undefined) {
      wasm.setWasmPaths(wasmDir ?? defaultWasmDir());
      wasmPathsSet = true;
    }
  } catch (error) {
    return { ok: false, reason: `${pkg} failed to load: ${messageOf(error)}` };
  }
  return activate('wasm', pkg);
}

async function loadCpu(): Promise<LoadOutcome> {
  const pkg = '@tensorflow/tfjs-backend-cpu';
  try {
    await import('@tensorflow/tfjs-backend-cpu');
  } catch (error) {
    return { ok: false, reason: `${pkg} failed to load: ${messageOf(error)}` };
  }
  return activate('cpu', pkg);
}

/** Loads and activates `backend`. */
export function loadBackend(backend: BackendName, wasmDir: string | undefined): Promise<LoadOutcome> {
  switch (backend) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return loadNodeBackend(backend);
    case 'wasm':
      return loadWasm(wasmDir);
    case 'cpu':
      return loadCpu();
    default: {
      const unreachable: never = backend;
      return unreachable;
    }
  }
}
