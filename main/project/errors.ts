/**
 * The one error type of the project store. SQLite and file-system failures are translated into
 * a small set of codes the UI can act on (e.g. "disk full" offers to free space, "busy" offers
 * to retry), with the original error kept as `cause`.
 */

/** What went wrong, as a caller can act on it. */
export type ProjectErrorCode =
  | 'not_found'
  | 'not_a_project'
  | 'corrupt'
  | 'newer_version'
  | 'disk_full'
  | 'busy'
  /** Another live process writes the project (writer-lease.ts). */
  | 'in_use'
  | 'invalid'
  | 'io';

/** A typed failure of the project store; `message` is one line meant for people. */
export class ProjectError extends Error {
  constructor(
    readonly code: ProjectErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProjectError';
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Maps a SQLite result code (better-sqlite3's `SqliteError.code`) or a Node errno code. */
function codeFor(raw: string | undefined): ProjectErrorCode {
  if (raw === undefined) return 'io';
  if (raw === 'SQLITE_FULL' || raw === 'ENOSPC' || raw === 'EDQUOT') return 'disk_full';
  if (raw.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (raw === 'SQLITE_NOTADB') return 'not_a_project';
  if (raw.startsWith('SQLITE_BUSY') || raw.startsWith('SQLITE_LOCKED')) return 'busy';
  if (raw.startsWith('SQLITE_CONSTRAINT') || raw === 'SQLITE_MISMATCH' || raw === 'SQLITE_TOOBIG') return 'invalid';
  if (raw === 'ENOENT') return 'not_found';
  return 'io';
}

/**
 * Turns anything thrown by SQLite, the file system or our own code into a ProjectError;
 * `context` says what was being done ("adding a caption") and prefixes the message.
 */
export function toProjectError(error: unknown, context: string): ProjectError {
  if (error instanceof ProjectError) return error;
  const code = codeFor(errorCode(error));
  const detail = error instanceof Error ? error.message : String(error);
  const hint = code === 'disk_full' ? ' (the disk is full: free some space and try again)' : '';
  return new ProjectError(code, `${context} failed: ${detail}${hint}`, { cause: error });
}

/** Runs `fn`, rethrowing every failure as a ProjectError about `context`. */
export function guard<T>(context: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toProjectError(error, context);
  }
}
