/**
 * Schema version 3: `longshot eval model` results (kind 'model': one trained model scored on
 * held-out clips and continuations). SQLite cannot change a CHECK constraint in place, so the
 * table is rebuilt with the wider kind list and its rows copied across, ids kept.
 */
import type { Db } from '../rows';
import type { Migration } from './index';

/** Migration 3: eval_results accepts kind 'model'. */
export const evalModelKind: Migration = {
  version: 3,
  name: '003-eval-model-kind',
  up(db: Db) {
    db.exec(`
CREATE TABLE eval_results_v3 (
  id INTEGER PRIMARY KEY,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('judge', 'retrieval', 'consistency', 'model')),
  command TEXT NOT NULL CHECK (length(command) > 0),
  results_json TEXT NOT NULL CHECK (json_valid(results_json)),
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO eval_results_v3 (id, job_id, kind, command, results_json, created_at)
  SELECT id, job_id, kind, command, results_json, created_at FROM eval_results;
DROP TABLE eval_results;
ALTER TABLE eval_results_v3 RENAME TO eval_results;
CREATE INDEX eval_results_by_kind ON eval_results (kind, id);
`);
  },
};
