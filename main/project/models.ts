/**
 * Models and checkpoints known to the project. A model is a folder (engine.md, "Checkpoints")
 * that may live outside the project, so one trained model serves many projects; its sha256
 * ties an export's provenance to exact weights.
 */
import { z } from 'zod';
import { guard } from './errors';
import { idSchema, jsonValue, nowIso, parseInput, readJson, type Db, type JsonValue } from './rows';

/** 'model': ready to generate with; 'checkpoint': a training state a run can resume from. */
export const MODEL_KINDS = ['model', 'checkpoint'] as const;
/** One of MODEL_KINDS. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A registered model or checkpoint folder. */
export interface ModelRecord {
  id: number;
  path: string;
  kind: ModelKind;
  /** Engine preset name, e.g. 'tiny' or 'base'. */
  preset: string;
  sha256: string;
  metrics: JsonValue;
  trainingRunId: number | null;
  createdAt: string;
}

/** What registerModel records. */
export interface ModelInput {
  path: string;
  kind: ModelKind;
  preset: string;
  sha256: string;
  metrics?: JsonValue;
  trainingRunId?: number | null;
}

const modelSchema = z.strictObject({
  path: z.string().min(1),
  kind: z.enum(MODEL_KINDS),
  preset: z.string().trim().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  metrics: jsonValue.default({}),
  trainingRunId: idSchema.nullable().default(null),
});

const COLUMNS = `id, path, kind, preset, sha256, metrics_json AS metrics, training_run_id AS trainingRunId, created_at AS createdAt`;

type ModelRow = Omit<ModelRecord, 'metrics'> & { metrics: string };

function fromRow(row: ModelRow): ModelRecord {
  return { ...row, metrics: readJson(row.metrics) };
}

/**
 * Records a model folder. Registering the same path again updates it (a checkpoint folder
 * rewritten by a later step) and keeps its id.
 */
export function registerModel(db: Db, input: ModelInput): ModelRecord {
  const m = parseInput(modelSchema, input, 'model');
  return guard('registering a model', () => {
    const row = db
      .prepare(
        `INSERT INTO models (path, kind, preset, sha256, metrics_json, training_run_id, created_at)
         VALUES (@path, @kind, @preset, @sha256, @metrics, @trainingRunId, @now)
         ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, preset = excluded.preset, sha256 = excluded.sha256,
           metrics_json = excluded.metrics_json, training_run_id = excluded.training_run_id
         RETURNING ${COLUMNS}`,
      )
      .get({ ...m, metrics: JSON.stringify(m.metrics), now: nowIso() });
    return fromRow(row as ModelRow);
  });
}

/** Registered models, oldest first, optionally of one kind. */
export function listModels(db: Db, kind?: ModelKind): ModelRecord[] {
  return guard('reading models', () => {
    const rows = db.prepare(`SELECT ${COLUMNS} FROM models WHERE ? IS NULL OR kind = ? ORDER BY id`).all(kind ?? null, kind ?? null);
    return (rows as ModelRow[]).map(fromRow);
  });
}
