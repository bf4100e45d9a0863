/**
 * Which take `longshot render PROJECT` generates and exports. In order:
 *   1. the take the user names;
 *   2. the take of a generation job still waiting or stopped by a crash (the job host runs it
 *      first and it resumes from its last finished chunk), unless the weights its run pinned
 *      changed since: that job can only fail, and the project is rendered anew;
 *   3. the current take of the newest run, when that run's plan is what the project holds now
 *      (settings, storyboard, opening footage, and the exact weights its model setting names):
 *      a render after a cancelled one continues it, and a render of a finished take only
 *      exports it again;
 *   4. otherwise a new run of the project as it is now, with the project's seed, and the reason
 *      the earlier run could not be used (e.g. the model was trained further).
 * The generation job queued for the take (steps 1 and 3) makes only its missing chunks, so a
 * finished take costs a model load, not a regeneration.
 */
import { getRun, getSettings, getTake, listFootage, listJobs, listRuns, type Db, type GenerationRun, type Take } from '../../project/index';
import { GenerationError } from '../generation/errors';
import { parsePlan, snapshotPlan, type GenerationPlan } from '../generation/plan';
import { describePlannedModel, plannedModelChange, samePlannedModel } from '../generation/planned-model';
import { createGeneration, currentTakeOf, generateParams } from '../generation/takes';
import { ExportError } from './errors';

/** The take to render and why, as the CLI says it. */
export interface RenderTake {
  take: Take;
  /** A waiting or interrupted generation job of that take, which the host will run. */
  pendingJobId: number | null;
  reason: string;
}

/** The fields of a plan that change the video besides its model (not names or timestamps). */
function planKey(plan: GenerationPlan): string {
  const fields = ['durationSec', 'fps', 'width', 'height', 'modelId', 'memoryPreset', 'seed', 'samplingSteps', 'guidance', 'footageId'];
  const storyboard = plan.storyboard.map((c) => [c.id, c.startSec, c.endSec, c.text, c.transition]);
  return JSON.stringify([fields.map((f) => plan[f]), storyboard]);
}

/** A run's plan, or why it cannot be used (written by an earlier version). */
function planOf(run: GenerationRun): GenerationPlan | string {
  try {
    return parsePlan(run.settings, run.id);
  } catch (error) {
    if (error instanceof GenerationError && error.code === 'invalid_plan') return error.message;
    throw error;
  }
}

/** Why the newest run does not make the video the project asks for now, or null when it does. */
function staleness(db: Db, run: GenerationRun): string | null {
  const plan = planOf(run);
  if (typeof plan === 'string') return plan;
  const now = parsePlan(snapshotPlan(db, listFootage(db).at(-1)?.id ?? null), run.id);
  if (!samePlannedModel(plan.model, now.model)) {
    return `the model changed since run ${run.id} (${describePlannedModel(plan.model)} then, ${describePlannedModel(now.model)} now)`;
  }
  return planKey(plan) === planKey(now) ? null : `the project's settings or storyboard changed since run ${run.id}`;
}

/** Why a pending job of take `take` cannot resume, or null when it can. */
function pendingObstacle(db: Db, take: Take): string | null {
  const plan = planOf(getRun(db, take.runId));
  return typeof plan === 'string' ? plan : plannedModelChange(plan.model);
}

/** Chooses (or creates) the take to render; see the file comment. */
export function chooseRenderTake(db: Db, takeId?: number): RenderTake {
  if (takeId !== undefined) {
    let take: Take;
    try {
      take = getTake(db, takeId);
    } catch (error) {
      throw new ExportError('no_take', `there is no take ${takeId} in this project`, { cause: error });
    }
    return { take, pendingJobId: null, reason: `take ${take.id} of run ${take.runId}` };
  }
  const notes: string[] = [];
  const pending = listJobs(db, { kind: 'generate', status: ['interrupted', 'queued'] }).at(-1);
  const params = pending && generateParams.safeParse(pending.params);
  if (pending && params?.success) {
    const take = getTake(db, params.data.takeId);
    const obstacle = pendingObstacle(db, take);
    if (obstacle === null) return { take, pendingJobId: pending.id, reason: `resuming job ${pending.id} (take ${take.id}), which was ${pending.status}` };
    notes.push(`job ${pending.id} (take ${take.id}) cannot resume: ${obstacle}`);
  }
  const newest = listRuns(db).at(-1);
  const stale = newest ? staleness(db, newest) : null;
  if (newest && stale === null) {
    const current = currentTakeOf(db, newest.id);
    return { take: current, pendingJobId: null, reason: `take ${current.id} of run ${current.runId}, made from the project as it is` };
  }
  if (stale !== null) notes.push(stale);
  const { run, take } = createGeneration(db, { seed: getSettings(db).seed });
  return { take, pendingJobId: null, reason: `new run ${run.id}, take ${take.id} (seed ${take.seed})${notes.map((n) => `: ${n}`).join('')}` };
}
