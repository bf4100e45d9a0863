/** projects.*: the recent list, create, open, close, settings and backup. */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  backupProject,
  createProject,
  forgetProject,
  getSettings,
  listRecentProjects,
  rememberProject,
  updateSettings,
} from '../project/index';
import type { AreaServices } from './context';
import { ServiceError } from './errors';
import type { OpenProject } from './open-projects';

function info({ id, project }: OpenProject) {
  const settings = getSettings(project.db);
  return { id, path: project.path, name: settings.name, settings };
}

export const projects: AreaServices<'projects'> = {
  listRecent: () => listRecentProjects(),

  create({ name, parentDir, settings }, ctx) {
    // The project's name is the call's own `name`; a second one inside `settings` is ignored.
    const { name: _ignored, ...rest } = settings ?? {};
    const opened = ctx.projects.add(createProject(parentDir ?? ctx.projectsDir, name, rest, { writer: ctx.projects.writer }));
    rememberProject(opened.project.path, name);
    return info(opened);
  },

  open({ path }, ctx) {
    const opened = ctx.projects.open(path);
    const takeover = opened.project.lease?.takeoverLine;
    if (takeover) ctx.bus.log('warn', 'projects', takeover, { projectId: opened.id });
    rememberProject(opened.project.path, getSettings(opened.project.db).name);
    return info(opened);
  },

  async close({ projectId }, ctx) {
    await ctx.projects.close(projectId);
    return {};
  },

  forget({ path }) {
    forgetProject(path);
    return {};
  },

  getSettings: ({ projectId }, ctx) => getSettings(ctx.projects.get(projectId).db),

  updateSettings: ({ projectId, patch }, ctx) => updateSettings(ctx.projects.get(projectId).db, patch),

  async backup({ projectId, destPath }, ctx) {
    // A backup names a new file: overwriting whatever a path points at is never what a user means.
    if (!isAbsolute(destPath)) throw new ServiceError('invalid_input', 'the backup path must be absolute');
    if (existsSync(destPath)) throw new ServiceError('invalid_state', `${destPath} already exists`);
    return { path: await backupProject(ctx.projects.get(projectId), destPath) };
  },
};
