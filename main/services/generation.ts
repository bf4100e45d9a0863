/**
 * generation.*: queue a generation or a new take, and read runs' takes and chunks. The work is
 * done by the generate runner of the job host; these calls only record what to do.
 */
import { randomInt } from 'node:crypto';
import { getRun, getSettings, listChunks, listTakes, setCurrentTake } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

export const generation: AreaServices<'generation'> = {
  start({ projectId, seed }, ctx) {
    const settings = getSettings(ctx.projects.get(projectId).db);
    return queueJob(ctx, projectId, 'generate', { seed: seed ?? settings.seed });
  },

  regenerate({ projectId, runId, fromChunk, seed, captionOverrides }, ctx) {
    const db = ctx.projects.get(projectId).db;
    getRun(db, runId);
    // A new take keeps the memory up to `fromChunk`; a fresh seed by default, as "another take" means.
    const takeSeed = seed ?? randomInt(0, 2 ** 32);
    return queueJob(ctx, projectId, 'generate', { runId, fromChunk, seed: takeSeed, captionOverrides: captionOverrides ?? [] });
  },

  listTakes: ({ projectId, runId }, ctx) => listTakes(ctx.projects.get(projectId).db, runId),
  chooseTake: ({ projectId, takeId }, ctx) => setCurrentTake(ctx.projects.get(projectId).db, takeId),
  listChunks: ({ projectId, takeId }, ctx) => listChunks(ctx.projects.get(projectId).db, takeId),
};
