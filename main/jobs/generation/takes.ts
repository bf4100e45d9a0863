/**
 * Runs and takes as generation jobs see them. Queuing a generation first records what to make
 * (a run with its plan, a take with its seed) and then queues a job whose only parameter is the
 * take: a job started again after a crash, or `jobs.resume` of a cancelled one, continues that
 * take from its last finished chunk. A retake regenerates from chunk N onward with another seed
 * or caption; chunks before N are its parent's, reused as they are (frames and memory).
 * No tensors here: the service layer calls these without starting the engine.
 */
import { z } from 'zod';
import {
  createRun, createTake, getFootage, getRun, getTake, listChunks, listFootage, listRuns, listTakes,
  type CaptionOverride, type Chunk, type Db, type GenerationRun, type Take,
} from '../../project/index';
import { GenerationError } from './errors';
import { parsePlan, snapshotPlan } from './plan';
import type { PlannedModel } from './planned-model';

/** The params of a 'generate' job. */
export const generateParams = z.strictObject({ takeId: z.int().positive() });
/** One of generateParams. */
export type GenerateParams = z.output<typeof generateParams>;

/** What a new generation uses besides the project's settings and storyboard. */
export interface NewGeneration {
  seed: number;
  /** Opening footage: an id, null for none, undefined for the most recently imported clip (if any). */
  footageId?: number | null;
  /** The exact weights to use; by default those the project's model setting names now. */
  model?: PlannedModel;
}

/** A run and the take a job will make. */
export interface QueuedTake {
  run: GenerationRun;
  take: Take;
  params: GenerateParams;
}

/**
 * Records a new run (plan snapshot, with its model pinned) and its first take; queue a job with
 * `params`. Throws 'model_not_found' or 'invalid_model' when the model setting names no usable model.
 */
export function createGeneration(db: Db, input: NewGeneration): QueuedTake {
  const footageId = input.footageId === undefined ? (listFootage(db).at(-1)?.id ?? null) : input.footageId;
  if (footageId !== null) getFootage(db, footageId);
  const settings = snapshotPlan(db, footageId, input.model);
  return db.transaction(() => {
    const run = createRun(db, { settings });
    const take = createTake(db, { runId: run.id, seed: input.seed });
    return { run, take, params: { takeId: take.id } };
  }).immediate();
}

/** What a retake changes. */
export interface NewTake {
  runId: number;
  fromChunk: number;
  seed: number;
  captionOverrides?: CaptionOverride[];
  /** The take it continues; the run's current take by default. */
  parentTakeId?: number;
}

/**
 * The finished chunks of a take, in order, stopping at the first gap: inherited ones before its
 * first chunk, then its own. A missing inherited chunk is an 'invalid_take'.
 */
export function finishedChunks(db: Db, take: Take): Chunk[] {
  const contiguous: Chunk[] = [];
  for (const chunk of listChunks(db, take.id)) {
    if (chunk.status !== 'done' || chunk.chunkIndex !== contiguous.length) break;
    contiguous.push(chunk);
  }
  if (contiguous.length < take.fromChunk) {
    throw new GenerationError('invalid_take', `take ${take.id} starts at chunk ${take.fromChunk} but only `
      + `${contiguous.length} chunks before it are finished`);
  }
  return contiguous;
}

/** Records a retake of a run from chunk `fromChunk` on; queue a job with `params`. */
export function createRetake(db: Db, input: NewTake): QueuedTake {
  const run = getRun(db, input.runId);
  const plan = parsePlan(run.settings, run.id);
  const parent = input.parentTakeId === undefined ? currentTakeOf(db, run.id) : getTake(db, input.parentTakeId);
  if (parent.runId !== run.id) throw new GenerationError('invalid_take', `take ${parent.id} belongs to run ${parent.runId}, not ${run.id}`);
  const available = finishedChunks(db, parent).length;
  if (input.fromChunk > available) {
    throw new GenerationError('invalid_take', `cannot regenerate from chunk ${input.fromChunk}: take ${parent.id} has `
      + `${available} finished chunks, and a retake reuses every chunk before the one it starts at`);
  }
  const known = new Set(plan.storyboard.map((c) => c.id));
  const unknown = (input.captionOverrides ?? []).find((o) => !known.has(o.captionId));
  if (unknown) throw new GenerationError('invalid_take', `caption ${unknown.captionId} is not in run ${run.id}'s storyboard`);
  const take = createTake(db, {
    runId: run.id, parentTakeId: parent.id, fromChunk: input.fromChunk, seed: input.seed, captionOverrides: input.captionOverrides ?? [],
  });
  return { run, take, params: { takeId: take.id } };
}

/** The take a run shows (its current one). */
export function currentTakeOf(db: Db, runId: number): Take {
  const take = listTakes(db, runId).find((t) => t.isCurrent);
  if (!take) throw new GenerationError('invalid_take', `run ${runId} has no takes`);
  return take;
}

/** The take to inspect by default: the newest run's current take; 'no_history' without one. */
export function latestTake(db: Db): Take {
  const run = listRuns(db).at(-1);
  if (!run) throw new GenerationError('no_history', 'nothing has been generated in this project yet');
  return currentTakeOf(db, run.id);
}
