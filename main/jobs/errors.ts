/**
 * The one error type of the job host and the engine process. The code crosses the process
 * boundary in `error` messages and ends up in the job row, so the UI can tell a cancel from a
 * crash from a runner's own failure.
 */

/** Why a job (or a host call) failed, as a caller can act on it. */
export type JobErrorCode =
  /** The job was cancelled by the user; not a failure. */
  | 'cancelled'
  /** No runner is registered for the job's kind in the engine process. */
  | 'unknown_kind'
  /** The runner's parameter schema rejected the job's params. */
  | 'bad_params'
  /** The runner's result could not be sent back (not structured-cloneable). */
  | 'bad_result'
  /** A start arrived while another job was running in the engine process. */
  | 'busy'
  /** The runner threw an error without a code of its own. */
  | 'runner_failed'
  /** The engine process died while running this job too many times in a row. */
  | 'engine_crashed'
  /** The engine process could not be started or did not say it was ready in time. */
  | 'engine_start_failed'
  /** The engine process ended before it answered a call (engine-calls.ts). */
  | 'engine_exited'
  /** The host could not start a queued job (a store failure, or another process started it). */
  | 'unstartable'
  /** The job id or project is not known to the host. */
  | 'not_found'
  /** The host was closed. */
  | 'closed';

/** A typed failure of a job or of the job host; `message` is one line meant for people. */
export class JobError extends Error {
  constructor(
    readonly code: JobErrorCode | (string & Record<never, never>),
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobError';
  }
}

/** Thrown by `ctx.throwIfCancelled()`; the engine reports it as code 'cancelled'. */
export class JobCancelledError extends JobError {
  constructor(jobId: number) {
    super('cancelled', `job ${jobId} was cancelled`);
    this.name = 'JobCancelledError';
  }
}

/** The `code` of any thrown value that carries a string one (JobError, ProjectError, errno). */
export function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A one-line message for any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
