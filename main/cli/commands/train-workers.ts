/**
 * `--workers N` of the training commands: how many engines (this thread and N - 1 worker
 * threads, one per core) share each step's batch. A machine setting, not a job param: it changes
 * neither the run folder nor what the run computes beyond float32 summation order, so a run may
 * continue with another count.
 *
 * Default: on the wasm backend, which computes on one thread, one engine per core up to the
 * batch (2 engines make a step 1.25x faster on 2 cores: docs/training-speed.md); on native
 * backends one, since they use every core (or the GPU) themselves. LONGSHOT_TRAIN_WORKERS
 * overrides the default (the test suite sets it to 1: its files already run side by side).
 */
import { availableParallelism } from 'node:os';
import { MAX_WORKERS } from '../../engine/train/index';
import { CliError, type CommandArgs, type OptionSpec } from '../command';
import { optionalNumber } from './data-options';

/** The option's spec, the same in every training command. */
export const WORKERS_OPTION: OptionSpec = {
  type: 'string', value: 'N',
  description: 'Engines sharing each step, one per core (N - 1 worker threads; at most the batch); '
    + 'default: one per core on wasm (LONGSHOT_TRAIN_WORKERS overrides), one on native backends',
};

/** The variable that overrides the default engine count. */
export const WORKERS_ENV = 'LONGSHOT_TRAIN_WORKERS';

/** The engine count of a command line: --workers, else the default for this backend and batch. */
export function trainWorkers(args: CommandArgs, backend: string, batch: number): number {
  const given = optionalNumber(args, 'workers', { min: 1, max: MAX_WORKERS, whole: true });
  if (given !== undefined) return given;
  const fromEnv = process.env[WORKERS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const count = Number(fromEnv);
    if (!(Number.isInteger(count) && count >= 1 && count <= MAX_WORKERS)) {
      throw new CliError(`${WORKERS_ENV} must be a whole number from 1 to ${MAX_WORKERS}, got "${fromEnv}"`, 2);
    }
    return Math.min(count, batch);
  }
  return backend === 'wasm' ? Math.max(1, Math.min(availableParallelism(), batch, MAX_WORKERS)) : 1;
}
