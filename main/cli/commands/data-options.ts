/**
 * Argument parsing shared by the commands: the one positional, numbers with ranges, choices,
 * required paths, and the typed failures of the data and media layers as one-line CLI errors;
 * for the `longshot data ...` commands, opening a dataset or one of its videos.
 */
import { CliError, type CommandArgs, type OptionSpec } from '../command';
import { DatasetError, openDataset, type Dataset, type DatasetVideo } from '../../data/index';
import { isMediaError } from '../../media/index';

/** Values a number option accepts; an end left out is open. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** Integers only. */
  whole?: boolean;
  /** Above zero: for lengths that have no natural smallest value. */
  positive?: boolean;
}

function describeRange({ min, max, whole, positive }: NumberRange): string {
  const kind = `a ${positive ? 'positive ' : ''}${whole ? 'whole number' : 'number'}`;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  return max === undefined ? kind : `${kind} of at most ${max}`;
}

/** The single positional argument of `command`, e.g. its PROJECT. */
export function onePositional(args: CommandArgs, command: string, what: string): string {
  const [value, ...extra] = args.positionals;
  if (value === undefined || extra.length > 0) throw new CliError(`${command} takes exactly one ${what}`, 2);
  return value;
}

/** A number option within `range`; without the option, `fallback`, and an error when there is none. */
export function numberOption(args: CommandArgs, name: string, fallback: number | undefined, range: NumberRange): number {
  const raw = args.values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`, 2);
    return fallback;
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  const { min = -Infinity, max = Infinity, whole = false, positive = false } = range;
  const ok = Number.isFinite(value) && value >= min && value <= max && (!whole || Number.isInteger(value)) && (!positive || value > 0);
  if (!ok) {
    throw new CliError(`--${name} must be ${describeRange(range)}, got '${String(raw)}'`, 2);
  }
  return value;
}

/** A number option within `range`, or undefined when it is not given. */
export function optionalNumber(args: CommandArgs, name: string, range: NumberRange): number | undefined {
  return args.values[name] === undefined ? undefined : numberOption(args, name, undefined, range);
}

/** One of `choices`, or undefined when the option is not given. */
export function choiceOption<T extends string>(args: CommandArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const chosen = choices.find((choice) => choice === raw);
  if (chosen === undefined) throw new CliError(`--${name} must be one of ${choices.join(', ')}, got '${String(raw)}'`, 2);
  return chosen;
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

/**
 * Turns media failures into one-line CLI errors: `${what} cancelled` with exit code 130 after
 * Ctrl-C, otherwise `${failed}: <message> [<code>]`.
 */
export function mediaFailure(error: unknown, what: string, failed: string): never {
  if (isMediaError(error, 'cancelled')) throw new CliError(`${what} cancelled`, 130);
  if (isMediaError(error)) throw new CliError(`${failed}: ${error.message} [${error.code}]`);
  throw error;
}

/** The options `openVideo` reads. */
export const VIDEO_OPTIONS: Record<string, OptionSpec> = {
  data: { type: 'string', value: 'DIR', description: 'Dataset folder (required)' },
  video: { type: 'string', value: 'K', description: 'Video index from 0, or its id (required)' },
};

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
