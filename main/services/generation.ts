/**
 * generation.*: queue a generation or a new take, and read runs, takes and chunks. Queuing first
 * records the run (with its plan) and the take (main/jobs/generation/takes.ts), then queues a
 * 'generate' job for that take, which the job host runs in the engine process.
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chunkPreviewFile, projectFile } from '../jobs/generation/paths';
import { createGeneration, createRetake } from '../jobs/generation/takes';
import { getSettings, listChunks, listRuns, listTakes, setCurrentTake, type Chunk, type Project } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

/** A chunk with its preview strip, which lies in the folder of the take that made it. */
function withPreview(project: Project, chunk: Chunk) {
  const previewPath = chunkPreviewFile({ runId: chunk.runId, id: chunk.takeId }, chunk.chunkIndex);
  return { ...chunk, previewPath: existsSync(projectFile(project, previewPath)) ? previewPath : null };
}

export const generation: AreaServices<'generation'> = {
  start({ projectId, seed, footageId }, ctx) {
    const db = ctx.projects.get(projectId).db;
    const { params } = createGeneration(db, { seed: seed ?? getSettings(db).seed, footageId });
    return queueJob(ctx, projectId, 'generate', params);
  },

  regenerate({ projectId, runId, fromChunk, seed, captionOverrides }, ctx) {
    // A new take keeps the memory up to `fromChunk`; a fresh seed by default, as "another take" means.
    const { params } = createRetake(ctx.projects.get(projectId).db, {
      runId, fromChunk, seed: seed ?? randomInt(0, 2 ** 32), captionOverrides: captionOverrides ?? [],
    });
    return queueJob(ctx, projectId, 'generate', params);
  },

  listRuns: ({ projectId }, ctx) => listRuns(ctx.projects.get(projectId).db),
  listTakes: ({ projectId, runId }, ctx) => listTakes(ctx.projects.get(projectId).db, runId),
  chooseTake: ({ projectId, takeId }, ctx) => setCurrentTake(ctx.projects.get(projectId).db, takeId),
  listChunks({ projectId, takeId }, ctx) {
    const project = ctx.projects.get(projectId);
    return listChunks(project.db, takeId).map((chunk) => withPreview(project, chunk));
  },
};
