/**
 * The engine in an Electron utilityProcess (engine.md, "Backends"): tfjs-node blocks the thread
 * it runs on and must not share the main process's heap, so each engine is its own Node process
 * started by Chromium's service launcher. The job host starts one on demand through this
 * factory and another after one dies; it then runs the interrupted job again.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { EngineFactory } from '../../jobs/index';
import { portTransport, type EngineProcess, type OutputSink } from './port-transport';

/** How engines are started. */
export interface UtilityEngineOptions {
  /** The bundled engine entry (out/main/engine.cjs). */
  entry: string;
  /** Environment of the engine, e.g. LONGSHOT_BACKEND to force a tfjs backend. */
  env?: NodeJS.ProcessEnv;
  /** Where the engine's console output goes. */
  output: OutputSink;
}

function asEngineProcess(child: UtilityProcess): EngineProcess {
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    // A utility process reports only its exit code; a crash or kill shows as a non-zero code.
    onExit: (listener) => child.once('exit', (code) => listener({ code, signal: null })),
    kill: () => {
      child.kill();
    },
    stdout: child.stdout as EngineProcess['stdout'],
    stderr: child.stderr as EngineProcess['stderr'],
  };
}

/** An EngineFactory that forks a fresh utility process for each engine. */
export function utilityProcessEngine(options: UtilityEngineOptions): EngineFactory {
  return () => {
    const child = utilityProcess.fork(options.entry, [], {
      serviceName: 'Longshot engine',
      stdio: 'pipe',
      env: options.env ?? process.env,
    });
    return portTransport(asEngineProcess(child), options.output);
  };
}
