/**
 * What the engine reports about itself: which backend runs, on what, and why faster ones were
 * skipped. Plain data, so it can travel over IPC to the UI unchanged.
 */

/** The backends in order of preference. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** A Longshot backend name: tfjs-node-gpu, tfjs-node, tfjs-backend-wasm, tfjs-backend-cpu. */
export type BackendName = (typeof BACKENDS)[number];

/** Type guard for user input (environment variables, settings). */
export function isBackendName(value: string): value is BackendName {
  return (BACKENDS as readonly string[]).includes(value);
}

/** A faster backend that was tried and not used. */
export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

/** Options of `initEngine`. Each one overrides its environment variable. */
export interface InitEngineOptions {
  /** Use exactly this backend (else LONGSHOT_BACKEND, else the first that starts). */
  backend?: BackendName;
  /** Register the wasm kernel overrides (else LONGSHOT_KERNEL_OVERRIDES !== '0'). */
  kernelOverrides?: boolean;
  /** Folder holding the tfjs-backend-wasm .wasm binaries (else the installed package's dist/). */
  wasmDir?: string;
}

/** What runs the engine, as shown in the UI and written next to benchmark results. */
export interface EngineInfo {
  backend: BackendName;
  /** The tfjs backend name: 'tensorflow', 'wasm' or 'cpu'. */
  tfjsBackend: string;
  tfjsVersion: string;
  /** The device computing: CPU model and cores, or the GPU's name. */
  device: string;
  /** Threads the backend computes on (wasm runs one in Node). */
  threads: number;
  /** Whether wasm SIMD is used; null for other backends. */
  simd: boolean | null;
  kernelOverrides: {
    /** Whether the wasm overrides are registered and the wasm backend runs. */
    active: boolean;
    /** Kernels replaced or added when active. */
    kernels: readonly string[];
  };
  /** Set when a backend was forced, by the `backend` option or LONGSHOT_BACKEND. */
  forced: { backend: BackendName; by: 'option' | 'env' } | null;
  /** Faster backends tried first and why each was not used. */
  skipped: readonly SkippedBackend[];
  /** True on the pure-JS cpu backend (or wasm without SIMD): training would take far longer. */
  slow: boolean;
  /** A sentence for the UI when `slow`, else null. */
  warning: string | null;
}
