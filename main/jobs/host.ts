/**
 * The job host: the queue of every open project, run one heavy job at a time in an engine
 * process. The queue lives in each project's `jobs` table (enqueue = a 'queued' row), so it
 * survives a crash; queue.ts picks the next job. The engine is started on demand and again after it dies; a job its death
 * interrupted is run again, and its runner resumes from its own last chunk or checkpoint.
 * Quick calls that need the engine but are not jobs (memory inspection) go to the same engine
 * and are answered beside the running job (engine-calls.ts).
 */
import { createJob, finishJob, getJob, recoverJobs, startJob, type Job, type JobInput } from '../project/index';
import type { EngineCallParams, EngineCallResults } from './engine-calls';
import { EngineLink, type EngineReady } from './engine-link';
import { JobError, messageOf } from './errors';
import { PendingCalls } from './host-calls';
import { HostEmitter, type FinalStatus, type JobHostListener } from './host-events';
import type { HostProject, JobHostOptions } from './host-types';
import { JobWaiters, jobKey } from './job-waiters';
import type { EngineCallMethod, EngineMessage } from './protocol';
import { pickNextJob } from './queue';
import { RunningJob, type RunEnd } from './running-job';
import type { EngineExit } from './transport';

const FINAL: readonly string[] = ['done', 'failed', 'cancelled'] satisfies FinalStatus[];

/** The refusal for a job that is 'running' but not in this host: another process runs it. */
function runElsewhere(job: Job): JobError {
  return new JobError('busy', `job ${job.id} is being run by another process (engine pid ${job.runnerPid ?? 'unknown'}); only that process can follow it`);
}

/** Runs the jobs of every attached project, one at a time. */
export class JobHost {
  private readonly emitter = new HostEmitter();
  private readonly waiters = new JobWaiters();
  private readonly calls = new PendingCalls();
  private readonly projects = new Map<string, HostProject>();
  /** Engine deaths in a row per job (jobKey), to stop a job that crashes every engine. */
  private readonly crashes = new Map<string, number>();
  /** Jobs the host could not start (store failures): skipped so the queue does not spin on them. */
  private readonly unstartable = new Set<string>();
  private readonly options: Required<Omit<JobHostOptions, 'engine'>>;
  private engine: EngineLink | undefined;
  /** The engine being started, shared by a job launch and calls that need it at the same time. */
  private starting: Promise<EngineLink> | undefined;
  /** The engine being shut down on purpose: its messages and its exit end no job. */
  private stopping: EngineLink | undefined;
  private current: RunningJob | undefined;
  private launching: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly config: JobHostOptions) {
    this.options = {
      cancelGraceMs: config.cancelGraceMs ?? 5_000,
      shutdownGraceMs: config.shutdownGraceMs ?? 5_000,
      readyTimeoutMs: config.readyTimeoutMs ?? 60_000,
      progressWriteMs: config.progressWriteMs ?? 250,
      maxEngineCrashes: config.maxEngineCrashes ?? 3,
    };
    this.emitter.subscribe((event) => {
      if (event.type === 'finished') this.waiters.settle(event.projectPath, event.job);
    });
  }

  /** Adds a listener for every host event; returns the function that removes it. */
  subscribe(listener: JobHostListener): () => void {
    return this.emitter.subscribe(listener);
  }

  /**
   * Serves a project from now on: recovers its jobs left running by a crash (they become
   * 'interrupted' and run again first) and starts its queue. Returns the recovered jobs.
   */
  attach(project: HostProject): Job[] {
    this.assertOpen();
    this.projects.set(project.path, project);
    return this.recover(project.path);
  }

  /**
   * Finds the jobs of attached projects (or of one) left 'running' by a process that is gone,
   * marks them 'interrupted' so they run again, and starts the queue. Returns them.
   */
  recover(projectPath?: string): Job[] {
    this.assertOpen();
    const projects = projectPath === undefined ? [...this.projects.values()] : [this.project(projectPath)];
    const recovered = projects.flatMap((project) => this.markInterrupted(project, 'stopped by a crash or quit'));
    this.pump();
    return recovered;
  }

  /** Stops serving a project; its running job, if any, is stopped and left to resume later. */
  async detach(projectPath: string): Promise<void> {
    const project = this.project(projectPath);
    if (this.current?.project === project) await this.stopEngine('the project was closed');
    this.projects.delete(projectPath);
    this.waiters.reject('the project was closed', projectPath);
    this.pump();
  }

  /** Queues a job in a project and returns its row. */
  enqueue(projectPath: string, input: JobInput): Job {
    this.assertOpen();
    const job = createJob(this.project(projectPath).db, input);
    this.emitter.emit({ type: 'queued', projectPath, job });
    this.pump();
    return job;
  }

  /**
   * Cancels a job: a waiting one at once, the running one by asking its runner to stop (it is
   * killed with its engine after `cancelGraceMs`). Resolves with the job's final row.
   */
  async cancel(projectPath: string, jobId: number): Promise<Job> {
    const project = this.project(projectPath);
    const run = this.current;
    if (run && run.project === project && run.job.id === jobId) {
      run.cancel(this.options.cancelGraceMs);
      return this.waitFor(projectPath, jobId);
    }
    const job = getJob(project.db, jobId);
    if (job.status === 'queued' || job.status === 'interrupted') return this.end(project, job.id, { outcome: { status: 'cancelled' } });
    if (job.status === 'running') throw new JobError('busy', `job ${jobId} is running in another process (${job.runnerPid})`);
    return job;
  }

  /**
   * Resolves with the job's row once it is done, failed or cancelled. A job that another host
   * runs (another process writing the same project) is refused at once: only the host running
   * a job learns that it ended, so waiting for it here would never end.
   */
  async waitFor(projectPath: string, jobId: number): Promise<Job> {
    const job = getJob(this.project(projectPath).db, jobId);
    if (FINAL.includes(job.status)) return job;
    const mine = this.current?.project.path === projectPath && this.current.job.id === jobId;
    if (job.status === 'running' && !mine) throw runElsewhere(job);
    return this.waiters.wait(projectPath, jobId);
  }

  /**
   * Asks the engine a quick question about an attached project (engine-calls.ts), starting the
   * engine if none runs. It is answered beside the running job, not after it. Rejects with a
   * JobError carrying the engine's code ('no_history', 'bad_params'...), or 'engine_exited'.
   */
  async call<M extends EngineCallMethod>(projectPath: string, method: M, params: EngineCallParams[M]): Promise<EngineCallResults[M]> {
    this.assertOpen();
    this.project(projectPath);
    const link = await this.ensureEngine();
    return (await this.calls.ask(link, method, params, projectPath)) as EngineCallResults[M];
  }

  /** The job running now, if any. */
  get running(): { projectPath: string; jobId: number } | undefined {
    return this.current && { projectPath: this.current.project.path, jobId: this.current.job.id };
  }

  /** What the engine reported when it started, while one is running. */
  get engineInfo(): EngineReady | undefined {
    return this.engine?.ready;
  }

  /**
   * Stops the host: the running job is stopped and left 'interrupted' to resume at the next
   * start, the engine is ended (killed after `shutdownGraceMs`), waits are rejected.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.launching;
      await this.starting?.catch(() => undefined);
      await this.stopEngine('the app was closed');
      this.waiters.reject('the job host was closed');
      this.projects.clear();
    })();
    return this.closing;
  }

  /** Starts the next job when nothing runs; called after every change of the queue. */
  private pump(): void {
    if (this.closing || this.current || this.launching) return;
    const next = this.guarded(() => pickNextJob(this.projects.values(), this.unstartable));
    if (!next) return;
    const { project, job } = next;
    this.launching = this.launch(project, job)
      .catch((error: unknown) => {
        this.unstartable.add(jobKey(project.path, job.id));
        const message = `could not start job ${job.id}: ${messageOf(error)}`;
        this.emitter.log('error', message, project.path, job.id);
        // Nothing here will end the job now, so whoever waits for it is told instead.
        this.waiters.fail(project.path, job.id, new JobError('unstartable', message, { cause: error }));
      })
      .finally(() => {
        this.launching = undefined;
        this.pump();
      });
  }

  private async launch(project: HostProject, job: Job): Promise<void> {
    let link: EngineLink;
    try {
      link = await this.ensureEngine();
    } catch (error) {
      if (this.closing || this.endedElsewhere(project, job.id)) return;
      // Only a started job may fail (the store's status arrows); it never reached an engine.
      startJob(project.db, job.id, process.pid);
      const message = messageOf(error);
      this.end(project, job.id, { outcome: { status: 'failed', error: message }, error: { code: 'engine_start_failed', message } });
      return;
    }
    if (this.closing || !this.projects.has(project.path) || this.endedElsewhere(project, job.id)) return;
    const waiting = getJob(project.db, job.id);
    if (waiting.status === 'running') throw runElsewhere(waiting);
    const started = startJob(project.db, job.id, link.pid);
    this.current = new RunningJob(project, started, link, this.options.progressWriteMs, this.emitter);
    this.emitter.emit({ type: 'started', projectPath: project.path, job: started, resumed: waiting.status === 'interrupted' });
    link.send({ type: 'start', jobId: job.id, kind: job.kind, params: job.params, projectPath: project.path });
  }

  /**
   * Whether the job ended while the engine started (cancelled here, or run by another process
   * writing the project); its waiters then learn it from its row, as no event of ours will say.
   */
  private endedElsewhere(project: HostProject, jobId: number): boolean {
    const job = getJob(project.db, jobId);
    if (!FINAL.includes(job.status)) return false;
    this.waiters.settle(project.path, job);
    return true;
  }

  private ensureEngine(): Promise<EngineLink> {
    if (this.engine) return Promise.resolve(this.engine);
    this.starting ??= this.startEngine().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startEngine(): Promise<EngineLink> {
    const self: { link?: EngineLink } = {};
    const link = await EngineLink.start(
      this.config.engine,
      {
        message: (message) => this.guarded(() => this.onMessage(message, self.link)),
        dropped: (problem) => this.emitter.log('warn', `dropped a malformed engine message: ${problem}`),
        exit: (exit) => this.guarded(() => this.onExit(link, exit)),
      },
      this.options.readyTimeoutMs,
    );
    self.link = link;
    this.engine = link;
    const { pid, backend, kinds } = link.ready;
    this.emitter.emit({ type: 'engine-ready', pid, backend, kinds });
    return link;
  }

  private onMessage(message: Exclude<EngineMessage, EngineReady>, from: EngineLink | undefined): void {
    if (message.type === 'reply' || message.type === 'call-error') {
      this.calls.settle(message, from);
      return;
    }
    const run = this.current;
    const mine = run !== undefined && run.link === from && from !== this.stopping && message.jobId === run.job.id;
    if (message.type === 'log') {
      this.emitter.log(message.level, message.text, mine ? run.project.path : undefined, message.jobId);
    } else if (!mine) {
      this.emitter.log('debug', `ignored '${message.type}' for job ${message.jobId}, which is not running`);
    } else {
      const end = run.handle(message);
      if (end) this.settle(run, end);
    }
  }

  private onExit(link: EngineLink, exit: EngineExit): void {
    if (this.engine === link) this.engine = undefined;
    this.emitter.emit({ type: 'engine-exited', pid: link.pid, exit });
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    this.calls.engineEnded(link, how);
    if (link === this.stopping) return;
    const run = this.current;
    if (!run || run.link !== link) {
      this.pump();
      return;
    }
    if (run.cancelling) {
      const message = `job ${run.job.id} did not stop in time and was killed`;
      this.settle(run, { outcome: { status: 'cancelled' }, error: { code: 'cancelled', message } });
      return;
    }
    const key = jobKey(run.project.path, run.job.id);
    const crashes = (this.crashes.get(key) ?? 0) + 1;
    this.crashes.set(key, crashes);
    if (crashes < this.options.maxEngineCrashes) {
      this.interrupt(run, `the engine ${how}`);
      this.pump();
      return;
    }
    const message = `the engine ${how} while running this job, ${crashes} times`;
    this.settle(run, { outcome: { status: 'failed', error: `engine_crashed: ${message}` }, error: { code: 'engine_crashed', message } });
  }

  /** Ends the running job for good and starts the next one. */
  private settle(run: RunningJob, end: RunEnd): void {
    run.release();
    this.current = undefined;
    this.crashes.delete(jobKey(run.project.path, run.job.id));
    this.guarded(() => this.end(run.project, run.job.id, end));
    this.pump();
  }

  /** Records a final status and tells subscribers. */
  private end(project: HostProject, jobId: number, { outcome, error, result }: RunEnd): Job {
    const job = finishJob(project.db, jobId, outcome);
    const extra = { ...(error ? { error } : {}), ...(outcome.status === 'done' ? { result } : {}) };
    this.emitter.emit({ type: 'finished', projectPath: project.path, job, status: outcome.status, ...extra });
    return job;
  }

  /**
   * Runs a step of the host's own bookkeeping from an event handler, where a throw (a store
   * failure, a project closed under the host) would otherwise take down the whole app.
   */
  private guarded<T>(step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      this.emitter.log('error', `job host: ${messageOf(error)}`);
      return undefined;
    }
  }

  /** Leaves the running job 'interrupted' (its engine is gone) so that it runs again. */
  private interrupt(run: RunningJob, reason: string): void {
    run.release();
    this.current = undefined;
    this.guarded(() => this.markInterrupted(run.project, reason));
  }

  /** The store marks 'running' jobs whose process is gone as 'interrupted'; tell subscribers. */
  private markInterrupted(project: HostProject, reason: string): Job[] {
    const jobs = recoverJobs(project.db);
    for (const job of jobs) this.emitter.emit({ type: 'interrupted', projectPath: project.path, job, reason });
    return jobs;
  }

  /** Stops the engine and leaves its job, if any, to resume later. */
  private async stopEngine(reason: string): Promise<void> {
    const link = this.engine;
    const run = this.current;
    if (!link) return;
    this.engine = undefined;
    // A job stopped here was not cancelled by the user: the engine's answer must not end it.
    this.stopping = link;
    await link.stop(this.options.shutdownGraceMs);
    this.stopping = undefined;
    if (run && run.link === link) this.interrupt(run, reason);
  }

  private project(projectPath: string): HostProject {
    const project = this.projects.get(projectPath);
    if (!project) throw new JobError('not_found', `the project ${projectPath} is not open in the job host`);
    return project;
  }

  private assertOpen(): void {
    if (this.closing) throw new JobError('closed', 'the job host is closed');
  }
}
