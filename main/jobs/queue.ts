/**
 * The queue policy: which waiting job of all open projects runs next. Interrupted jobs come
 * first (they were already running and the user expects them to carry on), then the oldest
 * queued job, whatever its project.
 */
import { listJobs, type Job } from '../project/index';
import type { HostProject } from './host-types';
import { jobKey } from './job-waiters';

/** A job together with the project it belongs to. */
export interface QueuedJob {
  project: HostProject;
  job: Job;
}

/** The job to run next, skipping the jobs whose jobKey is in `skip`; undefined when none waits. */
export function pickNextJob(projects: Iterable<HostProject>, skip: ReadonlySet<string>): QueuedJob | undefined {
  const rank = (job: Job) => `${job.status === 'interrupted' ? 0 : 1}${job.createdAt}`;
  let best: QueuedJob | undefined;
  for (const project of projects) {
    for (const job of listJobs(project.db, { status: ['interrupted', 'queued'] })) {
      if (skip.has(jobKey(project.path, job.id))) continue;
      if (!best || rank(job) < rank(best.job)) best = { project, job };
    }
  }
  return best;
}
