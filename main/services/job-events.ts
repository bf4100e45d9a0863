/**
 * Forwards the job host's events to the service bus in the contract's shapes: project paths
 * become session handles, and file paths become media paths relative to the project folder
 * (a file outside the project is not announced: the renderer could not load it anyway).
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { JobHost, JobHostEvent } from '../jobs/index';
import type { EventBus } from './event-bus';
import type { OpenProjects } from './open-projects';

function projectRelative(projectPath: string, file: string): string | undefined {
  const rel = relative(projectPath, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function forward(event: JobHostEvent, projects: OpenProjects, bus: EventBus): void {
  if (event.type === 'engine-ready' || event.type === 'engine-exited') {
    const what = event.type === 'engine-ready' ? `ready on ${event.backend.name}` : `exited (${event.exit.signal ?? event.exit.code})`;
    bus.log('info', 'engine', `engine process ${event.pid} ${what}`);
    return;
  }
  const projectId = event.projectPath === undefined ? undefined : projects.idOf(event.projectPath);
  if (event.type === 'log') {
    bus.log(event.level, 'jobs', event.text, { projectId, jobId: event.jobId });
    return;
  }
  // Events of a project closed meanwhile have no handle and nobody to tell.
  if (projectId === undefined) return;
  switch (event.type) {
    case 'queued':
    case 'started':
      return bus.emit('jobState', { projectId, jobId: event.job.id, status: event.job.status, message: null });
    case 'finished':
      return bus.emit('jobState', { projectId, jobId: event.job.id, status: event.job.status, message: event.error?.message ?? null });
    case 'interrupted':
      return bus.emit('jobState', { projectId, jobId: event.job.id, status: event.job.status, message: event.reason });
    case 'progress': {
      const { jobId, step, total, rate, etaSec } = event;
      return bus.emit('jobProgress', { projectId, jobId, step, total, rate, etaSec, message: event.message ?? null });
    }
    case 'preview':
    case 'artifact': {
      const path = projectRelative(event.projectPath, event.path);
      if (path === undefined) {
        bus.log('warn', 'jobs', `job ${event.jobId} announced a file outside its project: ${event.path}`, { projectId, jobId: event.jobId });
        return;
      }
      if (event.type === 'preview') return bus.emit('preview', { projectId, jobId: event.jobId, imagePath: path });
      return bus.emit('artifact', { projectId, jobId: event.jobId, kind: event.kind, path });
    }
    default:
      return event satisfies never;
  }
}

/** Subscribes the bus to the host; returns the unsubscribe. */
export function forwardJobEvents(host: JobHost, projects: OpenProjects, bus: EventBus): () => void {
  return host.subscribe((event) => forward(event, projects, bus));
}
