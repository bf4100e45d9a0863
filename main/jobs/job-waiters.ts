/**
 * Promises for "tell me when job X of project P has ended", kept by the host and settled from
 * its `finished` events (or rejected when the project or the host closes).
 */
import type { Job } from '../project/index';
import { JobError } from './errors';

/** The key of a job across projects: job ids are only unique within one project. */
export function jobKey(projectPath: string, jobId: number): string {
  return `${projectPath}#${jobId}`;
}

interface Waiter {
  readonly projectPath: string;
  readonly jobId: number;
  resolve(job: Job): void;
  reject(error: JobError): void;
}

/** The pending waits for the end of jobs. */
export class JobWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves at `settle` of this job. */
  wait(projectPath: string, jobId: number): Promise<Job> {
    return new Promise((resolve, reject) => this.waiters.add({ projectPath, jobId, resolve, reject }));
  }

  /** Resolves every wait for this job with its final row. */
  settle(projectPath: string, job: Job): void {
    for (const waiter of this.waiters) {
      if (waiter.projectPath !== projectPath || waiter.jobId !== job.id) continue;
      this.waiters.delete(waiter);
      waiter.resolve(job);
    }
  }

  /** Rejects every wait for job `jobId` of this project with `error` (it cannot end here). */
  fail(projectPath: string, jobId: number, error: JobError): void {
    for (const waiter of this.waiters) {
      if (waiter.projectPath !== projectPath || waiter.jobId !== jobId) continue;
      this.waiters.delete(waiter);
      waiter.reject(error);
    }
  }

  /** Rejects every wait for a job of this project (every wait, without one) as 'closed'. */
  reject(why: string, projectPath?: string): void {
    for (const waiter of this.waiters) {
      if (projectPath !== undefined && waiter.projectPath !== projectPath) continue;
      this.waiters.delete(waiter);
      waiter.reject(new JobError('closed', why));
    }
  }
}
