/**
 * models.*: the models and checkpoints a project knows, and what its model setting resolves to.
 * `describe` reads a checkpoint's config.json only, never its weights, so the timeline can draw
 * the model's chunk grid at once. Nothing here loads tfjs (test/unit/server-imports.test.ts).
 */
import { readCheckpointVideo } from '../engine/checkpoint/video-format';
import { presetConfig } from '../engine/presets';
import { resolveModelSource } from '../jobs/generation/planned-model';
import { getSettings, listModels } from '../project/index';
import type { AreaServices } from './context';
import { ServiceError } from './errors';

export const models: AreaServices<'models'> = {
  list: ({ projectId }, ctx) => listModels(ctx.projects.get(projectId).db),

  describe({ projectId, modelId }, ctx) {
    const project = ctx.projects.get(projectId);
    const wanted = modelId ?? getSettings(project.db).modelId;
    const source = resolveModelSource(project.db, project.path, wanted);
    if (source.kind === 'random') {
      const { fps, chunkFrames, width, height } = presetConfig(source.preset).video;
      return { modelId: wanted, source: 'random' as const, preset: source.preset, path: null, fps, chunkFrames, width, height, warning: source.reason };
    }
    const { preset, video } = readCheckpointVideo(source.dir);
    if (video === null) throw new ServiceError('invalid_state', `${source.dir} is not a video model: its config has no frame geometry`);
    return { modelId: wanted, source: 'checkpoint' as const, preset, path: source.dir, ...video, warning: null };
  },
};
