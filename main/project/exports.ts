/**
 * Exports: each written file with its format settings and provenance (model hash, seed,
 * settings), so any export can be re-rendered identically.
 */
import { z } from 'zod';
import { guard } from './errors';
import { idSchema, jsonValue, nowIso, parseInput, readJson, type Db, type JsonValue } from './rows';

/** One written export file. */
export interface ExportRecord {
  id: number;
  path: string;
  takeId: number | null;
  format: JsonValue;
  provenance: JsonValue;
  createdAt: string;
}

/** What the exporter records; `takeId` is the take that was exported. */
export interface ExportInput {
  path: string;
  takeId?: number | null;
  format: JsonValue;
  provenance: JsonValue;
}

const exportSchema = z.strictObject({
  path: z.string().min(1),
  takeId: idSchema.nullable().default(null),
  format: jsonValue,
  provenance: jsonValue,
});

const COLUMNS = 'id, path, take_id AS takeId, format_json AS format, provenance_json AS provenance, created_at AS createdAt';

type ExportRow = Omit<ExportRecord, 'format' | 'provenance'> & { format: string; provenance: string };

function fromRow(row: ExportRow): ExportRecord {
  return { ...row, format: readJson(row.format), provenance: readJson(row.provenance) };
}

/** Records a finished export. */
export function addExport(db: Db, input: ExportInput): ExportRecord {
  const e = parseInput(exportSchema, input, 'export');
  return guard('recording an export', () => {
    const row = db
      .prepare(
        `INSERT INTO exports (path, take_id, format_json, provenance_json, created_at) VALUES (?, ?, ?, ?, ?)
         RETURNING ${COLUMNS}`,
      )
      .get(e.path, e.takeId, JSON.stringify(e.format), JSON.stringify(e.provenance), nowIso());
    return fromRow(row as ExportRow);
  });
}

/** All exports, newest first. */
export function listExports(db: Db): ExportRecord[] {
  return guard('reading exports', () =>
    (db.prepare(`SELECT ${COLUMNS} FROM exports ORDER BY id DESC`).all() as ExportRow[]).map(fromRow),
  );
}
