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
  type JsonValue, type ModelRecord, type Project, type TrainingRun,
} from '../../project/index';

const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** One run's rows in a project. */
export class TrainingRecord {
  private constructor(private readonly project: Project, readonly run: TrainingRun) {}

  /** The run row of job `jobId` if an earlier attempt made one (set running again), else a new row. */
  static start(project: Project, input: { jobId: number | null; stage: TrainingStage; config: JsonValue }): TrainingRecord {
    const earlier = input.jobId === null ? undefined : listTrainingRuns(project.db).find((run) => run.jobId === input.jobId);
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
    // Relative inside the project, so the project folder can move with its models.
    const inside = model && relative(this.project.path, resolve(model.dir));
    const path = inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : model?.dir;
    const record = model && registerModel(this.project.db, {
      path: path as string, kind: 'model', preset: model.preset, sha256: sha256File(join(model.dir, CHECKPOINT_FILES.model)),
      metrics, trainingRunId: this.run.id,
    });
    setTrainingRunStatus(this.project.db, this.run.id, 'done');
    return record;
  }

  /** Marks the run as ended without a model. */
  end(status: 'failed' | 'cancelled' | 'interrupted'): void {
    setTrainingRunStatus(this.project.db, this.run.id, status);
  }
}
