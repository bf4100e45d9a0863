/**
 * Writes a running job's progress to its row through a Coalescer: the engine may report many
 * times a second, and each write is a SQLite transaction.
 */
import { updateJobProgress, type Db, type JobProgress } from '../project/index';
import { Coalescer } from './coalescer';
import { messageOf } from './errors';

/** Throttled progress writes of one job. */
export class ProgressWriter {
  private readonly writes: Coalescer<JobProgress>;

  constructor(
    db: Db,
    jobId: number,
    intervalMs: number,
    /** Told when a write fails; progress is not worth failing a job over. */
    warn: (text: string) => void,
  ) {
    this.writes = new Coalescer(intervalMs, (report) => {
      try {
        updateJobProgress(db, jobId, report);
      } catch (error) {
        warn(`could not save the progress of job ${jobId}: ${messageOf(error)}`);
      }
    });
  }

  /** Records `step` of `total`; written now or within one interval. */
  report(step: number, total: number, message?: string): void {
    const progress = total > 0 ? Math.min(1, step / total) : 0;
    this.writes.push({ progress, step, total, ...(message === undefined ? {} : { message }) });
  }

  /** Writes the newest report now, if there is one not yet written. */
  flush(): void {
    this.writes.flush();
  }
}
