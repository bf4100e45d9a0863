/** Shared set-up of the job host tests: temporary projects and event capture. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeProject, createProject, type Project } from '../../main/project/index';
import type { JobHost } from '../../main/jobs/host';
import type { JobHostEvent } from '../../main/jobs/host-events';

/** The test runners module, as the engine loads it. */
export const TEST_RUNNERS = fileURLToPath(new URL('./fixtures/test-runners.ts', import.meta.url));

/** A temporary folder with projects in it; `dispose` closes and deletes everything. */
export function tempProjects() {
  const dir = mkdtempSync(join(tmpdir(), 'longshot-jobs-'));
  const open: Project[] = [];
  return {
    dir,
    create(name: string): Project {
      const project = createProject(dir, name);
      open.push(project);
      return project;
    },
    dispose(): void {
      for (const project of open) if (project.db.open) closeProject(project);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Records every event of a host and lets a test wait for one. */
export function recordEvents(host: JobHost) {
  const events: JobHostEvent[] = [];
  const waiting: { match: (e: JobHostEvent) => boolean; resolve: (e: JobHostEvent) => void }[] = [];
  host.subscribe((event) => {
    events.push(event);
    for (const w of [...waiting]) {
      if (w.match(event)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  return {
    events,
    /** Resolves with the first event from now on that matches. */
    next<T extends JobHostEvent['type']>(type: T, match: (e: Extract<JobHostEvent, { type: T }>) => boolean = () => true) {
      return new Promise<Extract<JobHostEvent, { type: T }>>((resolve) => {
        waiting.push({
          match: (e) => e.type === type && match(e as Extract<JobHostEvent, { type: T }>),
          resolve: (e) => resolve(e as Extract<JobHostEvent, { type: T }>),
        });
      });
    },
    of<T extends JobHostEvent['type']>(type: T): Extract<JobHostEvent, { type: T }>[] {
      return events.filter((e): e is Extract<JobHostEvent, { type: T }> => e.type === type);
    },
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
