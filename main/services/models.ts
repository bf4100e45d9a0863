/**
 * models.*: the models and checkpoints a project knows, and what its model setting resolves to.
 * `describe` reads a checkpoint's config.json only, never its weights, so the timeline can draw
 * the model's chunk grid at once. Nothing here loads tfjs (test/unit/server-imports.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeConfig } from '../engine/checkpoint/config';
import { CHECKPOINT_FILES } from '../engine/checkpoint/manifest';
import { resolveModelSource } from '../jobs/generation/planned-model';
import { presetConfig } from '../engine/presets';
import { getSettings, listModels } from '../project/index';
import type { AreaServices } from './context';
import { ServiceError } from './errors';

/** The part of a model's architecture the UI needs. */
const videoOf = z.object({
  video: z.object({ fps: z.number().positive(), chunkFrames: z.int().positive(), width: z.int().positive(), height: z.int().positive() }),
});

export const models: AreaServices<'models'> = {
  list: ({ projectId }, ctx) => listModels(ctx.projects.get(projectId).db),

  describe({ projectId, modelId }, ctx) {
    const project = ctx.projects.get(projectId);
    const wanted = modelId ?? getSettings(project.db).modelId;
    const source = resolveModelSource(project.db, project.path, wanted);
    if (source.kind === 'random') {
      const { video } = presetConfig(source.preset);
      return { modelId: wanted, source: 'random' as const, preset: source.preset, path: null, ...pick(video), warning: source.reason };
    }
    const file = join(source.dir, CHECKPOINT_FILES.config);
    const stored = decodeConfig(readFileSync(file), file);
    const parsed = videoOf.safeParse(stored.architecture);
    if (!parsed.success) throw new ServiceError('invalid_state', `${source.dir} is not a video model: its config has no frame geometry`);
    return { modelId: wanted, source: 'checkpoint' as const, preset: stored.preset, path: source.dir, ...pick(parsed.data.video), warning: null };
  },
};

function pick(video: z.output<typeof videoOf>['video']) {
  return { fps: video.fps, chunkFrames: video.chunkFrames, width: video.width, height: video.height };
}
