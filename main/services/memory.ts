/**
 * memory.*: the memory inspector, the budget dial and the fidelity strip (main/jobs/memory/).
 * Inspection and the budget load tfjs, so they are imported on first use: serving the app does
 * not start the engine until someone asks. Inspecting runs one retrieval pass here, not in the
 * engine process, because the UI waits for its answer and it must not queue behind a long job.
 */
import { readFidelityStrip } from '../jobs/memory/fidelity-store';
import { latestTake } from '../jobs/generation/takes';
import { getTake, type Db } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

const takeOf = (db: Db, takeId: number | undefined) => (takeId === undefined ? latestTake(db) : getTake(db, takeId));

export const memory: AreaServices<'memory'> = {
  async inspect({ projectId, timeSec, takeId }, ctx) {
    const { inspectMemory } = await import('../jobs/memory/inspect');
    return inspectMemory(ctx.projects.get(projectId), timeSec, takeId);
  },

  async budget(input) {
    const { memoryBudget } = await import('../jobs/memory/budget');
    return memoryBudget(input);
  },

  fidelityStrip({ projectId, takeId, points }, ctx) {
    // The take is fixed now, so the strip describes the take the user was looking at.
    const take = takeOf(ctx.projects.get(projectId).db, takeId);
    return queueJob(ctx, projectId, 'fidelity', { takeId: take.id, ...(points === undefined ? {} : { points }) });
  },

  fidelity({ projectId, takeId }, ctx) {
    const project = ctx.projects.get(projectId);
    return readFidelityStrip(project, takeOf(project.db, takeId));
  },
};
