/** The shapes a job host is built from: the projects it serves and its options. */
import type { Db } from '../project/index';
import type { EngineFactory } from './transport';

/** What the host needs of an open project; main/project's `Project` is one. */
export interface HostProject {
  /** The project folder; it is the project's key in every host call. */
  readonly path: string;
  readonly db: Db;
}

/** How a job host runs. */
export interface JobHostOptions {
  /** Starts engines: nodeChildEngine(), inProcessEngine(), or the Electron utilityProcess one. */
  engine: EngineFactory;
  /** How long a cancelled job may take to stop before its engine is killed (ms, default 5000). */
  cancelGraceMs?: number;
  /** How long `close()` waits for the engine to exit before killing it (ms, default 5000). */
  shutdownGraceMs?: number;
  /** How long a new engine may take to say it is ready (ms, default 60000). */
  readyTimeoutMs?: number;
  /** Least time between two progress writes of a job to SQLite (ms, default 250). */
  progressWriteMs?: number;
  /** A job that takes the engine down this many times in a row fails as 'engine_crashed' (default 3). */
  maxEngineCrashes?: number;
}
