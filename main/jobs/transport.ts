/**
 * How the job host reaches an engine. The host only needs these four operations, so the engine
 * can live in a Node child process (node-transport.ts), in the host's own process
 * (in-process-transport.ts), or in an Electron utilityProcess (main/electron supplies that one).
 * Incoming messages are handed over raw (`unknown`): the host validates every one.
 */
import type { HostMessage } from './protocol';

/** How an engine ended: an exit code, or the signal that killed it. */
export interface EngineExit {
  code: number | null;
  signal: string | null;
}

/** One running engine; a dead one is replaced by a new one from the EngineFactory. */
export interface EngineTransport {
  /** The OS process the engine runs in, recorded with the running job to tell a crash later. */
  readonly pid: number;
  /** Sends a message; silently dropped once the engine is gone (the exit says so). */
  send(message: HostMessage): void;
  onMessage(listener: (raw: unknown) => void): void;
  /** Called once, when the engine has ended for any reason. */
  onExit(listener: (exit: EngineExit) => void): void;
  /** Ends the engine at once, without letting the running job finish. */
  kill(): void;
}

/** Starts a new engine; the host calls it on demand and again after a crash. */
export type EngineFactory = () => EngineTransport;

/**
 * The listener bookkeeping every transport needs: message listeners, and exit listeners that
 * fire exactly once (a listener added after the exit is called at once).
 */
export class TransportEvents {
  private readonly messageListeners: ((raw: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: EngineExit) => void)[] = [];
  private exitResult: EngineExit | undefined;

  /** True once the engine has ended. */
  get exited(): boolean {
    return this.exitResult !== undefined;
  }

  onMessage(listener: (raw: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (exit: EngineExit) => void): void {
    if (this.exitResult) listener(this.exitResult);
    else this.exitListeners.push(listener);
  }

  /** Hands a message to the listeners, unless the engine has already ended. */
  message(raw: unknown): void {
    if (this.exitResult) return;
    for (const listener of this.messageListeners) listener(raw);
  }

  /** Records the end of the engine; only the first call counts. */
  exit(result: EngineExit): void {
    if (this.exitResult) return;
    this.exitResult = result;
    for (const listener of this.exitListeners) listener(result);
  }
}
