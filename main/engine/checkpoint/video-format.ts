/**
 * The frame format a checkpoint's model makes, read from its config.json alone (never its
 * weights): the app's server uses it to draw the chunk grid and to refuse a dataset of another
 * format before any job starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeConfig } from './config';
import { CHECKPOINT_FILES } from './manifest';

/** What a model's frames are. */
export interface CheckpointVideo {
  fps: number;
  chunkFrames: number;
  width: number;
  height: number;
}

const videoOf = z.object({
  video: z.object({ fps: z.number().positive(), chunkFrames: z.int().positive(), width: z.int().positive(), height: z.int().positive() }),
});

/** The preset and frame format of the model in `dir`; `video` is null when its config has no frame geometry. */
export function readCheckpointVideo(dir: string): { preset: string; video: CheckpointVideo | null } {
  const file = join(dir, CHECKPOINT_FILES.config);
  const stored = decodeConfig(readFileSync(file), file);
  const parsed = videoOf.safeParse(stored.architecture);
  if (!parsed.success) return { preset: stored.preset, video: null };
  const { fps, chunkFrames, width, height } = parsed.data.video;
  return { preset: stored.preset, video: { fps, chunkFrames, width, height } };
}
