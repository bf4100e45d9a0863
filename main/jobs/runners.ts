/**
 * The runner registry of the engine process. A runner does the work of one job kind
 * ('generate', 'train', ...): a module calls `registerRunner(kind, runner)` when it is imported,
 * and the engine process looks the runner up by the kind of each `start` message.
 *
 * Runners own their resume: a runner that can be interrupted saves its own checkpoint or chunk
 * and, when started again with the same job id and params, continues from the newest complete
 * one. The engine only promises that an interrupted job is started again.
 */
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import type { JobKind } from '../project/jobs';
import type { BackendInfo, LogLevel } from './protocol';

/** What a runner gets for one job. */
export interface RunnerContext<P = unknown> {
  readonly jobId: number;
  readonly kind: JobKind;
  /** The job's params, parsed by the runner's schema when it registered one. */
  readonly params: P;
  /** The project folder (`NAME.longshot/`) the job belongs to. */
  readonly projectPath: string;
  /** Aborted when the job is cancelled; pass it to anything that accepts a signal. */
  readonly signal: AbortSignal;
  /** Throws a JobCancelledError once the job is cancelled; call it at every step. */
  throwIfCancelled(): void;
  /**
   * Reports that `step` of `total` steps are complete. Report the starting step first (0, or the
   * step resumed from) so the first step is timed; rate and ETA are learned from the reports.
   * Reports are coalesced before they cross to the host, so calling this every step is cheap.
   */
  progress(step: number, total: number, message?: string): void;
  /** Announces a preview image or clip written to `path`. */
  preview(path: string): void;
  /** Announces a finished output (chunk, checkpoint, export...) written to `path`. */
  artifact(kind: string, path: string): void;
  log(level: LogLevel, text: string): void;
}

/** Does one job; the resolved value is the job's result (structured-cloneable). */
export type Runner<P = unknown> = (ctx: RunnerContext<P>) => Promise<unknown>;

/** A registered runner with its optional params schema. */
export interface RunnerEntry {
  readonly run: Runner;
  readonly params?: z.ZodType<unknown>;
}

const runners = new Map<JobKind, RunnerEntry>();

/**
 * Registers the runner of a job kind. With a schema, params are parsed before the runner starts
 * and a mismatch fails the job with code 'bad_params'. Registering a kind twice is a programming
 * error and throws.
 */
export function registerRunner<P>(kind: JobKind, run: Runner<P>, params?: z.ZodType<P>): void {
  if (runners.has(kind)) throw new Error(`a runner for job kind '${kind}' is already registered`);
  runners.set(kind, { run: run as Runner, ...(params ? { params: params as z.ZodType<unknown> } : {}) });
}

/** The runner of a kind, if one is registered. */
export function findRunner(kind: JobKind): RunnerEntry | undefined {
  return runners.get(kind);
}

/** Every registered kind, sorted. */
export function registeredKinds(): string[] {
  return [...runners.keys()].sort();
}

/** Prepares the compute backend once when an engine process starts; reported in `ready`. */
export type BackendSetup = () => Promise<BackendInfo>;

let backendSetup: BackendSetup | undefined;
let backend: Promise<BackendInfo> | undefined;

/**
 * Sets how the engine process picks its backend (the engine module calls this when imported).
 * Without one, the engine reports backend 'none' and runners pick their own.
 */
export function registerBackendSetup(setup: BackendSetup): void {
  if (backendSetup) throw new Error('a backend setup is already registered');
  backendSetup = setup;
}

/**
 * Runs the registered backend setup once per process (an in-process engine that restarts must not
 * pick its backend again) and returns what it reported, or backend 'none' when there is none.
 */
export function setUpBackend(): Promise<BackendInfo> {
  backend ??= backendSetup ? backendSetup() : Promise.resolve({ name: 'none' });
  return backend;
}

/** Imports runner modules (absolute file paths) so that they register their kinds. */
export async function loadRunnerModules(paths: readonly string[]): Promise<void> {
  for (const path of paths) await import(pathToFileURL(path).href);
}
