/**
 * Messages between a training engine and its data-parallel worker threads (worker.ts).
 * Main to worker: `init` once, then one `step` per optimizer step. Worker to main: `ready`
 * after init, `gradients` per step, or `failed` with the error that stopped it.
 */
import type { InitEngineOptions } from '../backend/types';
import type { ModelConfig } from '../model/config';
import type { FlatGradients } from './flat';
import type { PackedShard } from './shards';

/** File name of the worker's bundle, beside the engine's in the app (main/electron/build/bundles.ts builds it). */
export const TRAIN_WORKER_BUNDLE = 'train-worker.cjs';

export type ToWorker =
  | { type: 'init'; engine: InitEngineOptions; model: ModelConfig; seed: number; names: string[] }
  /** weights: the step's weights in `names` order; the worker's gradients are of its shard's mean loss. */
  | { type: 'step'; id: number; weights: Float32Array; shard: PackedShard };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'gradients'; id: number; loss: number; gradients: FlatGradients }
  | { type: 'failed'; message: string };
