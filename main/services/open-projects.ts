/**
 * The projects open in this session, each under a random handle. Renderers name a project by
 * its handle, never by a path, so a call cannot reach a database the user did not open. Every
 * open project is attached to the job host, so its queue runs (and jobs a crash interrupted
 * resume) while it is open. Projects are opened to be written, so they hold the project's write
 * lease (main/project/writer-lease.ts) while open: a project the CLI (or another app) is
 * writing is refused at once with a typed 'in_use' error naming that process, which the
 * renderer shows, instead of a second job queue that could wait forever on the other one's job.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { JobHost } from '../jobs/index';
import { PROJECT_DB_FILE, closeProject, openProject, type Project } from '../project/index';
import { ServiceError } from './errors';

/** An open project and its session handle. */
export interface OpenProject {
  readonly id: string;
  readonly project: Project;
}

/** Registry of open projects; one connection per project folder. */
export class OpenProjects {
  private readonly byId = new Map<string, Project>();

  constructor(
    private readonly jobs: JobHost,
    /** How this session names itself in a project's write lease, e.g. 'longshot serve'. */
    readonly writer: string,
  ) {}

  /** Opens the project at `path` to write it, or returns the handle it already has. */
  open(path: string): OpenProject {
    return this.findByPath(path) ?? this.add(openProject(path, { writer: this.writer }));
  }

  /** Registers a project the caller opened (e.g. just created) and attaches it to the job host. */
  add(project: Project): OpenProject {
    try {
      this.jobs.attach(project);
    } catch (error) {
      closeProject(project);
      throw error;
    }
    const id = randomBytes(12).toString('base64url');
    this.byId.set(id, project);
    return { id, project };
  }

  /** The open project with handle `id`, or a 'not_open' error. */
  get(id: string): Project {
    const project = this.byId.get(id);
    if (!project) throw new ServiceError('not_open', 'that project is not open (it was closed or the app restarted): open it again');
    return project;
  }

  /** The handle of the open project in folder `path`, if it is open. */
  idOf(path: string): string | undefined {
    for (const [id, project] of this.byId) if (project.path === path) return id;
    return undefined;
  }

  /** Every open project with its handle. */
  list(): OpenProject[] {
    return [...this.byId].map(([id, project]) => ({ id, project }));
  }

  /** Closes one project (its running job stops and resumes when it is next opened). */
  async close(id: string): Promise<void> {
    const project = this.byId.get(id);
    if (!project) return;
    this.byId.delete(id);
    try {
      await this.jobs.detach(project.path);
    } finally {
      closeProject(project);
    }
  }

  /** Closes every project (server shutdown, app quit). */
  async closeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const id of [...this.byId.keys()]) await this.close(id).catch((error: unknown) => failures.push(error));
    // Every project is closed even if one fails; the first failure is then reported.
    if (failures.length > 0) throw failures[0];
  }

  private findByPath(path: string): OpenProject | undefined {
    const wanted = realOrSelf(path);
    return this.list().find(({ project }) => {
      const folder = realOrSelf(project.path);
      return wanted === folder || wanted === join(folder, PROJECT_DB_FILE);
    });
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
