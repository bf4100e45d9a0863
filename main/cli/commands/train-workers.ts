/**
 * `--workers N` of the training commands: how many engines (this thread and N - 1 worker
 * threads, one per core) share each step's batch; without it, the default the app's training
 * jobs use too (main/jobs/runners/train-workers.ts says what it is and why).
 */
import { MAX_WORKERS, TrainError } from '../../engine/train/index';
import { defaultTrainWorkers, WORKERS_ENV } from '../../jobs/runners/train-workers';
import { CliError, type CommandArgs, type OptionSpec } from '../command';
import { optionalNumber } from './data-options';

export { WORKERS_ENV };

/** The option's spec, the same in every training command. */
export const WORKERS_OPTION: OptionSpec = {
  type: 'string', value: 'N',
  description: 'Engines sharing each step, one per core (N - 1 worker threads; at most the batch); '
    + `default: one per core on wasm (${WORKERS_ENV} overrides), one on native backends`,
};

/** The engine count of a command line: --workers, else the default for this backend and batch. */
export function trainWorkers(args: CommandArgs, backend: string, batch: number): number {
  const given = optionalNumber(args, 'workers', { min: 1, max: MAX_WORKERS, whole: true });
  if (given !== undefined) return given;
  try {
    return defaultTrainWorkers(backend, batch);
  } catch (error) {
    if (error instanceof TrainError) throw new CliError(error.message, 2);
    throw error;
  }
}
