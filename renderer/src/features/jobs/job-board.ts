/**
 * The jobs of one project as the UI shows them: the stored rows (jobs.list) kept current by the
 * jobState, jobProgress and preview events, with the live rate, ETA, step message and latest
 * preview that rows do not hold. Outside React, so it can be tested with plain events.
 */
import type { CallOutput, EventPayload } from '../../../../preload/api';
import { Observable } from '../../shared/observable';

export type Job = CallOutput<'jobs.get'>;
export type JobStatus = Job['status'];

/** A job with what the events said since the page loaded. */
export interface JobView {
  job: Job;
  /** Steps per second, or null before two steps were timed. */
  rate: number | null;
  etaSec: number | null;
  /** The latest preview image (a media path), if the job announced one. */
  previewPath: string | null;
}

/** Whether a job is still to run or running. */
export function isActive(status: JobStatus): boolean {
  return status === 'queued' || status === 'running';
}

/**
 * Whether stored row `row` is older than what the board shows. Replies and events travel apart,
 * so a row fetched while a job ran can arrive after the event saying it failed. Ended rows never
 * change (a retry is a new job) and a running job never becomes queued again.
 */
function isStale(row: Job, shown: Job): boolean {
  if (!isActive(shown.status) && shown.status !== 'interrupted') return isActive(row.status) || row.status === 'interrupted';
  return row.status === 'queued' && shown.status === 'running';
}

const ORDER: Record<JobStatus, number> = { running: 0, queued: 1, interrupted: 2, failed: 3, cancelled: 3, done: 3 };

/** The queue as shown: running first, then queued in turn, then the rest newest first. */
function ordered(views: Iterable<JobView>): JobView[] {
  return [...views].sort((a, b) => {
    const rank = ORDER[a.job.status] - ORDER[b.job.status];
    if (rank !== 0) return rank;
    return a.job.status === 'queued' ? a.job.id - b.job.id : b.job.id - a.job.id;
  });
}

/** Live jobs of project `projectId`. */
export class JobBoard extends Observable<readonly JobView[]> {
  private readonly views = new Map<number, JobView>();

  constructor(readonly projectId: string) {
    super([]);
  }

  /** A job by id, if known. */
  find(id: number): JobView | undefined {
    return this.views.get(id);
  }

  /**
   * Takes stored rows (a fresh list, or one job fetched after an event about it). A row read
   * before a later event arrived is stale: it never takes a job back from what that event said.
   */
  upsert(jobs: readonly Job[]): void {
    for (const job of jobs) {
      const known = this.views.get(job.id);
      if (known && isStale(job, known.job)) continue;
      this.views.set(job.id, { rate: null, etaSec: null, previewPath: null, ...known, job });
    }
    this.publish();
  }

  /** A status change; returns false for a job not known yet (the caller fetches it). */
  onState(event: EventPayload<'jobState'>): boolean {
    return this.change(event, (view) => ({
      ...view,
      job: {
        ...view.job,
        status: event.status,
        error: event.status === 'failed' || event.status === 'interrupted' ? event.message : view.job.error,
        progress: event.status === 'done' ? 1 : view.job.progress,
      },
      ...(isActive(event.status) ? {} : { rate: null, etaSec: null }),
    }));
  }

  onProgress(event: EventPayload<'jobProgress'>): boolean {
    return this.change(event, (view) => ({
      ...view,
      job: {
        ...view.job,
        status: view.job.status === 'queued' ? 'running' : view.job.status,
        step: event.step,
        total: event.total,
        progress: event.total > 0 ? event.step / event.total : 0,
        message: event.message ?? view.job.message,
      },
      rate: event.rate,
      etaSec: event.etaSec,
    }));
  }

  onPreview(event: EventPayload<'preview'>): boolean {
    return this.change(event, (view) => ({ ...view, previewPath: event.imagePath }));
  }

  private change(event: { projectId: string; jobId: number }, next: (view: JobView) => JobView): boolean {
    if (event.projectId !== this.projectId) return true;
    const view = this.views.get(event.jobId);
    if (!view) return false;
    this.views.set(event.jobId, next(view));
    this.publish();
    return true;
  }

  private publish(): void {
    this.set(ordered(this.views.values()));
  }
}
