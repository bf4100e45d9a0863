/**
 * The plan of a generation run: what the project asked for when the run was queued (settings,
 * storyboard, opening footage, and the model pinned to the exact weights its setting named then,
 * planned-model.ts), stored as the run's settings JSON. A job resumed after a crash, and every
 * later take of the run, reads this snapshot rather than the live project, so an edit made
 * meanwhile, or a model trained further, cannot make a resumed video differ from an
 * uninterrupted one. The export's provenance reads the same snapshot.
 *
 * Also the schedule derived from a plan: how many chunks, their frame ranges, the caption active
 * at each chunk's start (with a take's caption overrides). Noise seeds are in seeds.ts. This file
 * loads no tensors, so the service layer can use it without starting the engine.
 */
import { dirname } from 'node:path';
import { z } from 'zod';
import {
  getSettings, getTake, listCaptions, MEMORY_PRESETS, TRANSITIONS, type Caption, type Db, type JsonValue,
} from '../../project/index';
import { GenerationError } from './errors';
import { pinModel, plannedModelSchema, resolveModelSource, type PlannedModel } from './planned-model';

/** The plan format this code writes; version 1 did not pin the model. */
const PLAN_VERSION = 2;

const storyboardCaption = z.object({
  id: z.int().positive(),
  startSec: z.number().min(0),
  endSec: z.number().positive(),
  text: z.string(),
  transition: z.enum(TRANSITIONS),
});

/** The stored plan; the project's whole settings row is kept too (provenance), hence loose. */
const planSchema = z.looseObject({
  planVersion: z.literal(PLAN_VERSION),
  durationSec: z.number().positive(),
  /** The project's model setting, as the user named it. */
  modelId: z.string().min(1),
  /** What that setting meant when the run was made: the weights every take of the run uses. */
  model: plannedModelSchema,
  memoryPreset: z.enum(MEMORY_PRESETS),
  seed: z.int().min(0),
  samplingSteps: z.int().min(1),
  guidance: z.number().min(0),
  footageId: z.int().positive().nullable(),
  storyboard: z.array(storyboardCaption),
});

/** What a run generates (see the file comment). */
export type GenerationPlan = z.output<typeof planSchema>;

/** The project folder of an open project's database (`FOLDER/project.db`), against which model paths resolve. */
const projectFolderOf = (db: Db): string => dirname(db.name);

/**
 * The snapshot of a project to store as a new run's settings. The model is the one its setting
 * names now, pinned, unless `model` pins one already (a re-render of an export).
 */
export function snapshotPlan(db: Db, footageId: number | null, model?: PlannedModel): JsonValue {
  const settings = getSettings(db);
  const pinned = model ?? pinModel(resolveModelSource(db, projectFolderOf(db), settings.modelId));
  const plan = { ...settings, planVersion: PLAN_VERSION, model: pinned, footageId, storyboard: listCaptions(db) };
  return plan as unknown as JsonValue;
}

/** Reads a run's stored plan; a run not made by this code is refused with 'invalid_plan'. */
export function parsePlan(settings: JsonValue, runId: number): GenerationPlan {
  if (typeof settings === 'object' && settings !== null && !Array.isArray(settings) && settings.planVersion === 1) {
    throw new GenerationError('invalid_plan', `run ${runId} was made by an earlier version of Longshot, which did not record the exact `
      + 'weights of its model: start a new generation');
  }
  const parsed = planSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GenerationError('invalid_plan', `run ${runId} has no usable generation plan (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/** The model's frame timing a schedule needs. */
export interface ChunkGeometry {
  fps: number;
  chunkFrames: number;
}

/** One chunk of the video. Frames are counted from the first generated frame. */
export interface PlannedChunk {
  index: number;
  frameStart: number;
  frameEnd: number;
  startSec: number;
  /** The caption active at the chunk's start, after overrides; '' where no caption is active. */
  caption: string;
  /** The storyboard caption it came from, or null. */
  captionId: number | null;
  /** True where a 'cut' caption begins at this chunk (the caption changes, memory is kept). */
  cut: boolean;
}

/**
 * The caption active at `timeSec`: among those with start <= t < end, the one that started
 * last (a later caption placed over an earlier one wins), or null in a gap.
 */
export function captionAt(storyboard: readonly Pick<Caption, 'id' | 'startSec' | 'endSec'>[], timeSec: number): number | null {
  // Chunk starts are k * chunkFrames / fps, which may miss a caption start by a rounding error.
  const t = timeSec + 1e-9;
  let best: Pick<Caption, 'id' | 'startSec'> | null = null;
  for (const caption of storyboard) {
    if (caption.startSec <= t && t < caption.endSec && (best === null || caption.startSec >= best.startSec)) best = caption;
  }
  return best?.id ?? null;
}

/** Number of chunks of a plan: the duration rounded up to whole chunks. */
export function chunkCount(plan: Pick<GenerationPlan, 'durationSec'>, geometry: ChunkGeometry): number {
  const frames = Math.max(1, Math.round(plan.durationSec * geometry.fps));
  return Math.ceil(frames / geometry.chunkFrames);
}

/** Every chunk of the video with its caption, given the caption overrides of a take. */
export function planChunks(plan: GenerationPlan, geometry: ChunkGeometry, overrides: ReadonlyMap<number, string>): PlannedChunk[] {
  const byId = new Map(plan.storyboard.map((c) => [c.id, c]));
  const chunks: PlannedChunk[] = [];
  let previous: number | null = null;
  for (let index = 0; index < chunkCount(plan, geometry); index++) {
    const frameStart = index * geometry.chunkFrames;
    const startSec = frameStart / geometry.fps;
    const captionId = captionAt(plan.storyboard, startSec);
    const caption = captionId === null ? undefined : byId.get(captionId);
    chunks.push({
      index, frameStart, frameEnd: frameStart + geometry.chunkFrames, startSec,
      caption: caption === undefined ? '' : (overrides.get(caption.id) ?? caption.text),
      captionId,
      cut: captionId !== previous && caption?.transition === 'cut',
    });
    previous = captionId;
  }
  return chunks;
}

/**
 * The caption overrides a take generates with: its ancestors' first, then its own, so a take of
 * a take keeps the earlier rewording unless it rewords the same caption again.
 */
export function takeOverrides(db: Db, takeId: number): Map<number, string> {
  const lineage = [];
  for (let id: number | null = takeId; id !== null;) {
    const take = getTake(db, id);
    lineage.unshift(take);
    id = take.parentTakeId;
  }
  return new Map(lineage.flatMap((take) => take.captionOverrides.map((o): [number, string] => [o.captionId, o.text])));
}
