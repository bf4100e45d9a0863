/**
 * The job the host is running now: turns the engine's messages about it into host events,
 * throttled progress writes and, at the end, the outcome to record. Also holds its cancel
 * request and the timer that kills the engine when a cancel is not honoured in time.
 */
import type { Job, JobOutcome } from '../project/index';
import type { EngineLink } from './engine-link';
import type { HostProject } from './host-types';
import type { HostEmitter } from './host-events';
import { ProgressWriter } from './progress-writer';
import type { EngineMessage } from './protocol';

/** A message about one job (everything but `ready`, `log` and the answers to calls). */
export type JobMessage = Exclude<EngineMessage, { type: 'ready' | 'log' | 'reply' | 'call-error' }>;

/** How a job ended: what to record, and what to tell subscribers. */
export interface RunEnd {
  outcome: JobOutcome;
  error?: { code: string; message: string };
  result?: unknown;
}

/** The job running in the engine now. */
export class RunningJob {
  readonly writer: ProgressWriter;
  private cancelTimer: NodeJS.Timeout | undefined;
  private cancelRequested = false;

  constructor(
    readonly project: HostProject,
    readonly job: Job,
    readonly link: EngineLink,
    progressWriteMs: number,
    private readonly events: HostEmitter,
  ) {
    this.writer = new ProgressWriter(project.db, job.id, progressWriteMs, (text) => events.log('warn', text, project.path, job.id));
  }

  /** True once the user asked to cancel this job. */
  get cancelling(): boolean {
    return this.cancelRequested;
  }

  /** Handles a message about this job; returns how it ended when the message says it did. */
  handle(message: JobMessage): RunEnd | undefined {
    const projectPath = this.project.path;
    const jobId = this.job.id;
    switch (message.type) {
      case 'progress':
        this.writer.report(message.step, message.total, message.message);
        this.events.emit({ ...message, projectPath });
        return undefined;
      case 'preview':
        this.events.emit({ type: 'preview', projectPath, jobId, path: message.path });
        return undefined;
      case 'artifact':
        this.events.emit({ type: 'artifact', projectPath, jobId, kind: message.kind, path: message.path });
        return undefined;
      case 'done':
        return { outcome: { status: 'done' }, result: message.result };
      case 'error': {
        const error = { code: message.code, message: message.message };
        if (message.code === 'cancelled') return { outcome: { status: 'cancelled' }, error };
        return { outcome: { status: 'failed', error: `${message.code}: ${message.message}` }, error };
      }
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled engine message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Asks the runner to stop; kills the engine if the job has not ended within `graceMs`. */
  cancel(graceMs: number): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.link.send({ type: 'cancel', jobId: this.job.id });
    this.cancelTimer = setTimeout(() => this.link.kill(), graceMs);
  }

  /** The job has left the engine: stop the cancel timer and write the newest progress. */
  release(): void {
    clearTimeout(this.cancelTimer);
    this.writer.flush();
  }
}
