/**
 * The job host behind `longshot render`, `export` and `demo`: one project attached to a host
 * whose engine is a child process (as in the app), with the generate and export runners loaded
 * besides the app's own. A job is followed to its end with a progress bar (redrawn in place on
 * a terminal; a line every tenth of the way elsewhere), warnings printed above it, and Ctrl-C
 * cancelling it within one step. Jobs a crash left behind run first and resume by themselves.
 */
import { fileURLToPath } from 'node:url';
import { JobHost, nodeChildEngine, RUNNER_MODULES, type JobHostListener } from '../../jobs/index';
import { closeProject, type Job, type JobKind, type JsonValue, type Project } from '../../project/index';
import { CliError, type CommandIo } from '../command';
import { ProgressBar } from './generate-progress';
import { openForWriting } from './open-writer';
import { formatDuration } from './train-progress';

const runner = (file: string): string => fileURLToPath(new URL(`../../jobs/runners/${file}`, import.meta.url));

/** Runner modules of a render engine: the app's, plus generate and export for sure. */
export const RENDER_RUNNERS: readonly string[] = [...new Set([...RUNNER_MODULES, runner('generate.ts'), runner('export.ts')])];

/**
 * Waits for job `jobId` of the project at `projectPath` to end, handing every event of the host
 * to `onEvent` meanwhile. Aborting `signal` (Ctrl-C) cancels the job, which then ends as
 * 'cancelled' within one step; an already aborted signal cancels it at once.
 */
export async function followJob(host: JobHost, projectPath: string, jobId: number, signal: AbortSignal, onEvent: JobHostListener): Promise<Job> {
  if (signal.aborted) await host.cancel(projectPath, jobId);
  const stop = host.subscribe(onEvent);
  const cancel = (): void => void host.cancel(projectPath, jobId).catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await host.waitFor(projectPath, jobId);
  } finally {
    signal.removeEventListener('abort', cancel);
    stop();
  }
}

/** How a session starts its engine. */
export interface SessionOptions {
  /** The command that writes the project, as the write lease names it (default 'longshot render'). */
  command?: string;
  /** Forces the engine's backend (LONGSHOT_BACKEND), e.g. to re-render on the backend of an export. */
  backend?: string;
}

/** A project attached to a job host for the length of one command. */
export class RenderSession {
  private readonly bar: ProgressBar;

  private constructor(
    readonly project: Project,
    readonly host: JobHost,
    private readonly io: CommandIo,
  ) {
    this.bar = new ProgressBar(io);
  }

  /**
   * Opens the project to write it (refused with exit code 75 while another process writes it,
   * see open-writer.ts) and attaches it; jobs a crash interrupted are announced and queued first.
   */
  static open(projectPath: string, io: CommandIo, options: SessionOptions = {}): RenderSession {
    const project = openForWriting(projectPath, options.command ?? 'longshot render', io.out);
    const env = options.backend === undefined ? undefined : { ...process.env, LONGSHOT_BACKEND: options.backend };
    const host = new JobHost({ engine: nodeChildEngine({ runnerModules: RENDER_RUNNERS, ...(env ? { env } : {}) }) });
    const session = new RenderSession(project, host, io);
    try {
      for (const job of host.attach(project)) session.say(`job ${job.id} (${job.kind}) was stopped by a crash: it runs first`);
    } catch (error) {
      void session.close();
      throw error;
    }
    return session;
  }

  /** Prints a line above the progress bar. */
  say(line: string): void {
    this.bar.line(line);
  }

  /** Queues a job and follows it to its end; returns its result. */
  run(kind: JobKind, params: JsonValue, label: string): Promise<unknown> {
    return this.follow(this.host.enqueue(this.project.path, { kind, params }).id, label);
  }

  /**
   * Follows job `jobId` to its end and returns its result. Throws CliError when it fails, and
   * with exit code 130 when it is cancelled (Ctrl-C).
   */
  async follow(jobId: number, label: string): Promise<unknown> {
    const terminal = process.stdout.isTTY === true;
    let decile = -1;
    let result: unknown;
    const onEvent: JobHostListener = (event) => {
      switch (event.type) {
        case 'progress': {
          if (event.jobId !== jobId) return;
          const message = `${label}: ${event.message ?? `${event.step}/${event.total}`}`;
          const tenth = event.total > 0 ? Math.floor((10 * event.step) / event.total) : 0;
          if (terminal) this.bar.update({ ...event, message });
          else if (tenth !== decile) this.say(`  ${String(tenth * 10).padStart(3)}%  ${message}${event.etaSec === null ? '' : `  eta ${formatDuration(event.etaSec)}`}`);
          decile = tenth;
          return;
        }
        case 'started':
          if (event.job.id !== jobId) this.say(`job ${event.job.id} (${event.job.kind}) of this project runs first`);
          return;
        case 'log':
          if (event.level === 'warn' || event.level === 'error') this.say(`${event.level}: ${event.text}`);
          return;
        case 'finished':
          if (event.job.id === jobId) result = event.result;
          return;
        default:
          return;
      }
    };
    try {
      const ended = await followJob(this.host, this.project.path, jobId, this.io.signal, onEvent);
      switch (ended.status) {
        case 'done':
          return result;
        case 'cancelled':
          throw new CliError(`${label} cancelled; what is finished is saved, and running the same command again resumes it`, 130);
        case 'failed':
          throw new CliError(`${label} failed: ${ended.error ?? 'unknown error'}`);
        default:
          throw new CliError(`${label} stopped as '${ended.status}'`);
      }
    } finally {
      this.bar.clear();
    }
  }

  /** Stops the host (a job still running is left to resume) and closes the project. */
  async close(): Promise<void> {
    try {
      await this.host.close();
    } finally {
      if (this.project.db.open) closeProject(this.project);
    }
  }
}
