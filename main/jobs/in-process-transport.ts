/**
 * The engine in the host's own process: the same EngineCore and the same messages, passed as
 * structured clones on the next turn of the event loop so that the host sees exactly what a
 * child process would send (and a result that cannot be cloned fails the same way). For the
 * CLI's simple paths and fast tests. A runner that blocks the thread blocks the host too, and
 * `kill()` can only abort a runner, not stop one that ignores its signal.
 */
import { EngineCore, announceReady } from './engine-process';
import type { EngineMessage } from './protocol';
import { RUNNER_MODULES } from './runner-modules';
import { TransportEvents, type EngineFactory, type EngineTransport } from './transport';

/** How to start in-process engines. */
export interface InProcessEngineOptions {
  /** Absolute paths of the modules that register runners; the app's own list by default. */
  runnerModules?: readonly string[];
}

/** An EngineFactory whose engines run in this process. */
export function inProcessEngine(options: InProcessEngineOptions = {}): EngineFactory {
  return () => startInProcess(options.runnerModules ?? RUNNER_MODULES);
}

function startInProcess(runnerModules: readonly string[]): EngineTransport {
  const events = new TransportEvents();
  const toHost = (message: EngineMessage) => {
    if (events.exited) return;
    const copy = structuredClone(message);
    setImmediate(() => events.message(copy));
  };
  const core = new EngineCore(toHost, { onShutdown: () => events.exit({ code: 0, signal: null }) });
  void announceReady(toHost, runnerModules).then((ready) => {
    if (!ready) setImmediate(() => events.exit({ code: 1, signal: null }));
  });
  return {
    pid: process.pid,
    send(message) {
      if (events.exited) return;
      const copy = structuredClone(message);
      setImmediate(() => {
        if (!events.exited) core.handle(copy);
      });
    },
    onMessage: (listener) => events.onMessage(listener),
    onExit: (listener) => events.onExit(listener),
    kill() {
      if (events.exited) return;
      void core.stop();
      events.exit({ code: null, signal: 'SIGKILL' });
    },
  };
}
