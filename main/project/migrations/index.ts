/**
 * Schema migrations by `PRAGMA user_version`: migration N takes the schema from version N-1 to
 * N. Each is its own numbered file, listed here explicitly (never discovered from the folder, so
 * a stray file cannot run), and each runs in one IMMEDIATE transaction together with the
 * user_version bump: it either lands whole or not at all.
 */
import { ProjectError, toProjectError } from '../errors';
import { newerVersionError } from '../connection';
import type { Db } from '../rows';
import { initial } from './001-initial';
import { evalResults } from './002-eval-results';
import { evalModelKind } from './003-eval-model-kind';
import { footageCaption } from './004-footage-caption';

/** One step of the schema. */
export interface Migration {
  /** The user_version after this step: 1 for the first file, then 2, 3... */
  version: number;
  /** Names the file, e.g. '001-initial', for messages. */
  name: string;
  up(db: Db): void;
}

/** Every shipped migration, in order. Append; never edit or reorder a shipped one. */
export const MIGRATIONS: readonly Migration[] = [initial, evalResults, evalModelKind, footageCaption];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new ProjectError('invalid', `migration list out of order: ${m.name} has version ${m.version} at position ${i + 1}`);
    }
  });
}

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` up to the last version of `migrations` (the shipped list unless a test passes
 * another) and returns the versions applied. A database newer than the list is refused. Each
 * step re-reads user_version inside its transaction, so two processes opening the same old
 * project at once do not both apply it.
 */
export function runMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS, file = 'project.db'): number[] {
  checkOrder(migrations);
  const newest = migrations.length;
  const start = userVersion(db);
  if (start > newest) throw newerVersionError(file, start, newest);
  const applied: number[] = [];
  for (const migration of migrations.slice(start)) {
    const step = db.transaction(() => {
      if (userVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied.push(migration.version);
    } catch (error) {
      const mapped = toProjectError(error, `migration ${migration.name}`);
      throw new ProjectError(mapped.code, `${mapped.message} (the project was left at schema version ${userVersion(db)})`, {
        cause: error,
      });
    }
  }
  return applied;
}
