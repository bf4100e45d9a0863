import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appHome,
  closeProject,
  createProject,
  defaultProjectsDir,
  forgetProject,
  listRecentProjects,
  projectFolderName,
  rememberProject,
  resolveProjectRef,
} from '../../main/project/index';
import { errorOf, useTempHome } from './helpers';

const home = useTempHome();

function makeProject(name: string): string {
  const project = createProject(defaultProjectsDir(), name);
  closeProject(project);
  return project.path;
}

describe('app home', () => {
  it('is LONGSHOT_HOME, or ~/.longshot without it', () => {
    expect(appHome()).toBe(home.dir());
    expect(defaultProjectsDir()).toBe(join(home.dir(), 'projects'));
    delete process.env.LONGSHOT_HOME;
    expect(appHome()).toBe(join(homedir(), '.longshot'));
  });

  it('resolves a bare name in the projects folder and a path as given', () => {
    expect(resolveProjectRef('Sea Story')).toBe(join(defaultProjectsDir(), 'Sea Story.longshot'));
    expect(resolveProjectRef('/x/y.longshot')).toBe('/x/y.longshot');
    expect(resolveProjectRef('rel/y')).toBe(join(process.cwd(), 'rel/y'));
    expect(projectFolderName(' My: film. ')).toBe('My- film.longshot');
    expect(errorOf(() => projectFolderName(' .. ')).code).toBe('invalid');
  });
});

describe('recent projects', () => {
  it('lists the most recent first, once each', () => {
    const a = makeProject('A');
    const b = makeProject('B');
    rememberProject(a, 'A');
    rememberProject(b, 'B');
    rememberProject(join(a, 'project.db'));
    expect(listRecentProjects().map((p) => [p.name, p.path, p.missing])).toEqual([
      ['A', a, false],
      ['B', b, false],
    ]);
    expect(Date.parse(listRecentProjects()[0]?.openedAt ?? '')).toBeGreaterThan(0);
  });

  it('reports a vanished project as missing instead of dropping it, until forgotten', () => {
    const a = makeProject('A');
    const b = makeProject('B');
    rememberProject(a);
    rememberProject(b);
    rmSync(a, { recursive: true });
    expect(listRecentProjects().map((p) => [p.name, p.missing])).toEqual([
      ['B', false],
      ['A', true],
    ]);
    forgetProject(a);
    expect(listRecentProjects().map((p) => p.name)).toEqual(['B']);
  });

  it('writes recent.json atomically, leaving no temporary file', () => {
    rememberProject(makeProject('A'));
    expect(readdirSync(home.dir()).sort()).toEqual(['projects', 'recent.json']);
    const stored = JSON.parse(readFileSync(join(home.dir(), 'recent.json'), 'utf8')) as { version: number; projects: unknown[] };
    expect(stored.version).toBe(1);
    expect(stored.projects).toHaveLength(1);
  });

  it('starts empty without a file, and treats a damaged file as empty until the next write', () => {
    expect(listRecentProjects()).toEqual([]);
    mkdirSync(home.dir(), { recursive: true });
    writeFileSync(join(home.dir(), 'recent.json'), '{"version": 1, "projects": [');
    expect(listRecentProjects()).toEqual([]);
    const a = makeProject('A');
    rememberProject(a);
    expect(listRecentProjects().map((p) => p.path)).toEqual([a]);
    expect(existsSync(join(home.dir(), 'recent.json'))).toBe(true);
  });
});
