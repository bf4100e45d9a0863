/**
 * memory.*: the memory inspector, the budget dial and the fidelity strip (main/jobs/memory/).
 * Inspecting runs a retrieval pass with the model, which is tfjs work: it goes to the engine
 * process as a quick call (main/jobs/engine-calls.ts), never into this process (in Electron the
 * main process, whose thread tfjs would block). The engine answers it beside a running job, not
 * after it, so the inspector answers while a long generation runs. The budget is arithmetic on
 * the presets, no tensors.
 */
import { memoryBudget } from '../jobs/memory/budget';
import { readFidelityStrip } from '../jobs/memory/fidelity-store';
import { latestTake } from '../jobs/generation/takes';
import { getTake, type Db } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

const takeOf = (db: Db, takeId: number | undefined) => (takeId === undefined ? latestTake(db) : getTake(db, takeId));

export const memory: AreaServices<'memory'> = {
  inspect({ projectId, timeSec, takeId }, ctx) {
    return ctx.jobs.call(ctx.projects.get(projectId).path, 'inspectMemory', { timeSec, ...(takeId === undefined ? {} : { takeId }) });
  },

  budget(input) {
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
