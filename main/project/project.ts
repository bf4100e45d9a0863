/**
 * Creating, opening, closing and backing up a project folder. A new project is built in a
 * hidden temporary folder and renamed into place when complete, so a crash during creation
 * never leaves a half-made project under the user's chosen name.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fsyncDir } from './atomic-file';
import { APPLICATION_ID, inspectHeader, openConnection, verifyConnection } from './connection';
import { ProjectError, guard, toProjectError } from './errors';
import { recoverJobs } from './jobs';
import { MIGRATIONS, runMigrations, type Migration } from './migrations/index';
import { MEDIA_DIR, PROJECT_DB_FILE, projectFolderName } from './paths';
import type { Db } from './rows';
import { getSettings, insertSettings, newSettings, type SettingsInput } from './settings';
import { acquireWriterLease, type WriterLease } from './writer-lease';

/** An open project. `name` is the name at open time; settings hold the live one. */
export interface Project {
  /** The project folder (absolute). */
  readonly path: string;
  readonly name: string;
  readonly db: Db;
  /** Absolute path of the media folder; rows store media paths relative to `path`. */
  readonly mediaDir: string;
  /** This process's write lease on the project, when it was opened with `writer`. */
  readonly lease?: WriterLease;
}

/** Options of openProject. */
export interface OpenOptions {
  /** Tests pass their own list; the app always uses the shipped one. */
  migrations?: readonly Migration[];
  /**
   * Opens the project to write it: takes its write lease for this process, naming the holder
   * (e.g. 'longshot render'), and throws ProjectInUseError ('in_use') at once while another live
   * process holds it (writer-lease.ts). Without it the project is opened as a reader would.
   */
  writer?: string;
}

function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Finds project.db from the project folder or the database path itself. */
function locate(path: string): { folder: string; file: string } {
  const absolute = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch (error) {
    const mapped = toProjectError(error, `opening ${absolute}`);
    throw mapped.code === 'not_found' ? new ProjectError('not_found', `there is no project at ${absolute}`, { cause: error }) : mapped;
  }
  if (!isFolder) return { folder: dirname(absolute), file: absolute };
  const file = join(absolute, PROJECT_DB_FILE);
  if (!existsSync(file)) throw new ProjectError('not_a_project', `${absolute} is not a Longshot project (it has no ${PROJECT_DB_FILE})`);
  return { folder: absolute, file };
}

/**
 * Opens a project: checks the file is ours and intact before SQLite writes anything, takes the
 * write lease when asked to (before any migration, so a refused writer changes nothing),
 * applies pending migrations, and marks jobs stopped by a crash as interrupted. A writer that
 * is the first of its process on the project marks every 'running' job so: the lease says no
 * other writer is alive, so a runner pid that still answers is an orphan or a reused pid.
 */
export function openProject(path: string, options: OpenOptions = {}): Project {
  const { folder, file } = locate(path);
  const migrations = options.migrations ?? MIGRATIONS;
  inspectHeader(file, migrations.length);
  const db = openConnection(file, false);
  let lease: WriterLease | undefined;
  try {
    verifyConnection(db, file);
    if (options.writer !== undefined) lease = acquireWriterLease(db, folder, options.writer);
    runMigrations(db, migrations, file);
    recoverJobs(db, { everyRunning: lease?.fresh === true });
    const { name } = getSettings(db);
    const mediaDir = join(folder, MEDIA_DIR);
    guard('creating the media folder', () => mkdirSync(mediaDir, { recursive: true }));
    return { path: folder, name, db, mediaDir, ...(lease && { lease }) };
  } catch (error) {
    try {
      lease?.release();
    } catch {
      // The failure to open is what the caller must hear; a lease left behind names this
      // process, and goes at its exit or is judged stale after it.
    }
    db.close();
    throw toProjectError(error, `opening ${file}`);
  }
}

/** Creates `parentDir/NAME.longshot/` with a fresh database and opens it with `open` (e.g. as a writer). */
export function createProject(
  parentDir: string,
  name: string,
  settings: Partial<Omit<SettingsInput, 'name'>> = {},
  open: Omit<OpenOptions, 'migrations'> = {},
): Project {
  const initial = newSettings(name, settings);
  const folderName = projectFolderName(initial.name);
  const parent = resolve(parentDir);
  const folder = join(parent, folderName);
  if (existsSync(folder)) throw new ProjectError('invalid', `a project already exists at ${folder}`);
  const temp = join(parent, `.${folderName}.${uniqueSuffix()}.creating`);
  try {
    mkdirSync(join(temp, MEDIA_DIR), { recursive: true });
    const db = openConnection(join(temp, PROJECT_DB_FILE), true);
    try {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      runMigrations(db);
      insertSettings(db, initial);
    } finally {
      db.close();
    }
    renameSync(temp, folder);
    fsyncDir(parent);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw toProjectError(error, `creating project '${initial.name}'`);
  }
  return openProject(folder, open);
}

/** Gives back the write lease, if any, and closes the database (SQLite checkpoints the WAL into project.db and removes it). */
export function closeProject(project: Project): void {
  try {
    project.lease?.release();
  } finally {
    guard(`closing ${project.path}`, () => project.db.close());
  }
}

/**
 * Writes a consistent copy of project.db to `destPath` with SQLite's online backup API (never a
 * copy of the live files, which could catch a half-written WAL). Written under a temporary
 * name and renamed when complete. Media files are not copied: they are written once and never
 * changed, so copying them beside this file gives a complete backup.
 */
export async function backupProject(project: Project, destPath: string): Promise<string> {
  const dest = resolve(destPath);
  if (dest === join(project.path, PROJECT_DB_FILE)) {
    throw new ProjectError('invalid', 'a backup cannot overwrite the project it backs up');
  }
  const temp = join(dirname(dest), `.${basename(dest)}.${uniqueSuffix()}.partial`);
  try {
    await project.db.backup(temp);
    renameSync(temp, dest);
    fsyncDir(dirname(dest));
    return dest;
  } catch (error) {
    rmSync(temp, { force: true });
    throw toProjectError(error, `backing up ${project.path} to ${dest}`);
  }
}
