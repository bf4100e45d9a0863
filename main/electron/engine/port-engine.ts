/**
 * The engine's side of a message port (the `process.parentPort` of an Electron utilityProcess):
 * the job host's EngineCore, fed with the data of each port message, sending its own messages
 * back as structured clones. The engine needs no orphan watch here: a utility process is ended
 * by Electron when the app's main process goes.
 */
import { EngineCore, announceReady, type EngineSend } from '../../jobs/index';

/** The part of Electron's ParentPort the engine uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * Runs an engine on `port`: loads `runnerModules` (none in the bundled app, whose runners are
 * built in), says ready, then serves the host until it says `shutdown`. `exit` ends the process.
 */
export async function runPortEngine(port: ParentPortLike, runnerModules: readonly string[], exit: (code: number) => void): Promise<void> {
  // postMessage throws for a value that cannot be cloned; EngineCore reports that as a job error.
  const send: EngineSend = (message) => port.postMessage(message);
  const core = new EngineCore(send, { onShutdown: () => exit(0) });
  port.on('message', (event) => core.handle(event.data));
  if (!(await announceReady(send, runnerModules))) exit(1);
}
