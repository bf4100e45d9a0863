/**
 * The typed failures of generation, takes and memory inspection. The code crosses the process
 * boundary in the job's `error` message and the API's `{ code, message }`, so the UI can say
 * what to change (pick another model, generate first, choose a valid chunk...).
 */

/** What went wrong, as a caller can act on it. */
export type GenerationErrorCode =
  /** The project's model setting names no registered model, folder or built-in. */
  | 'model_not_found'
  /** The model folder or its config cannot be used for generation. */
  | 'invalid_model'
  /** The weights a run was made with are gone or were replaced since (a take only continues with its own). */
  | 'model_changed'
  /** The model's weights do not fit the memory budget the project asks for. */
  | 'model_mismatch'
  /** A run's stored plan is unreadable (written by another version, or edited by hand). */
  | 'invalid_plan'
  /** A take cannot be made as asked (chunk out of range, parent incomplete). */
  | 'invalid_take'
  /** A chunk the take needs is not on disk or not recorded. */
  | 'missing_chunk'
  /** There is nothing in memory yet to inspect. */
  | 'no_history'
  /** The opening footage cannot be used. */
  | 'invalid_footage'
  /** The disk filled up while a chunk was being saved; the chunks before it are kept. */
  | 'disk_full';

/** A typed failure of generation; `message` is one line meant for people. */
export class GenerationError extends Error {
  constructor(
    readonly code: GenerationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GenerationError';
  }
}
