/**
 * The on-disk formats of a dataset, validated with zod when read:
 *   DIR/dataset.json                 DatasetFile
 *   DIR/videos/<id>/video.frames     frames (main/media/frame-file.ts)
 *   DIR/videos/<id>/video.json       VideoFile: storyboard, and per-frame ground truth for Storyworld
 * A video's folder follows from its id, so a dataset file cannot point outside its folder.
 */
import { z } from 'zod';
import { COLOUR_NAMES, PATTERNS, SHAPES } from './storyworld/identity';
import { PLACE_KINDS } from './storyworld/place-layouts';

export const DATASET_FORMAT_VERSION = 1;

/** One storyboard row: a caption over [startSec, endSec), entered by a cut or continuing. */
export const CaptionRowSchema = z.object({
  startSec: z.number().nonnegative(),
  endSec: z.number().positive(),
  text: z.string(),
  transition: z.enum(['cut', 'continuous']),
});
export type CaptionRow = z.infer<typeof CaptionRowSchema>;

/** Video and dataset ids: safe as folder names on every OS. */
export const VideoIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'ids use letters, digits, _ and - only');

const int = z.number().int();
const positiveInt = int.positive();

/** Ground truth of a Storyworld video, stored compactly: looks once, boxes per frame as
 * [character index, x, y, width, height]. */
export const TruthSchema = z.object({
  places: z.array(z.object({ id: z.string(), kind: z.enum(PLACE_KINDS), description: z.string() })),
  characters: z.array(z.object({ id: z.string(), shape: z.enum(SHAPES), colour: z.enum(COLOUR_NAMES), pattern: z.enum(PATTERNS) })),
  frames: z.array(z.object({ place: int.nonnegative(), boxes: z.array(z.tuple([int.nonnegative(), int, int, positiveInt, positiveInt])) })),
});
export type Truth = z.infer<typeof TruthSchema>;

export const SourceSchema = z.enum(['storyworld', 'footage']);
export type DatasetSource = z.infer<typeof SourceSchema>;

export const VideoFileSchema = z.object({
  format: z.literal('longshot-video'),
  version: z.literal(DATASET_FORMAT_VERSION),
  id: VideoIdSchema,
  source: SourceSchema,
  /** The Storyworld seed of this video; null for footage. */
  seed: int.nonnegative().nullable(),
  width: positiveInt,
  height: positiveInt,
  fps: z.number().positive(),
  frameCount: positiveInt,
  storyboard: z.array(CaptionRowSchema),
  truth: TruthSchema.nullable(),
});
export type VideoFile = z.infer<typeof VideoFileSchema>;

export const DatasetFileSchema = z.object({
  format: z.literal('longshot-dataset'),
  version: z.literal(DATASET_FORMAT_VERSION),
  source: SourceSchema,
  generator: z.object({ name: z.literal('storyworld'), version: positiveInt }).nullable(),
  /** Drives the Storyworld videos (if any) and the train/validation split. */
  seed: int.nonnegative(),
  width: positiveInt,
  height: positiveInt,
  fps: z.number().positive(),
  videos: z.array(z.object({ id: VideoIdSchema, frameCount: positiveInt, seconds: z.number().positive() })),
});
export type DatasetFile = z.infer<typeof DatasetFileSchema>;

/** What went wrong with a dataset, for callers that react differently (the CLI, the job host). */
export type DatasetErrorCode = 'not-found' | 'invalid' | 'exists' | 'mismatch' | 'empty' | 'cursor' | 'cancelled';

/** A dataset that cannot be read, written or sampled as asked. */
export class DatasetError extends Error {
  constructor(readonly code: DatasetErrorCode, message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** Parses JSON text against a schema, naming the file and the first failing field. */
export function parseFile<T>(schema: z.ZodType<T>, text: string, path: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatasetError('invalid', `${path} is not JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DatasetError('invalid', `${path}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
  }
  return result.data;
}
