/**
 * `--workers N` of the training commands: how many engines (this thread and N - 1 worker
 * threads, one per core) share each step's batch. A machine setting, not a job param: it changes
 * neither the run folder nor what the run computes, so a run may continue with another count.
 */
import { MAX_WORKERS } from '../../engine/train/index';
import type { CommandArgs, OptionSpec } from '../command';
import { optionalNumber } from './data-options';

/** The option's spec, the same in every training command. */
export const WORKERS_OPTION: OptionSpec = {
  type: 'string', value: 'N',
  description: 'Engines sharing each step, one per core (N - 1 worker threads; at most the batch); default 1. '
    + 'On 2 cores: about 1.15x the steps per second (npm run bench:train)',
};

/** The command line's engine count, or undefined for the default (one). */
export function workersOption(args: CommandArgs): number | undefined {
  return optionalNumber(args, 'workers', { min: 1, max: MAX_WORKERS, whole: true });
}
