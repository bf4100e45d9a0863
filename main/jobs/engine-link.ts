/**
 * The host's side of one running engine: starts it through an EngineFactory, waits for its
 * `ready`, validates every message it sends (a malformed one is reported and dropped, never
 * trusted), and stops it: politely with `shutdown`, then by force after a grace period.
 */
import { JobError, messageOf } from './errors';
import { parseEngineMessage, type EngineMessage } from './protocol';
import type { EngineExit, EngineFactory, EngineTransport } from './transport';

/** The engine's `ready` message: its pid, backend and runner kinds. */
export type EngineReady = Extract<EngineMessage, { type: 'ready' }>;

/** What the host does with what an engine says. */
export interface EngineHandlers {
  /** A valid message other than `ready`. */
  message(message: Exclude<EngineMessage, EngineReady>): void;
  /** A message that failed validation and was dropped. */
  dropped(problem: string): void;
  /** The engine ended; not called for an engine that never became ready (start rejects instead). */
  exit(exit: EngineExit): void;
}

/** A started, ready engine. */
export class EngineLink {
  private readonly exitPromise: Promise<EngineExit>;

  private constructor(
    private readonly transport: EngineTransport,
    readonly ready: EngineReady,
    exited: Promise<EngineExit>,
  ) {
    this.exitPromise = exited;
  }

  /**
   * Starts an engine and resolves once it is ready; rejects with 'engine_start_failed' when it
   * exits first or is not ready within `readyTimeoutMs` (it is killed then).
   */
  static start(factory: EngineFactory, handlers: EngineHandlers, readyTimeoutMs: number): Promise<EngineLink> {
    return new Promise((resolve, reject) => {
      let transport: EngineTransport;
      try {
        transport = factory();
      } catch (error) {
        reject(new JobError('engine_start_failed', `the engine could not be started: ${messageOf(error)}`, { cause: error }));
        return;
      }
      let link: EngineLink | undefined;
      let lastError = '';
      const exited = new Promise<EngineExit>((resolveExit) => transport.onExit(resolveExit));
      const timer = setTimeout(() => {
        transport.kill();
        reject(new JobError('engine_start_failed', `the engine was not ready within ${readyTimeoutMs} ms${lastError}`));
      }, readyTimeoutMs);
      transport.onMessage((raw) => {
        const parsed = parseEngineMessage(raw);
        if (!parsed.ok) {
          handlers.dropped(parsed.problem);
          return;
        }
        const message = parsed.message;
        if (message.type === 'ready') {
          if (link) return;
          clearTimeout(timer);
          link = new EngineLink(transport, message, exited);
          resolve(link);
          return;
        }
        if (message.type === 'log' && message.level === 'error') lastError = `: ${message.text}`;
        handlers.message(message);
      });
      void exited.then((exit) => {
        if (link) {
          handlers.exit(exit);
          return;
        }
        clearTimeout(timer);
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        reject(new JobError('engine_start_failed', `the engine ${how} before it was ready${lastError}`));
      });
    });
  }

  /** The OS process of the engine. */
  get pid(): number {
    return this.transport.pid;
  }

  send(message: Parameters<EngineTransport['send']>[0]): void {
    this.transport.send(message);
  }

  /** Ends the engine at once. */
  kill(): void {
    this.transport.kill();
  }

  /** Resolves when the engine has ended. */
  exited(): Promise<EngineExit> {
    return this.exitPromise;
  }

  /** Asks the engine to stop its job and exit; kills it if it has not within `graceMs`. */
  async stop(graceMs: number): Promise<EngineExit> {
    this.transport.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.transport.kill(), graceMs);
    try {
      return await this.exitPromise;
    } finally {
      clearTimeout(timer);
    }
  }
}
