/**
 * How many engines share a training step by default, the same for `longshot train` and the
 * app's training jobs: on the wasm backend, which computes on one thread, one engine per core up
 * to the batch (2 engines make a step 1.25x faster on 2 cores: docs/training-speed.md); on native
 * backends one, since they use every core (or the GPU) themselves. LONGSHOT_TRAIN_WORKERS
 * overrides it (the test suite sets it to 1: its files already run side by side). A machine
 * setting, not a job param: it changes neither the run folder nor what the run computes beyond
 * float32 summation order, so a run may continue with another count.
 */
import { availableParallelism } from 'node:os';
import { MAX_WORKERS, TrainError } from '../../engine/train/index';

/** The variable that overrides the default engine count. */
export const WORKERS_ENV = 'LONGSHOT_TRAIN_WORKERS';

/** The default engine count for this backend and batch; an 'invalid_option' TrainError for a bad LONGSHOT_TRAIN_WORKERS. */
export function defaultTrainWorkers(backend: string, batch: number): number {
  const fromEnv = process.env[WORKERS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const count = Number(fromEnv);
    if (!(Number.isInteger(count) && count >= 1 && count <= MAX_WORKERS)) {
      throw new TrainError('invalid_config', `${WORKERS_ENV} must be a whole number from 1 to ${MAX_WORKERS}, got "${fromEnv}"`);
    }
    return Math.min(count, batch);
  }
  return backend === 'wasm' ? Math.max(1, Math.min(availableParallelism(), batch, MAX_WORKERS)) : 1;
}
