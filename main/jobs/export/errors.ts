/**
 * The typed failures of exporting and of re-rendering an export. The code crosses the process
 * boundary in the job's `error` message and the API's `{ code, message }`, so the UI and the CLI
 * can say what to do (generate first, pick another file, install the model...).
 */

/** What went wrong, as a caller can act on it. */
export type ExportErrorCode =
  /** The project has no take to export (nothing generated), or the named take does not exist. */
  | 'no_take'
  /** The take's chunks do not cover the whole video yet. */
  | 'incomplete_take'
  /** A chunk's frames file is missing, unreadable or of another format than its neighbours. */
  | 'missing_chunk'
  /** The export settings cannot be used (output path, fps, crf...). */
  | 'invalid_settings'
  /** The MP4 carries no Longshot provenance, or one this version cannot read. */
  | 'no_provenance'
  /** The model an export was made with (by its hash) is not available here. */
  | 'model_unavailable'
  /** The export cannot be re-rendered as it was made (e.g. it continued imported footage). */
  | 'not_reproducible';

/** A typed failure of an export; `message` is one line meant for people. */
export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExportError';
  }
}

/** True for an ExportError, optionally of one code. */
export function isExportError(error: unknown, code?: ExportErrorCode): error is ExportError {
  return error instanceof ExportError && (code === undefined || error.code === code);
}
