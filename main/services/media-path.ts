/**
 * The one gate through which project media reach a renderer: the local server's `/media/...`
 * route and the Electron protocol both resolve a requested path with `resolveMediaPath`, so only
 * regular files inside an open project's media folder are ever read (reliability.md, "Electron"
 * and "Local server").
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

/** Why a media path was refused. */
export type MediaPathErrorCode = 'invalid_path' | 'outside_project' | 'not_found';

/** A refused media path; the message never echoes more than the request gave. */
export class MediaPathError extends Error {
  constructor(
    readonly code: MediaPathErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaPathError';
  }
}

/** Longest request path accepted; real media paths are far shorter. */
const MAX_PATH_CHARS = 1024;

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new MediaPathError('invalid_path', 'the path is not valid percent-encoding');
  }
}

/**
 * Splits a URL-encoded relative path into plain segments, refusing anything that could name a
 * file outside the folder: absolute paths, drive letters, backslashes, empty, `.` or `..`
 * segments, NUL and other control characters, and separators hidden by percent-encoding
 * (`%2f`, `%5c`), which a later decode would otherwise turn into real ones.
 */
export function mediaPathSegments(encoded: string): string[] {
  if (encoded.length === 0 || encoded.length > MAX_PATH_CHARS) {
    throw new MediaPathError('invalid_path', 'the path is empty or too long');
  }
  if (encoded.startsWith('/') || encoded.includes('\\') || isAbsolute(encoded) || /^[a-zA-Z]:/.test(encoded)) {
    throw new MediaPathError('invalid_path', 'the path must be relative to the media folder');
  }
  return encoded.split('/').map((raw) => {
    const segment = decodeSegment(raw);
    if (segment === '' || segment === '.' || segment === '..') {
      throw new MediaPathError('invalid_path', 'the path has an empty, "." or ".." segment');
    }
    if (/[/\\]/.test(segment)) throw new MediaPathError('invalid_path', 'the path hides a separator in an encoded segment');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(segment)) throw new MediaPathError('invalid_path', 'the path contains a control character');
    return segment;
  });
}

/**
 * Resolves `encodedPath` (as it appears in a URL, relative to `baseDir`) to the real path of a
 * regular file inside `allowedRoot` (by default `baseDir` itself). Symbolic links are followed
 * and the target must still lie inside the allowed root, so a link inside a project cannot
 * expose the rest of the disk.
 */
export function resolveMediaPath(baseDir: string, encodedPath: string, allowedRoot: string = baseDir): string {
  const segments = mediaPathSegments(encodedPath);
  let root: string;
  let real: string;
  try {
    root = realpathSync(allowedRoot);
  } catch {
    throw new MediaPathError('not_found', 'the project has no media folder');
  }
  try {
    real = realpathSync(join(baseDir, ...segments));
  } catch {
    throw new MediaPathError('not_found', 'no such media file');
  }
  if (!real.startsWith(root + sep)) throw new MediaPathError('outside_project', 'the path leads outside the media folder');
  if (!statSync(real).isFile()) throw new MediaPathError('not_found', 'not a media file');
  return real;
}
