/**
 * Shared set-up of the project store tests: a fresh temporary folder per test, used as
 * LONGSHOT_HOME too, so no test reads or writes the real ~/.longshot.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { closeProject, createProject, ProjectError, type Project } from '../../main/project/index';

/** A temporary folder, set as LONGSHOT_HOME, removed after each test. */
export function useTempHome(): { dir: () => string } {
  let dir = '';
  const previous = process.env.LONGSHOT_HOME;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'longshot-project-'));
    process.env.LONGSHOT_HOME = dir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.LONGSHOT_HOME;
    else process.env.LONGSHOT_HOME = previous;
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}

/** Opens a new project in `home` (a fresh temporary home by default) for one test and closes it afterwards. */
export function useProject(home: { dir: () => string } = useTempHome()): () => Project {
  let project: Project | undefined;
  beforeEach(() => {
    project = createProject(home.dir(), 'Test film', { seed: 42 });
  });
  afterEach(() => {
    if (project?.db.open) closeProject(project);
  });
  return () => {
    if (!project) throw new Error('project not created yet');
    return project;
  };
}

/** sha256 of a file's bytes, to show a file was left untouched. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The ProjectError `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): ProjectError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProjectError) return error;
    throw error;
  }
  throw new Error('expected a ProjectError, but nothing was thrown');
}
