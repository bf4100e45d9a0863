/**
 * Training runs (stage 1 pretrains the memory encoder by frame retrieval, stage 2 fine-tunes
 * the generator; paper.md) and their metrics per step, for the loss and retrieval charts.
 */
import { z } from 'zod';
import { guard } from './errors';
import { found, idSchema, jsonValue, nowIso, parseInput, readJson, type Db, type JsonValue } from './rows';

/** Stage 1 pretrains the memory encoder, stage 2 fine-tunes the generator (paper.md). */
export const TRAINING_STAGES = ['pretrain', 'finetune'] as const;
/** One of TRAINING_STAGES. */
export type TrainingStage = (typeof TRAINING_STAGES)[number];
/** A training run's state. */
export const TRAINING_STATUSES = ['running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
/** One of TRAINING_STATUSES. */
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

/** One training run. */
export interface TrainingRun {
  id: number;
  jobId: number | null;
  stage: TrainingStage;
  config: JsonValue;
  status: TrainingStatus;
  createdAt: string;
  finishedAt: string | null;
}

/** What createTrainingRun records. */
export interface TrainingRunInput {
  jobId?: number | null;
  stage: TrainingStage;
  config: JsonValue;
}

/** One scalar at one optimizer step, e.g. { step: 500, name: 'loss', value: 0.12 }. */
export interface TrainingMetric {
  step: number;
  name: string;
  value: number;
}

const runSchema = z.strictObject({ jobId: idSchema.nullable().default(null), stage: z.enum(TRAINING_STAGES), config: jsonValue });
const metricSchema = z.strictObject({ step: z.int().min(0), name: z.string().trim().min(1), value: z.number() });

const COLUMNS = `id, job_id AS jobId, stage, config_json AS config, status, created_at AS createdAt, finished_at AS finishedAt`;

function selectRun(db: Db, id: number): TrainingRun {
  const row = db.prepare(`SELECT ${COLUMNS} FROM training_runs WHERE id = ?`).get(id) as (TrainingRun & { config: string }) | undefined;
  const stored = found(row, 'training run', id);
  return { ...stored, config: readJson(stored.config) };
}

/** Starts a training run record (status 'running'). */
export function createTrainingRun(db: Db, input: TrainingRunInput): TrainingRun {
  const run = parseInput(runSchema, input, 'training run');
  return guard('creating a training run', () => {
    const { lastInsertRowid } = db
      .prepare('INSERT INTO training_runs (job_id, stage, config_json, created_at) VALUES (?, ?, ?, ?)')
      .run(run.jobId, run.stage, JSON.stringify(run.config), nowIso());
    return selectRun(db, Number(lastInsertRowid));
  });
}

/** Sets a run's status; any status but 'running' also stamps finishedAt. */
export function setTrainingRunStatus(db: Db, id: number, status: TrainingStatus): TrainingRun {
  const s = parseInput(z.enum(TRAINING_STATUSES), status, 'training status');
  return guard('updating a training run', () => {
    const finishedAt = s === 'running' ? null : nowIso();
    const { changes } = db.prepare('UPDATE training_runs SET status = ?, finished_at = ? WHERE id = ?').run(s, finishedAt, id);
    found(changes > 0 ? id : undefined, 'training run', id);
    return selectRun(db, id);
  });
}

/** All training runs, oldest first. */
export function listTrainingRuns(db: Db): TrainingRun[] {
  return guard('reading training runs', () =>
    (db.prepare('SELECT id FROM training_runs ORDER BY id').all() as { id: number }[]).map((r) => selectRun(db, r.id)),
  );
}

/**
 * Records metrics of a run in one transaction. A step logged again (a resumed run repeats the
 * steps after its last checkpoint) replaces the earlier value.
 */
export function addTrainingMetrics(db: Db, runId: number, metrics: readonly TrainingMetric[]): void {
  const rows = parseInput(z.array(metricSchema), metrics, 'training metrics');
  guard('saving training metrics', () =>
    db.transaction(() => {
      selectRun(db, runId);
      const upsert = db.prepare(
        `INSERT INTO training_metrics (run_id, name, step, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id, name, step) DO UPDATE SET value = excluded.value`,
      );
      for (const m of rows) upsert.run(runId, m.name, m.step, m.value);
    }).immediate(),
  );
}

/** Records one metric of a run. */
export function addTrainingMetric(db: Db, runId: number, metric: TrainingMetric): void {
  addTrainingMetrics(db, runId, [metric]);
}

/** A run's metrics by step, all names or one. */
export function listTrainingMetrics(db: Db, runId: number, name?: string): TrainingMetric[] {
  return guard('reading training metrics', () => {
    selectRun(db, runId);
    return db
      .prepare('SELECT step, name, value FROM training_metrics WHERE run_id = ? AND (? IS NULL OR name = ?) ORDER BY step, name')
      .all(runId, name ?? null, name ?? null) as TrainingMetric[];
  });
}
