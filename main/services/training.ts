/**
 * training.*: queue a pretraining or fine-tuning job, and read runs and their metrics. Training
 * on Storyworld first writes a small Storyworld dataset at the preset's frame format into the
 * project's training folder (once; later runs reuse it); on footage, the job builds its dataset.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeStoryworldDataset } from '../data/index';
import { parsePresetName, presetConfig } from '../engine/presets';
import { getSettings, listTrainingMetrics, listTrainingRuns, TRAINING_DIR, type Project } from '../project/index';
import type { AreaServices } from './context';
import { keptCheckpoint, stoppedRunCheckpoint } from '../jobs/runners/train-checkpoints';
import { queueJob } from './jobs';

/** About this many bytes of frames in a project's Storyworld dataset: enough clips, little disk. */
const STORYWORLD_BYTES = 64e6;
const STORYWORLD_SECONDS = 20;
/** The engine's own checkpoint interval, kept for long runs. */
const MAX_CHECKPOINT_EVERY = 250;

/**
 * Steps between checkpoints: a tenth of the run, at most the engine's 250. With the engine's
 * interval alone a run of fewer steps (the form offers 200) wrote its first checkpoint at its
 * end, so a cancelled run kept nothing and Retry started over.
 */
function checkpointInterval(steps: number): number {
  return Math.min(MAX_CHECKPOINT_EVERY, Math.max(1, Math.ceil(steps / 10)));
}

/** The folder of the project's Storyworld dataset for `preset`, written if missing. */
async function storyworldDataset(project: Project, preset: string): Promise<string> {
  const { width, height, fps } = presetConfig(parsePresetName(preset)).video;
  const dir = join(project.path, TRAINING_DIR, `storyworld-${preset}`);
  if (existsSync(join(dir, 'dataset.json'))) return dir;
  const videos = Math.min(32, Math.max(4, Math.floor(STORYWORLD_BYTES / (STORYWORLD_SECONDS * fps * width * height * 3))));
  await writeStoryworldDataset({ dir, videos, seconds: STORYWORLD_SECONDS, width, height, fps, seed: 1 });
  return dir;
}

export const training: AreaServices<'training'> = {
  async start({ projectId, stage, modelPreset, steps, seed, data }, ctx) {
    const project = ctx.projects.get(projectId);
    const settings = getSettings(project.db);
    const dirs = data === 'storyworld' ? [await storyworldDataset(project, modelPreset)] : undefined;
    return queueJob(ctx, projectId, 'train', {
      stage, modelPreset, steps, seed: seed ?? settings.seed, checkpointEvery: checkpointInterval(steps), ...(dirs && { data: dirs }),
    });
  },
  listRuns: ({ projectId }, ctx) => listTrainingRuns(ctx.projects.get(projectId).db).map((run) => ({ ...run, checkpointStep: keptCheckpoint(run)?.step ?? null })),
  metrics: ({ projectId, runId }, ctx) => listTrainingMetrics(ctx.projects.get(projectId).db, runId),
  modelFromCheckpoint({ projectId, runId }, ctx) {
    const project = ctx.projects.get(projectId);
    // Refused here, at once, when there is nothing to make; the export itself needs the engine.
    stoppedRunCheckpoint(project.db, runId);
    return ctx.jobs.call(project.path, 'modelFromCheckpoint', { runId });
  },
};
