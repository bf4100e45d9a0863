/**
 * The engine in a plain Node child process: `child_process.fork` of engine-bootstrap.mjs, which
 * registers tsx and runs engine-process.ts. Messages use the 'advanced' (structured clone)
 * serialisation, so typed arrays and Maps survive. The child's stdout and stderr (tfjs banners,
 * stray console output) come back as `log` messages instead of mixing into the host's output.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LogLevel } from './protocol';
import { RUNNER_MODULES } from './runner-modules';
import { TransportEvents, type EngineFactory, type EngineTransport } from './transport';

const BOOTSTRAP = fileURLToPath(new URL('./engine-bootstrap.mjs', import.meta.url));
/** Windows has no process groups to signal (and `detached` would open a console there). */
const GROUP_KILL = process.platform !== 'win32';

/** How to start engine child processes. */
export interface NodeEngineOptions {
  /** Absolute paths of the modules that register runners; the app's own list by default. */
  runnerModules?: readonly string[];
  /** Environment of the child (e.g. a forced tfjs backend); the host's own by default. */
  env?: NodeJS.ProcessEnv;
  /** Node flags of the child, e.g. ['--max-old-space-size=8192']; none by default. */
  execArgv?: string[];
}

/** An EngineFactory that forks a fresh Node child process for each engine. */
export function nodeChildEngine(options: NodeEngineOptions = {}): EngineFactory {
  return () => startChild(options);
}

function startChild(options: NodeEngineOptions): EngineTransport {
  const child = fork(BOOTSTRAP, [...(options.runnerModules ?? RUNNER_MODULES)], {
    serialization: 'advanced',
    // The host's own flags (a test runner's loaders, inspectors) must not leak into the engine.
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group, so that a kill also ends what a runner started (ffmpeg) and a
    // Ctrl+C in the terminal reaches the host, which decides, rather than the engine.
    detached: GROUP_KILL,
  });
  const events = new TransportEvents();
  const deliver = (raw: unknown) => events.message(raw);
  child.on('message', deliver);
  child.on('exit', (code, signal) => events.exit({ code, signal }));
  // A failed spawn reports 'error' and may never report 'exit'.
  child.on('error', () => {
    if (child.exitCode !== null || child.pid === undefined) events.exit({ code: child.exitCode ?? -1, signal: null });
  });
  forwardLines(child.stdout, 'info', deliver);
  forwardLines(child.stderr, 'warn', deliver);
  return {
    pid: child.pid ?? -1,
    send(message) {
      if (events.exited || !child.connected) return;
      child.send(message, (error) => {
        // A closed channel: the exit listener tells the host what happened.
        if (error) killTree(child);
      });
    },
    onMessage: (listener) => events.onMessage(listener),
    onExit: (listener) => events.onExit(listener),
    kill() {
      if (!events.exited) killTree(child);
    },
  };
}

function killTree(child: ChildProcess): void {
  if (GROUP_KILL && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is gone already; fall through to the child itself.
    }
  }
  child.kill('SIGKILL');
}

function forwardLines(stream: Readable | null, level: LogLevel, deliver: (raw: unknown) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => {
    if (text.trim() !== '') deliver({ type: 'log', level, text: `engine: ${text}` });
  });
}
