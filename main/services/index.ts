/**
 * The service layer behind both transports (Electron IPC and the local server): build one
 * context per session with `createServiceContext`, pass every call to `handleCall`, forward
 * `ctx.bus` events, and serve media only through `resolveMediaPath`.
 */
import { createRequire } from 'node:module';
import { JobHost, RUNNER_MODULES, nodeChildEngine, type EngineFactory } from '../jobs/index';
import { defaultProjectsDir } from '../project/index';
import type { ServiceContext } from './context';
import { EventBus } from './event-bus';
import { IMPORT_RUNNER_MODULE } from './import-job';
import { forwardJobEvents } from './job-events';
import { OpenProjects } from './open-projects';

export { handleCall } from './dispatch';
export { EventBus } from './event-bus';
export { OpenProjects, type OpenProject } from './open-projects';
export { ServiceError, toApiError, type ServiceErrorCode } from './errors';
export { IMPORT_RUNNER_MODULE, importJobParams, type ImportJobParams } from './import-job';
export { MediaPathError, mediaPathSegments, resolveMediaPath, type MediaPathErrorCode } from './media-path';
export { projectMediaFile } from './media-file';
export type { ServiceContext, Services, AreaServices } from './context';

/** The version in package.json (the Electron shell may pass app.getVersion() instead). */
export function packageVersion(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
  return pkg.version;
}

/** How to build a session. */
export interface ServiceContextOptions {
  projectsDir?: string;
  appVersion?: string;
  /** How the job host starts engines; an engine child process by default (engine.md). */
  engine?: EngineFactory;
  /** How the session names itself in the write lease of the projects it opens (default 'Longshot'). */
  writer?: string;
}

/** The app's runner modules plus the footage import runner of this layer (once, if listed there too). */
export const SERVICE_RUNNER_MODULES: readonly string[] = [...new Set([...RUNNER_MODULES, IMPORT_RUNNER_MODULE])];

/** A fresh session: no project open, an empty bus, a job host that starts engines on demand. */
export function createServiceContext(options: ServiceContextOptions = {}): ServiceContext {
  const bus = new EventBus();
  const jobs = new JobHost({ engine: options.engine ?? nodeChildEngine({ runnerModules: SERVICE_RUNNER_MODULES }) });
  const projects = new OpenProjects(jobs, options.writer ?? 'Longshot');
  const stopForwarding = forwardJobEvents(jobs, projects, bus);
  return {
    projects,
    bus,
    jobs,
    projectsDir: options.projectsDir ?? defaultProjectsDir(),
    appVersion: options.appVersion ?? packageVersion(),
    async close() {
      try {
        await projects.closeAll();
      } finally {
        await jobs.close();
        stopForwarding();
      }
    },
  };
}
