/** training.*: queue a pretraining or fine-tuning job, and read runs and their metrics. */
import { getSettings, listTrainingMetrics, listTrainingRuns } from '../project/index';
import type { AreaServices } from './context';
import { queueJob } from './jobs';

export const training: AreaServices<'training'> = {
  start({ projectId, stage, modelPreset, steps, seed }, ctx) {
    const settings = getSettings(ctx.projects.get(projectId).db);
    return queueJob(ctx, projectId, 'train', { stage, modelPreset, steps, seed: seed ?? settings.seed });
  },
  listRuns: ({ projectId }, ctx) => listTrainingRuns(ctx.projects.get(projectId).db),
  metrics: ({ projectId, runId }, ctx) => listTrainingMetrics(ctx.projects.get(projectId).db, runId),
};
