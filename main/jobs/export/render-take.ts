/**
 * Which take `longshot render PROJECT` generates and exports. In order:
 *   1. the take the user names;
 *   2. the take of a generation job still waiting or stopped by a crash (the job host runs it
 *      first and it resumes from its last finished chunk);
 *   3. the current take of the newest run, when that run's plan is what the project holds now
 *      (settings, storyboard and opening footage unchanged, and the model's weights not
 *      rewritten since the take began): a render after a cancelled one continues it, and a
 *      render of a finished take only exports it again;
 *   4. otherwise a new run of the project as it is now, with the project's seed.
 * The generation job queued for the take (steps 1 and 3) makes only its missing chunks, so a
 * finished take costs a model load, not a regeneration.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { getSettings, getTake, listChunks, listFootage, listJobs, listRuns, type Db, type Take } from '../../project/index';
import { resolveModelSource } from '../generation/model-source';
import { parsePlan, snapshotPlan, type GenerationPlan } from '../generation/plan';
import { createGeneration, currentTakeOf, generateParams } from '../generation/takes';
import { ExportError } from './errors';

/** The take to render and why, as the CLI says it. */
export interface RenderTake {
  take: Take;
  /** A waiting or interrupted generation job of that take, which the host will run. */
  pendingJobId: number | null;
  reason: string;
}

/** The fields of a plan that change the video (not names or timestamps). */
function planKey(plan: GenerationPlan): string {
  const fields = ['durationSec', 'fps', 'width', 'height', 'modelId', 'memoryPreset', 'seed', 'samplingSteps', 'guidance', 'footageId'];
  const storyboard = plan.storyboard.map((c) => [c.id, c.startSec, c.endSec, c.text, c.transition]);
  return JSON.stringify([fields.map((f) => plan[f]), storyboard]);
}

/** True when the weights `modelId` names were written after `sinceMs` (a model trained further). */
function modelRewritten(db: Db, projectPath: string, modelId: string, sinceMs: number): boolean {
  const source = resolveModelSource(db, projectPath, modelId);
  if (source.kind === 'random') return false;
  const weights = statSync(join(source.dir, CHECKPOINT_FILES.model), { throwIfNoEntry: false });
  return weights !== undefined && weights.mtimeMs > sinceMs;
}

/** The newest run's current take when its plan and model are the project's now. */
function upToDateTake(db: Db, projectPath: string): Take | undefined {
  const run = listRuns(db).at(-1);
  if (!run) return undefined;
  const plan = parsePlan(run.settings, run.id);
  const now = parsePlan(snapshotPlan(db, listFootage(db).at(-1)?.id ?? null), run.id);
  if (planKey(plan) !== planKey(now)) return undefined;
  const take = currentTakeOf(db, run.id);
  const first = listChunks(db, take.id)[0];
  return first && modelRewritten(db, projectPath, plan.modelId, Date.parse(first.createdAt)) ? undefined : take;
}

/** Chooses (or creates) the take to render; see the file comment. */
export function chooseRenderTake(db: Db, projectPath: string, takeId?: number): RenderTake {
  if (takeId !== undefined) {
    let take: Take;
    try {
      take = getTake(db, takeId);
    } catch (error) {
      throw new ExportError('no_take', `there is no take ${takeId} in this project`, { cause: error });
    }
    return { take, pendingJobId: null, reason: `take ${take.id} of run ${take.runId}` };
  }
  const pending = listJobs(db, { kind: 'generate', status: ['interrupted', 'queued'] }).at(-1);
  const params = pending && generateParams.safeParse(pending.params);
  if (pending && params?.success) {
    const take = getTake(db, params.data.takeId);
    return { take, pendingJobId: pending.id, reason: `resuming job ${pending.id} (take ${take.id}), which was ${pending.status}` };
  }
  const current = upToDateTake(db, projectPath);
  if (current) return { take: current, pendingJobId: null, reason: `take ${current.id} of run ${current.runId}, made from the project as it is` };
  const { run, take } = createGeneration(db, { seed: getSettings(db).seed });
  return { take, pendingJobId: null, reason: `new run ${run.id}, take ${take.id} (seed ${take.seed})` };
}
