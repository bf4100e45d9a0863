/**
 * The checkpoints a project's training runs kept, without loading them: a stopped run (cancelled,
 * failed, interrupted) keeps its last step folder for Retry, and the user can also make a model
 * of it (train-checkpoint-model.ts) instead of training on. File listing only, no tensors: the
 * app's server reads these to show what can be made.
 */
import { listStepCheckpoints, type StepCheckpoint } from '../../engine/checkpoint/step-folders';
import { TrainError } from '../../engine/train/errors';
import { listTrainingRuns, ProjectError, type Db, type TrainingRun } from '../../project/index';

/** The run folder a training run's config names, or null for a run recorded without one. */
export function runFolderOf(run: TrainingRun): string | null {
  const { config } = run;
  const dir = typeof config === 'object' && config !== null && !Array.isArray(config) ? config.runDir : undefined;
  return typeof dir === 'string' ? dir : null;
}

/** The newest step checkpoint a run's folder holds, or null. */
export function keptCheckpoint(run: TrainingRun): StepCheckpoint | null {
  const dir = runFolderOf(run);
  return dir === null ? null : (listStepCheckpoints(dir).at(-1) ?? null);
}

/**
 * A stopped run and the checkpoint to make a model of. Refuses an unknown run ('not_found'), one
 * still training ('run_active'), a finished one (its model is already registered:
 * 'no_checkpoint'), and one that stopped before its first checkpoint ('no_checkpoint').
 */
export function stoppedRunCheckpoint(db: Db, runId: number): { run: TrainingRun; checkpoint: StepCheckpoint } {
  const run = listTrainingRuns(db).find((r) => r.id === runId);
  if (!run) throw new ProjectError('not_found', `training run ${runId} not found`);
  if (run.status === 'running') throw new TrainError('run_active', `run ${runId} is still training: cancel it first, or let it finish and register its model`);
  if (run.status === 'done') throw new TrainError('no_checkpoint', `run ${runId} finished and its model is already listed`);
  const checkpoint = keptCheckpoint(run);
  if (!checkpoint) throw new TrainError('no_checkpoint', `run ${runId} stopped before its first checkpoint: there is nothing to make a model of`);
  return { run, checkpoint };
}
