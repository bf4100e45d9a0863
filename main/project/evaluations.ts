/**
 * Evaluation results of the project (schema version 2; kind 'model' from version 3): each `longshot eval` run or 'eval' job
 * stores its command and full results JSON, newest shown first.
 */
import { z } from 'zod';
import { guard } from './errors';
import { idSchema, jsonValue, nowIso, parseInput, readJson, type Db, type JsonValue } from './rows';

/** The evaluations that store results. */
export const EVAL_KINDS = ['judge', 'retrieval', 'consistency', 'model'] as const;
/** One of EVAL_KINDS. */
export type EvalKind = (typeof EVAL_KINDS)[number];

/** One stored evaluation. */
export interface EvalResultRecord {
  id: number;
  jobId: number | null;
  kind: EvalKind;
  command: string;
  results: JsonValue;
  createdAt: string;
}

/** What an evaluation stores. */
export interface EvalResultInput {
  jobId?: number | null;
  kind: EvalKind;
  command: string;
  results: JsonValue;
}

const inputSchema = z.strictObject({ jobId: idSchema.nullable().default(null), kind: z.enum(EVAL_KINDS), command: z.string().min(1), results: jsonValue });

const COLUMNS = 'id, job_id AS jobId, kind, command, results_json AS results, created_at AS createdAt';

type Row = Omit<EvalResultRecord, 'results'> & { results: string };

const fromRow = (row: Row): EvalResultRecord => ({ ...row, results: readJson(row.results) });

/** Stores one evaluation's results. */
export function addEvalResult(db: Db, input: EvalResultInput): EvalResultRecord {
  const e = parseInput(inputSchema, input, 'evaluation result');
  return guard('saving an evaluation result', () => fromRow(db
    .prepare(`INSERT INTO eval_results (job_id, kind, command, results_json, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`)
    .get(e.jobId, e.kind, e.command, JSON.stringify(e.results), nowIso()) as Row));
}

/** Stored evaluations, newest first, optionally of one kind. */
export function listEvalResults(db: Db, kind?: EvalKind): EvalResultRecord[] {
  return guard('reading evaluation results', () => (db
    .prepare(`SELECT ${COLUMNS} FROM eval_results WHERE (? IS NULL OR kind = ?) ORDER BY id DESC`)
    .all(kind ?? null, kind ?? null) as Row[]).map(fromRow));
}
