/**
 * The host's side of an engine that talks over a message port (an Electron utilityProcess): the
 * job host's EngineTransport built on a small process handle. Electron's UtilityProcess is one
 * such handle (utility-engine.ts); a Node child process is another, which is how the protocol
 * is tested where Electron cannot run. Messages are structured clones both ways; the host
 * validates every incoming one, so this layer passes them on untouched.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { TransportEvents, type EngineExit, type EngineTransport } from '../../jobs/index';

/** What the transport needs of a running engine process. */
export interface EngineProcess {
  /** The OS process id; undefined until the process has spawned (or when it failed to). */
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  /** Called once when the process has ended. */
  onExit(listener: (exit: EngineExit) => void): void;
  kill(): void;
  /** The engine's console output (tfjs banners, stray prints), when piped. */
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
}

/** Where the engine's console output goes, one line at a time (the app log). */
export type OutputSink = (stream: 'stdout' | 'stderr', line: string) => void;

function drain(stream: Readable | null, name: 'stdout' | 'stderr', sink: OutputSink): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    if (line.trim() !== '') sink(name, line);
  });
}

/** An EngineTransport over `engine`; its console output goes to `sink`. */
export function portTransport(engine: EngineProcess, sink: OutputSink): EngineTransport {
  const events = new TransportEvents();
  engine.onMessage((data) => events.message(data));
  engine.onExit((exit) => events.exit(exit));
  drain(engine.stdout, 'stdout', sink);
  drain(engine.stderr, 'stderr', sink);
  return {
    // Read when a job starts, which is after the engine said it was ready, so it has spawned.
    get pid() {
      return engine.pid ?? -1;
    },
    send(message) {
      if (events.exited) return;
      try {
        engine.postMessage(message);
      } catch {
        // The port closed under us: the exit that follows tells the host.
        engine.kill();
      }
    },
    onMessage: (listener) => events.onMessage(listener),
    onExit: (listener) => events.onExit(listener),
    kill() {
      if (!events.exited) engine.kill();
    },
  };
}
