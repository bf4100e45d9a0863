import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  closeProject,
  createProject,
  listCaptions,
  MIGRATIONS,
  openProject,
  PROJECT_DB_FILE,
  runMigrations,
  SCHEMA_VERSION,
  type Db,
  type Migration,
} from '../../main/project/index';
import { errorOf, fileHash, useTempHome } from './helpers';

const home = useTempHome();

/**
 * Rows as the app at each schema version wrote them, in that version's SQL. Every shipped
 * version needs an entry, so a new migration comes with a fixture that proves it keeps data.
 */
const SEEDS: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.exec(`INSERT INTO settings VALUES (1, 'Old film', 12, 8, 64, 64, 'storyworld-tiny', '4x4x2', 7, 4, 2, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
             INSERT INTO captions (start_sec, end_sec, text, transition) VALUES (0, 4, 'from version 1', 'cut');`);
  },
  2: (db) => {
    db.exec(`INSERT INTO eval_results (kind, command, results_json, created_at)
             VALUES ('retrieval', 'longshot eval retrieval --data d', '{"rows":[]}', '2025-01-02T00:00:00.000Z');`);
  },
  3: (db) => {
    db.exec(`INSERT INTO eval_results (kind, command, results_json, created_at)
             VALUES ('model', 'longshot eval model --model m --data d', '{"retrieval":{}}', '2025-01-03T00:00:00.000Z');`);
  },
  4: (db) => {
    db.exec(`INSERT INTO footage (source_path, frames_path, frame_count, fps, width, height, fit, thumbs_path, caption, imported_at)
             VALUES ('/videos/beach.mp4', 'media/beach.frames', 16, 8, 64, 64, 'crop', NULL, 'waves roll in', '2025-01-04T00:00:00.000Z');`);
  },
};

/** A project folder whose database stops at schema version `k`, closed cleanly. */
function fixture(k: number, migrations: readonly Migration[] = MIGRATIONS): string {
  const folder = join(home.dir(), `v${k}.longshot`);
  mkdirSync(folder);
  const db = new Database(join(folder, PROJECT_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  runMigrations(db, migrations.slice(0, k));
  for (let v = 1; v <= k; v++) SEEDS[v]?.(db);
  db.close();
  return folder;
}

function schemaOf(db: Db): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
}

function freshSchema(): unknown[] {
  const project = createProject(home.dir(), 'fresh');
  const schema = schemaOf(project.db);
  closeProject(project);
  return schema;
}

const addColor: Migration = {
  version: SCHEMA_VERSION + 1,
  name: `00${SCHEMA_VERSION + 1}-caption-color`,
  up: (db) => db.exec("ALTER TABLE captions ADD COLUMN color TEXT NOT NULL DEFAULT 'white'"),
};

describe('migrations', () => {
  it('has a data fixture for every shipped version, numbered in order', () => {
    expect(Object.keys(SEEDS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('brings an empty database of ours to the latest schema', () => {
    const db = new Database(join(fixture(0), PROJECT_DB_FILE));
    expect(runMigrations(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const schema = schemaOf(db);
    db.close();
    expect(schema).toEqual(freshSchema());
  });

  it.each(MIGRATIONS.map((m) => m.version))('opens a version %i project at the latest schema with its data', (k) => {
    const project = openProject(fixture(k));
    expect(project.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(project.name).toBe('Old film');
    expect(listCaptions(project.db).map((c) => c.text)).toEqual(['from version 1']);
    const schema = schemaOf(project.db);
    closeProject(project);
    expect(schema).toEqual(freshSchema());
  });

  it('applies later steps to existing data, and a second run changes nothing', () => {
    let calls = 0;
    const counted: Migration = { ...addColor, up: (db) => (calls++, addColor.up(db)) };
    const folder = fixture(SCHEMA_VERSION);
    const first = openProject(folder, { migrations: [...MIGRATIONS, counted] });
    const schema = schemaOf(first.db);
    closeProject(first);
    const second = openProject(folder, { migrations: [...MIGRATIONS, counted] });
    expect(calls).toBe(1);
    expect(runMigrations(second.db, [...MIGRATIONS, counted])).toEqual([]);
    expect(schemaOf(second.db)).toEqual(schema);
    expect(second.db.prepare('SELECT text, color FROM captions').all()).toEqual([{ text: 'from version 1', color: 'white' }]);
    closeProject(second);
  });

  it('rolls a failing step back completely and keeps the steps before it', () => {
    const failing: Migration = {
      version: SCHEMA_VERSION + 2,
      name: 'failing',
      up: (db) => {
        db.exec("CREATE TABLE half (x INTEGER) STRICT; UPDATE captions SET text = 'changed'");
        throw new Error('boom');
      },
    };
    const folder = fixture(SCHEMA_VERSION);
    const error = errorOf(() => openProject(folder, { migrations: [...MIGRATIONS, addColor, failing] }));
    expect(error.message).toContain('migration failing failed: boom');
    expect(error.message).toContain(`left at schema version ${SCHEMA_VERSION + 1}`);
    const db = new Database(join(folder, PROJECT_DB_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT text, color FROM captions').all()).toEqual([{ text: 'from version 1', color: 'white' }]);
    db.close();
  });

  it('refuses a project from a newer version with a message, leaving the file as it was', () => {
    const folder = fixture(SCHEMA_VERSION);
    closeProject(openProject(folder, { migrations: [...MIGRATIONS, addColor] }));
    const file = join(folder, PROJECT_DB_FILE);
    const before = fileHash(file);
    const error = errorOf(() => openProject(folder));
    expect(error.code).toBe('newer_version');
    expect(error.message).toContain(`schema version ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION}`);
    expect(error.message).toContain('Update Longshot');
    expect(fileHash(file)).toBe(before);
  });

  it('also refuses a newer version that is only in the write-ahead log so far', () => {
    const folder = fixture(SCHEMA_VERSION);
    const writer = new Database(join(folder, PROJECT_DB_FILE));
    writer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(errorOf(() => openProject(folder)).code).toBe('newer_version');
    writer.close();
  });

  it('refuses a migration list that is out of order', () => {
    const db = new Database(join(fixture(0), PROJECT_DB_FILE));
    expect(errorOf(() => runMigrations(db, [{ ...addColor, version: 5 }])).code).toBe('invalid');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
