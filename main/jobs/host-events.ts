/**
 * What the job host tells its subscribers (the services layer forwards these to the UI). Every
 * job event names its project, since one host serves every open project.
 */
import type { Job } from '../project/index';
import type { BackendInfo, LogLevel } from './protocol';
import type { EngineExit } from './transport';

/** How a job ended for good. */
export type FinalStatus = 'done' | 'failed' | 'cancelled';

/** One event of the job host. */
export type JobHostEvent =
  | { type: 'queued'; projectPath: string; job: Job }
  | { type: 'started'; projectPath: string; job: Job; resumed: boolean }
  | {
      type: 'progress';
      projectPath: string;
      jobId: number;
      step: number;
      total: number;
      /** Steps per second; null until a step has been timed. */
      rate: number | null;
      /** Seconds left; null until a couple of steps have been timed. */
      etaSec: number | null;
      message?: string;
    }
  | { type: 'preview'; projectPath: string; jobId: number; path: string }
  | { type: 'artifact'; projectPath: string; jobId: number; kind: string; path: string }
  | { type: 'log'; projectPath?: string; jobId?: number; level: LogLevel; text: string }
  | {
      type: 'finished';
      projectPath: string;
      job: Job;
      status: FinalStatus;
      /** The runner's result, for 'done'. */
      result?: unknown;
      /** Why, for 'failed' (and 'cancelled', code 'cancelled'). */
      error?: { code: string; message: string };
    }
  /** The job stopped without ending (engine crash, host closing); it will be run again. */
  | { type: 'interrupted'; projectPath: string; job: Job; reason: string }
  | { type: 'engine-ready'; pid: number; backend: BackendInfo; kinds: string[] }
  | { type: 'engine-exited'; pid: number; exit: EngineExit };

/** A subscriber; what it throws is caught so one bad subscriber cannot stop the host. */
export type JobHostListener = (event: JobHostEvent) => void;

/** The subscriber list of a host. */
export class HostEmitter {
  private readonly listeners = new Set<JobHostListener>();

  /** Adds a listener and returns the function that removes it. */
  subscribe(listener: JobHostListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Emits a `log` event, naming the project and job when there are some. */
  log(level: LogLevel, text: string, projectPath?: string, jobId?: number): void {
    this.emit({ type: 'log', level, text, ...(projectPath ? { projectPath } : {}), ...(jobId === undefined ? {} : { jobId }) });
  }

  emit(event: JobHostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A subscriber's bug is not the job's failure; report it where people look.
        console.error('job host subscriber failed:', error);
      }
    }
  }
}
