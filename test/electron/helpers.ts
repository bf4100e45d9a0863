/** Shared set-up of the shell tests: a real service session in a temporary app home. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessEngine } from '../../main/jobs/index';
import { createServiceContext, handleCall, type ServiceContext } from '../../main/services/index';

/** A service session whose projects and app data live in a temporary folder. */
export interface TempSession {
  readonly home: string;
  readonly ctx: ServiceContext;
  /** Creates and opens a project through the API; returns its handle and folder. */
  createProject(name: string): Promise<{ id: string; path: string }>;
  dispose(): Promise<void>;
}

/** Starts a session (engines in this process, no runners: these tests run no jobs through it). */
export function tempSession(): TempSession {
  const home = mkdtempSync(join(tmpdir(), 'longshot-shell-'));
  process.env.LONGSHOT_HOME = home;
  const ctx = createServiceContext({ projectsDir: join(home, 'projects'), appVersion: '0.0.0-test', engine: inProcessEngine({ runnerModules: [] }) });
  return {
    home,
    ctx,
    async createProject(name) {
      const answer = await handleCall('projects.create', { name }, ctx);
      if (!answer.ok) throw new Error(`projects.create failed: ${answer.error.message}`);
      const { id, path } = answer.value as { id: string; path: string };
      return { id, path };
    },
    async dispose() {
      await ctx.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
