/**
 * A training run as the project's SQLite records it: the run row (found again when an
 * interrupted job restarts), its metrics for the training panel's charts, and at the end its
 * status and the finished model, registered so the project can select it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import type { ExportedModel, TrainingStage } from '../../engine/train/index';
import {
  addTrainingMetrics, createTrainingRun, listTrainingRuns, registerModel, setTrainingRunStatus,
  type JsonValue, type ModelKind, type ModelRecord, type Project, type TrainingRun,
} from '../../project/index';

const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Registers a model folder a run exported: 'model' for a finished run's, 'checkpoint' for one
 * made of a stopped run's last checkpoint. Its path is kept relative when it is inside the
 * project, so the project folder can move with its models.
 */
export function registerRunModel(project: Project, runId: number, model: ExportedModel, kind: ModelKind, metrics: Record<string, number>): ModelRecord {
  const inside = relative(project.path, resolve(model.dir));
  const path = !inside.startsWith('..') && !isAbsolute(inside) ? inside : model.dir;
  return registerModel(project.db, {
    path, kind, preset: model.preset, sha256: sha256File(join(model.dir, CHECKPOINT_FILES.model)), metrics, trainingRunId: runId,
  });
}

/** One run's rows in a project. */
export class TrainingRecord {
  private constructor(private readonly project: Project, readonly run: TrainingRun) {}

  /**
   * The row of an earlier attempt at the same run, set running again, else a new row. An attempt
   * is the same run when it is the same job (resumed after a crash) or a retry of a run that did
   * not finish in the same folder (it continues from that folder's checkpoint), so its charts
   * stay one.
   */
  static start(project: Project, input: { jobId: number | null; stage: TrainingStage; config: JsonValue; runDir: string }): TrainingRecord {
    const runs = listTrainingRuns(project.db);
    const sameFolder = (run: TrainingRun) => run.status !== 'done' && run.stage === input.stage
      && typeof run.config === 'object' && run.config !== null && !Array.isArray(run.config) && run.config.runDir === input.runDir;
    const earlier = runs.find((run) => input.jobId !== null && run.jobId === input.jobId) ?? runs.find(sameFolder);
    const run = earlier
      ? (earlier.status === 'running' ? earlier : setTrainingRunStatus(project.db, earlier.id, 'running'))
      : createTrainingRun(project.db, { jobId: input.jobId, stage: input.stage, config: input.config });
    return new TrainingRecord(project, run);
  }

  /** Records named values at a step. */
  metrics(step: number, metrics: Record<string, number>): void {
    addTrainingMetrics(this.project.db, this.run.id, Object.entries(metrics).map(([name, value]) => ({ step, name, value })));
  }

  /** Marks the run done and registers its model, if it exported one. */
  complete(model: ExportedModel | null, metrics: Record<string, number>): ModelRecord | null {
    const record = model && registerRunModel(this.project, this.run.id, model, 'model', metrics);
    setTrainingRunStatus(this.project.db, this.run.id, 'done');
    return record;
  }

  /** Marks the run as ended without a model. */
  end(status: 'failed' | 'cancelled' | 'interrupted'): void {
    setTrainingRunStatus(this.project.db, this.run.id, status);
  }
}
