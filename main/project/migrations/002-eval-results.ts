/**
 * Schema version 2: evaluation results (`longshot eval judge|retrieval|consistency`), one row per
 * run with its command and every number as JSON, so the UI can show the latest of each kind.
 */
import type { Db } from '../rows';
import type { Migration } from './index';

/** Migration 2: the eval_results table. */
export const evalResults: Migration = {
  version: 2,
  name: '002-eval-results',
  up(db: Db) {
    db.exec(`
CREATE TABLE eval_results (
  id INTEGER PRIMARY KEY,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('judge', 'retrieval', 'consistency')),
  command TEXT NOT NULL CHECK (length(command) > 0),
  results_json TEXT NOT NULL CHECK (json_valid(results_json)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX eval_results_by_kind ON eval_results (kind, id);
`);
  },
};
