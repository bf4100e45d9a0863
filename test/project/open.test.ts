import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  addCaption,
  APPLICATION_ID,
  backupProject,
  BUSY_TIMEOUT_MS,
  closeProject,
  createProject,
  getSettings,
  listCaptions,
  openProject,
  PROJECT_DB_FILE,
  replaceStoryboard,
  SCHEMA_VERSION,
} from '../../main/project/index';
import { errorOf, useTempHome } from './helpers';

const home = useTempHome();

describe('creating and opening projects', () => {
  it('creates NAME.longshot with project.db and media/', () => {
    const project = createProject(home.dir(), 'Sea Story', { durationSec: 30, fps: 12 });
    expect(project.path).toBe(join(home.dir(), 'Sea Story.longshot'));
    expect(project.name).toBe('Sea Story');
    expect(project.mediaDir).toBe(join(project.path, 'media'));
    expect(readdirSync(project.path).sort()).toEqual(['media', PROJECT_DB_FILE, `${PROJECT_DB_FILE}-shm`, `${PROJECT_DB_FILE}-wal`]);
    expect(getSettings(project.db)).toMatchObject({ durationSec: 30, fps: 12 });
    closeProject(project);
    expect(readdirSync(project.path).sort()).toEqual(['media', PROJECT_DB_FILE]);
    expect(readdirSync(home.dir())).toEqual(['Sea Story.longshot']);
  });

  it('reads the pragmas back after open', () => {
    closeProject(createProject(home.dir(), 'p'));
    const project = openProject(join(home.dir(), 'p.longshot'));
    const pragma = (name: string) => project.db.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('busy_timeout')).toBe(BUSY_TIMEOUT_MS);
    expect(pragma('application_id')).toBe(APPLICATION_ID);
    expect(pragma('user_version')).toBe(SCHEMA_VERSION);
    expect(pragma('synchronous')).toBe(2);
    expect(pragma('trusted_schema')).toBe(0);
    expect(project.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%STRICT%' AND name NOT LIKE 'sqlite_%'").get()).toEqual({ n: 0 });
    closeProject(project);
  });

  it('opens by folder or by its project.db, keeping what was saved', () => {
    const created = createProject(home.dir(), 'p');
    addCaption(created.db, { startSec: 0, endSec: 1, text: 'kept' });
    closeProject(created);
    for (const path of [created.path, join(created.path, PROJECT_DB_FILE)]) {
      const project = openProject(path);
      expect(project.path).toBe(created.path);
      expect(listCaptions(project.db).map((c) => c.text)).toEqual(['kept']);
      closeProject(project);
    }
  });

  it('names what is wrong with a path that is not a project', () => {
    expect(errorOf(() => openProject(join(home.dir(), 'nowhere.longshot'))).code).toBe('not_found');
    mkdirSync(join(home.dir(), 'empty.longshot'));
    const error = errorOf(() => openProject(join(home.dir(), 'empty.longshot')));
    expect(error.code).toBe('not_a_project');
    expect(error.message).toContain('has no project.db');
  });

  it('refuses to create over an existing project and cleans up a failed creation', () => {
    closeProject(createProject(home.dir(), 'p'));
    expect(errorOf(() => createProject(home.dir(), 'p')).message).toContain('already exists');
    expect(errorOf(() => createProject(home.dir(), 'q', { width: 65 })).code).toBe('invalid');
    expect(errorOf(() => createProject(home.dir(), '...')).code).toBe('invalid');
    expect(readdirSync(home.dir())).toEqual(['p.longshot']);
  });

  it('makes unsafe names into safe folder names and keeps the real name in settings', () => {
    const project = createProject(home.dir(), 'a/b:c?');
    expect(project.path).toBe(join(home.dir(), 'a-b-c-.longshot'));
    expect(project.name).toBe('a/b:c?');
    closeProject(project);
  });
});

describe('recovery', () => {
  it('opens a project killed in the middle of a checkpoint, header ahead of the file', () => {
    const live = createProject(home.dir(), 'live');
    live.db.pragma('wal_autocheckpoint = 0');
    const captions = Array.from({ length: 300 }, (_, i) => ({ startSec: i, endSec: i + 1, text: `caption ${i} `.repeat(20) }));
    replaceStoryboard(live.db, captions);
    // A snapshot of the files as a kill would leave them: small project.db, every commit in the WAL.
    const crashed = join(home.dir(), 'crashed.longshot');
    mkdirSync(crashed);
    for (const suffix of ['', '-wal']) copyFileSync(join(live.path, PROJECT_DB_FILE + suffix), join(crashed, PROJECT_DB_FILE + suffix));
    closeProject(live);
    // A checkpoint copies pages in order, so page 1 (with the new page count) lands first.
    const file = join(crashed, PROJECT_DB_FILE);
    const pageSize = 4096;
    const small = readFileSync(file);
    const complete = readFileSync(join(live.path, PROJECT_DB_FILE));
    expect(complete.length).toBeGreaterThan(small.length);
    writeFileSync(file, Buffer.concat([complete.subarray(0, pageSize), small.subarray(pageSize)]));

    const project = openProject(crashed);
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listCaptions(project.db)).toHaveLength(300);
    closeProject(project);
  });
});

describe('backups', () => {
  it('copies the database through the backup API, while it is open and in use', async () => {
    const project = createProject(home.dir(), 'p', { seed: 3 });
    for (let i = 0; i < 50; i++) addCaption(project.db, { startSec: i, endSec: i + 1, text: `caption ${i}` });
    const dest = await backupProject(project, join(home.dir(), 'backup.db'));
    addCaption(project.db, { startSec: 60, endSec: 61, text: 'after the backup' });
    closeProject(project);

    expect(readdirSync(home.dir()).filter((f) => f.includes('partial'))).toEqual([]);
    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(copy.prepare('SELECT count(*) AS n FROM captions').get()).toEqual({ n: 50 });
    copy.close();

    const restoredFolder = join(home.dir(), 'restored.longshot');
    mkdirSync(restoredFolder);
    copyFileSync(dest, join(restoredFolder, PROJECT_DB_FILE));
    const restored = openProject(restoredFolder);
    expect(listCaptions(restored.db)).toHaveLength(50);
    expect(getSettings(restored.db).seed).toBe(3);
    closeProject(restored);
  });

  it('refuses to back up onto the project itself', async () => {
    const project = createProject(home.dir(), 'p');
    await expect(backupProject(project, join(project.path, PROJECT_DB_FILE))).rejects.toMatchObject({ code: 'invalid' });
    closeProject(project);
    expect(existsSync(join(project.path, PROJECT_DB_FILE))).toBe(true);
  });
});
