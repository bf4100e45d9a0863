/**
 * The attribute judge's configuration: the class names of each head (stored with the weights, so
 * a judge checkpoint says what its outputs mean) and the size of its two small networks. Plain
 * JSON: it is the `architecture` of the judge's checkpoint folder.
 */
import { requireConfig } from '../model/errors';

/** The judge's four heads: place from the whole frame; shape, colour, pattern from a character crop. */
export const JUDGE_HEADS = ['place', 'shape', 'colour', 'pattern'] as const;
/** One of JUDGE_HEADS. */
export type JudgeHead = (typeof JUDGE_HEADS)[number];

/** The three heads read from a character crop. */
export const CHARACTER_HEADS = ['shape', 'colour', 'pattern'] as const;
/** One of CHARACTER_HEADS. */
export type CharacterHead = (typeof CHARACTER_HEADS)[number];

/**
 * The judge format. 2 added the presence head (is a whole character centred in this crop), with
 * which the judge finds a character where a generator drew it instead of reading its
 * ground-truth box; a format-1 judge cannot, so it is refused and trained again.
 */
export const JUDGE_FORMAT = 2;

/** Architecture of a judge. */
export interface JudgeConfig {
  formatVersion: typeof JUDGE_FORMAT;
  /** Class names per head, index = class id. */
  classes: Record<JudgeHead, string[]>;
  /** Whole frames are resampled to this square before the place network. */
  frameSize: number;
  /** Character crops are resampled to this square. */
  cropSize: number;
  /** Each crop is its box grown by this fraction of the box size on every side (some context). */
  cropMargin: number;
  /** Channels of the conv stages (3x3 conv, SiLU, 2x2 average pool each). */
  channels: number[];
  /** Width of the hidden layer before the heads. */
  hidden: number;
}

/** A judge config with the usual sizes for the given class names. */
export function defaultJudgeConfig(classes: Record<JudgeHead, string[]>): JudgeConfig {
  return { formatVersion: JUDGE_FORMAT, classes, frameSize: 16, cropSize: 24, cropMargin: 0.15, channels: [24, 48], hidden: 96 };
}

/** Throws an `invalid_config` ModelError naming the first problem of `config`. */
export function validateJudgeConfig(config: JudgeConfig): void {
  requireConfig((config.formatVersion as number) !== 1, 'judge format 1 predates the presence head that finds characters where they are drawn: train the judge again (`longshot eval judge`)');
  requireConfig(config.formatVersion === JUDGE_FORMAT, `unknown judge config format ${String(config.formatVersion)}`);
  for (const head of JUDGE_HEADS) {
    requireConfig((config.classes[head]?.length ?? 0) >= 2, `the judge's ${head} head needs at least two classes`);
  }
  const pools = 2 ** config.channels.length;
  requireConfig(config.channels.length >= 1 && config.channels.every((c) => Number.isInteger(c) && c > 0), 'judge channels must be positive whole numbers');
  requireConfig(config.frameSize % pools === 0 && config.cropSize % pools === 0,
    `judge frame size ${config.frameSize} and crop size ${config.cropSize} must be multiples of ${pools} (one 2x2 pool per stage)`);
  requireConfig(config.cropMargin >= 0 && config.cropMargin < 1, `judge crop margin must be in [0, 1), got ${config.cropMargin}`);
  requireConfig(Number.isInteger(config.hidden) && config.hidden > 0, 'judge hidden width must be a positive whole number');
}
