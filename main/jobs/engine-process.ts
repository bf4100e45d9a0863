/**
 * The engine side of the job protocol. `EngineCore` runs one job at a time: it takes `start`,
 * `cancel` and `shutdown` messages, looks up the runner of the job's kind, hands it a
 * RunnerContext and reports progress, previews, artifacts, logs and the outcome as messages.
 * It answers `call`s at once, beside the running job (engine-calls.ts says why). It
 * knows nothing of how messages travel: `runEngineChild` wires it to a Node child process's IPC
 * channel, and the in-process transport wires it to plain function calls.
 */
import { Coalescer } from './coalescer';
import { answerCall } from './engine-calls';
import { JobCancelledError, JobError, codeOf, messageOf } from './errors';
import { ProgressMeter } from './progress-meter';
import { parseHostMessage, type EngineMessage, type HostMessage, type LogLevel } from './protocol';
import { findRunner, loadRunnerModules, registeredKinds, setUpBackend, type RunnerContext } from './runners';

/** How the core sends a message; it may throw (e.g. a result that cannot be cloned). */
export type EngineSend = (message: EngineMessage) => void;

/** Tuning of an EngineCore. */
export interface EngineCoreOptions {
  /** Least time between two progress messages of a job; the newest report always gets through. */
  progressIntervalMs?: number;
  /** Called once a `shutdown` message has stopped the running job, if any. */
  onShutdown?: () => void;
}

/** How long an engine whose host has gone waits for its runner to stop before exiting anyway. */
const ORPHAN_GRACE_MS = 2_000;

type StartMessage = Extract<HostMessage, { type: 'start' }>;
type CallMessage = Extract<HostMessage, { type: 'call' }>;

interface RunningJob {
  readonly jobId: number;
  readonly controller: AbortController;
  readonly finished: Promise<void>;
}

/** Runs the jobs the host starts, one at a time. */
export class EngineCore {
  private current: RunningJob | undefined;
  private readonly progressIntervalMs: number;

  constructor(
    private readonly send: EngineSend,
    private readonly options: EngineCoreOptions = {},
  ) {
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
  }

  /** Handles one raw message from the host; a malformed one is reported in a log and dropped. */
  handle(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.safeSend({ type: 'log', level: 'warn', text: `engine dropped a malformed message: ${parsed.problem}` });
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'start':
        this.start(message);
        return;
      case 'cancel':
        if (this.current?.jobId === message.jobId) this.current.controller.abort();
        return;
      case 'shutdown':
        void this.stop().then(() => this.options.onShutdown?.());
        return;
      case 'call':
        void this.answer(message);
        return;
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled host message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Cancels the running job, if any, and resolves once it has ended. */
  async stop(): Promise<void> {
    const running = this.current;
    if (!running) return;
    running.controller.abort();
    await running.finished;
  }

  private start(message: StartMessage): void {
    if (this.current) {
      const busy = `job ${this.current.jobId} is still running in the engine`;
      this.safeSend({ type: 'error', jobId: message.jobId, code: 'busy', message: busy });
      return;
    }
    const controller = new AbortController();
    const finished = this.run(message, controller).finally(() => {
      this.current = undefined;
    });
    this.current = { jobId: message.jobId, controller, finished };
  }

  private async run(message: StartMessage, controller: AbortController): Promise<void> {
    const { jobId, kind } = message;
    const reporter = new ProgressReporter(jobId, this.progressIntervalMs, (m) => this.safeSend(m));
    try {
      const entry = findRunner(kind);
      if (!entry) throw new JobError('unknown_kind', `no runner for job kind '${kind}' in the engine`);
      let params = message.params;
      if (entry.params) {
        const parsed = entry.params.safeParse(params);
        if (!parsed.success) {
          throw new JobError('bad_params', `bad params for '${kind}': ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        }
        params = parsed.data;
      }
      const ctx = this.context(message, params, controller.signal, reporter);
      const result = await entry.run(ctx);
      reporter.close();
      this.sendResult(jobId, result);
    } catch (error) {
      reporter.close();
      const code = controller.signal.aborted ? 'cancelled' : (codeOf(error) ?? 'runner_failed');
      const text = controller.signal.aborted ? new JobCancelledError(jobId).message : messageOf(error);
      this.safeSend({ type: 'error', jobId, code, message: text });
    }
  }

  private context(message: StartMessage, params: unknown, signal: AbortSignal, reporter: ProgressReporter): RunnerContext {
    const { jobId, kind, projectPath } = message;
    const live = (m: EngineMessage) => {
      // A runner that leaks calls past its own end must not report into the next job.
      if (!reporter.closed) this.safeSend(m);
    };
    return {
      jobId,
      kind,
      params,
      projectPath,
      signal,
      throwIfCancelled: () => {
        if (signal.aborted) throw new JobCancelledError(jobId);
      },
      progress: (step, total, text) => reporter.report(step, total, text),
      preview: (path) => live({ type: 'preview', jobId, path }),
      artifact: (artifactKind, path) => live({ type: 'artifact', jobId, kind: artifactKind, path }),
      log: (level: LogLevel, text) => live({ type: 'log', jobId, level, text }),
    };
  }

  /** Answers a call; a running job goes on in the gaps of its own awaits. */
  private async answer({ callId, method, params, projectPath }: CallMessage): Promise<void> {
    let result: unknown;
    try {
      result = await answerCall(method, params, projectPath);
    } catch (error) {
      this.safeSend({ type: 'call-error', callId, code: codeOf(error) ?? 'runner_failed', message: messageOf(error) });
      return;
    }
    try {
      this.send({ type: 'reply', callId, result });
    } catch (error) {
      this.safeSend({ type: 'call-error', callId, code: 'bad_result', message: `the answer could not be sent: ${messageOf(error)}` });
    }
  }

  private sendResult(jobId: number, result: unknown): void {
    try {
      this.send({ type: 'done', jobId, result });
    } catch (error) {
      const text = `the job's result could not be sent: ${messageOf(error)}`;
      this.safeSend({ type: 'error', jobId, code: 'bad_result', message: text });
    }
  }

  /** Sends, ignoring a closed channel: the host notices a dead link through the exit instead. */
  private safeSend(message: EngineMessage): void {
    try {
      this.send(message);
    } catch {
      // The channel is gone; there is no one left to tell.
    }
  }
}

/** Turns a job's progress reports into at most one message per interval. */
class ProgressReporter {
  private readonly meter = new ProgressMeter();
  private readonly messages: Coalescer<EngineMessage>;
  closed = false;

  constructor(
    private readonly jobId: number,
    intervalMs: number,
    send: (message: EngineMessage) => void,
  ) {
    this.messages = new Coalescer(intervalMs, send);
  }

  report(step: number, total: number, message?: string): void {
    if (this.closed) return;
    const estimate = this.meter.update(step, total);
    const progress: EngineMessage = {
      type: 'progress',
      jobId: this.jobId,
      step: Math.max(0, Math.floor(step)),
      total: Math.max(0, Math.floor(total)),
      ...estimate,
      ...(message === undefined ? {} : { message }),
    };
    // The last step goes out at once, so the host never shows a finished job at 99%.
    this.messages.push(progress, total > 0 && step >= total);
  }

  /** Sends the newest report and stops reporting: the job has ended. */
  close(): void {
    this.messages.flush();
    this.closed = true;
  }
}

/**
 * The entry of an engine child process (started by engine-bootstrap.mjs with an IPC channel):
 * imports the runner modules named in `modules`, answers host messages, says `ready`, and exits
 * when the host says `shutdown` or goes away, so an engine never outlives its host.
 */
export async function runEngineChild(modules: string[]): Promise<void> {
  const channel = process.send?.bind(process);
  if (!channel) throw new Error('the engine process must be started with an IPC channel');
  const send: EngineSend = (message) => {
    // Serialisation errors throw here; a closed channel is reported to the callback and ignored.
    channel(message, undefined, {}, () => undefined);
  };
  const core = new EngineCore(send, { onShutdown: () => process.exit(0) });
  process.on('message', (raw) => core.handle(raw));
  process.on('disconnect', () => {
    // The host is gone (it quit or crashed): stop, and do not wait long for a runner that
    // ignores its signal, so an engine never lingers as an orphan.
    setTimeout(() => process.exit(0), ORPHAN_GRACE_MS).unref();
    void core.stop().then(() => process.exit(0));
  });
  if (!(await announceReady(send, modules))) process.exit(1);
}

/**
 * The start-up every engine shares, whatever carries its messages: loads the runner modules,
 * sets up the backend and sends `ready`. On failure it sends an error `log` saying why and
 * returns false; the caller then ends the engine.
 */
export async function announceReady(send: EngineSend, modules: readonly string[]): Promise<boolean> {
  try {
    await loadRunnerModules(modules);
    const backend = await setUpBackend();
    send({ type: 'ready', pid: process.pid, backend, kinds: registeredKinds() });
    return true;
  } catch (error) {
    send({ type: 'log', level: 'error', text: `engine failed to start: ${messageOf(error)}` });
    return false;
  }
}
