/**
 * Schema version 1: every table of the first release. Enumerations and ranges are CHECK
 * constraints, so even a write that bypasses the TypeScript validation cannot store a state the
 * app does not know. Tables are STRICT: a value of the wrong type is an error, not a silent
 * conversion.
 */
import type { Db } from '../rows';
import type { Migration } from './index';

const SEED = 'INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295)';
const JSON_COLUMN = (name: string, fallback: string) =>
  `${name} TEXT NOT NULL DEFAULT '${fallback}' CHECK (json_valid(${name}))`;

const SCHEMA = `
CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
  duration_sec REAL NOT NULL CHECK (duration_sec > 0 AND duration_sec <= 3600),
  fps INTEGER NOT NULL CHECK (fps BETWEEN 1 AND 120),
  width INTEGER NOT NULL CHECK (width BETWEEN 16 AND 4096 AND width % 8 = 0),
  height INTEGER NOT NULL CHECK (height BETWEEN 16 AND 4096 AND height % 8 = 0),
  model_id TEXT NOT NULL CHECK (length(model_id) > 0),
  memory_preset TEXT NOT NULL CHECK (memory_preset IN ('4x4x2', '2x2x2', '2x2x1')),
  seed ${SEED},
  sampling_steps INTEGER NOT NULL CHECK (sampling_steps BETWEEN 1 AND 1000),
  guidance REAL NOT NULL CHECK (guidance BETWEEN 0 AND 50),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- AUTOINCREMENT: a deleted caption's id is never handed to a new one, so undo can restore it.
CREATE TABLE captions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  start_sec REAL NOT NULL CHECK (start_sec >= 0),
  end_sec REAL NOT NULL CHECK (end_sec > start_sec),
  text TEXT NOT NULL CHECK (length(trim(text)) > 0),
  transition TEXT NOT NULL CHECK (transition IN ('cut', 'continuous'))
) STRICT;
CREATE INDEX captions_by_start ON captions (start_sec);

CREATE TABLE footage (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL CHECK (length(source_path) > 0),
  frames_path TEXT NOT NULL UNIQUE,
  frame_count INTEGER NOT NULL CHECK (frame_count > 0),
  fps REAL NOT NULL CHECK (fps > 0),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  fit TEXT NOT NULL CHECK (fit IN ('crop', 'letterbox')),
  thumbs_path TEXT,
  imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('generate', 'train', 'eval', 'import', 'export', 'fidelity')),
  ${JSON_COLUMN('params_json', '{}')},
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  step INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
  total INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  message TEXT,
  error TEXT CHECK ((status = 'failed') = (error IS NOT NULL)),
  runner_pid INTEGER,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
) STRICT;
CREATE INDEX jobs_by_status ON jobs (status);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  ${JSON_COLUMN('settings_json', '{}')},
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE takes (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  parent_take_id INTEGER REFERENCES takes (id) ON DELETE CASCADE,
  from_chunk INTEGER NOT NULL CHECK (from_chunk >= 0),
  seed ${SEED},
  ${JSON_COLUMN('caption_overrides_json', '[]')},
  is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK (from_chunk = 0 OR parent_take_id IS NOT NULL)
) STRICT;
CREATE INDEX takes_by_run ON takes (run_id);
CREATE UNIQUE INDEX takes_one_current ON takes (run_id) WHERE is_current = 1;

CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  take_id INTEGER NOT NULL REFERENCES takes (id) ON DELETE CASCADE,
  chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
  frame_start INTEGER NOT NULL CHECK (frame_start >= 0),
  frame_end INTEGER NOT NULL CHECK (frame_end > frame_start),
  frames_path TEXT NOT NULL CHECK (length(frames_path) > 0),
  seed ${SEED},
  caption TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  created_at TEXT NOT NULL,
  UNIQUE (take_id, chunk_index)
) STRICT;

CREATE TABLE training_runs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
  stage TEXT NOT NULL CHECK (stage IN ('pretrain', 'finetune')),
  ${JSON_COLUMN('config_json', '{}')},
  status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  created_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;

CREATE TABLE training_metrics (
  run_id INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  step INTEGER NOT NULL CHECK (step >= 0),
  value REAL NOT NULL,
  PRIMARY KEY (run_id, name, step)
) STRICT, WITHOUT ROWID;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE CHECK (length(path) > 0),
  kind TEXT NOT NULL CHECK (kind IN ('model', 'checkpoint')),
  preset TEXT NOT NULL CHECK (length(preset) > 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  ${JSON_COLUMN('metrics_json', '{}')},
  training_run_id INTEGER REFERENCES training_runs (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL CHECK (length(path) > 0),
  take_id INTEGER REFERENCES takes (id) ON DELETE SET NULL,
  ${JSON_COLUMN('format_json', '{}')},
  ${JSON_COLUMN('provenance_json', '{}')},
  created_at TEXT NOT NULL
) STRICT;
`;

/** Migration 1: the first schema. */
export const initial: Migration = {
  version: 1,
  name: '001-initial',
  up(db: Db) {
    db.exec(SCHEMA);
  },
};
