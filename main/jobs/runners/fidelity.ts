/**
 * The 'fidelity' job: computes and stores a take's fidelity strip (memory/fidelity.ts) in the
 * engine process. Params: the take (the newest run's current take when absent) and how many
 * points to score.
 */
import { z } from 'zod';
import { initEngine } from '../../engine/backend';
import { closeProject, openProject } from '../../project/index';
import { computeFidelityStrip } from '../memory/fidelity';
import { registerRunner, type RunnerContext } from '../runners';

/** The params of a 'fidelity' job. */
export const fidelityParams = z.strictObject({
  takeId: z.int().positive().optional(),
  points: z.int().min(2).max(1024).optional(),
});

/** Runs one 'fidelity' job; the result is the stored strip. */
export async function runFidelityJob(ctx: RunnerContext<z.output<typeof fidelityParams>>): Promise<unknown> {
  await initEngine();
  const project = openProject(ctx.projectPath);
  try {
    return await computeFidelityStrip(project, ctx.params, ctx);
  } finally {
    closeProject(project);
  }
}

registerRunner('fidelity', runFidelityJob, fidelityParams);
