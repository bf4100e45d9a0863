/**
 * What the memory tools look at: a take (the newest run's current one unless named) and its run's
 * plan, whose pinned model (plan.model) is the one that made the take's memory. Inspection and
 * the fidelity strip both start here.
 */
import { getRun, getTake, type Take } from '../../project/index';
import type { ProjectFiles } from '../generation/chunk-store';
import { GenerationError } from '../generation/errors';
import { parsePlan, type GenerationPlan } from '../generation/plan';
import { finishedChunks, latestTake } from '../generation/takes';

/** A take with its plan. */
export interface TakeMemory {
  take: Take;
  plan: GenerationPlan;
}

/** The take `takeId`, or the newest run's current take. */
export function takeMemory(project: ProjectFiles, takeId?: number): TakeMemory {
  const take = takeId === undefined ? latestTake(project.db) : getTake(project.db, takeId);
  return { take, plan: parsePlan(getRun(project.db, take.runId).settings, take.runId) };
}

/** Throws 'no_history' when a take's memory is empty (no footage, no finished chunk), before any model loads. */
export function requireHistory(project: ProjectFiles, { take, plan }: TakeMemory): void {
  if (plan.footageId === null && finishedChunks(project.db, take).length === 0) {
    throw new GenerationError('no_history', `take ${take.id} has no frames in memory yet: generate some chunks first`);
  }
}
