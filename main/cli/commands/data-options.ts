/**
 * Option parsing shared by the `longshot data ...` commands: numbers with ranges, required
 * paths, and opening a dataset or one of its videos with errors a user can act on.
 */
import { CliError, type CommandArgs } from '../command';
import { DatasetError, openDataset, type Dataset, type DatasetVideo } from '../../data/index';

/** A number option within [min, max]; `whole` requires an integer. */
export function numberOption(args: CommandArgs, name: string, fallback: number | undefined, range: { min: number; max: number; whole?: boolean }): number {
  const raw = args.values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`, 2);
    return fallback;
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!(value >= range.min && value <= range.max) || (range.whole && !Number.isInteger(value))) {
    throw new CliError(`--${name} must be ${range.whole ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}, got '${String(raw)}'`, 2);
  }
  return value;
}

/** A required string option (a path). */
export function stringOption(args: CommandArgs, name: string): string {
  const raw = args.values[name];
  if (typeof raw !== 'string' || raw === '') throw new CliError(`--${name} is required`, 2);
  return raw;
}

/** Turns dataset failures into one-line CLI errors; cancellation exits with 130 like Ctrl-C. */
export function datasetFailure(error: unknown): never {
  if (error instanceof DatasetError) throw new CliError(`${error.message} [${error.code}]`, error.code === 'cancelled' ? 130 : 1);
  throw error;
}

/** Opens `--data DIR` and picks `--video K` (an index from 0 or an id such as v0003). */
export function openVideo(args: CommandArgs): { dataset: Dataset; video: DatasetVideo } {
  try {
    const dataset = openDataset(stringOption(args, 'data'));
    const ref = stringOption(args, 'video');
    const ids = dataset.videoIds;
    const id = /^\d+$/.test(ref) ? ids[Number(ref)] : ids.find((v) => v === ref);
    if (id === undefined) throw new CliError(`--video ${ref} is not in the dataset (${ids.length} videos: 0..${ids.length - 1} or ${ids[0]}..${ids[ids.length - 1]})`, 2);
    return { dataset, video: dataset.video(id) };
  } catch (error) {
    return datasetFailure(error);
  }
}
