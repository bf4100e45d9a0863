/**
 * jobs.*: the saved queue of one project, run by the job host. Queued and interrupted jobs run
 * on their own (interrupted ones first, resuming from their last chunk or checkpoint); `resume`
 * of a failed or cancelled job queues a new one with the same kind and parameters.
 */
import { getJob, listJobs, type Job, type JobKind, type JsonValue } from '../project/index';
import type { AreaServices, ServiceContext } from './context';
import { ServiceError } from './errors';

/** Queues a job of `kind` in a project; the host announces it and runs it in turn. */
export function queueJob(ctx: ServiceContext, projectId: string, kind: JobKind, params: JsonValue): Job {
  return ctx.jobs.enqueue(ctx.projects.get(projectId).path, { kind, params });
}

export const jobs: AreaServices<'jobs'> = {
  list: ({ projectId }, ctx) => listJobs(ctx.projects.get(projectId).db),
  get: ({ projectId, id }, ctx) => getJob(ctx.projects.get(projectId).db, id),
  cancel: ({ projectId, id }, ctx) => ctx.jobs.cancel(ctx.projects.get(projectId).path, id),

  resume({ projectId, id }, ctx) {
    const project = ctx.projects.get(projectId);
    const job = getJob(project.db, id);
    switch (job.status) {
      case 'interrupted':
        // Already first in line; recover() starts the queue if it was idle.
        ctx.jobs.recover(project.path);
        return getJob(project.db, id);
      case 'failed':
      case 'cancelled':
        // An ended row stays as it was (history); the retry is a new job with the same kind and params.
        return queueJob(ctx, projectId, job.kind, job.params);
      case 'queued':
      case 'running':
      case 'done':
        throw new ServiceError('invalid_state', `job ${id} is ${job.status}: only failed, cancelled or interrupted jobs can be resumed`);
      default:
        return job.status satisfies never;
    }
  },
};
