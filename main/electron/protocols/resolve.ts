/**
 * What the app's two URL schemes answer, decided without Electron: `app://longshot/...` serves
 * the built renderer, `longshot-media://<projectId>/<path>` serves a file of an open project's
 * media folder. Both go through the services' one path check (resolveMediaPath), so `..`,
 * absolute paths, encoded separators, NUL and symbolic links out of the folder are refused the
 * same way as in the local server. No file:// URL ever reaches a page.
 */
import { MEDIA_SCHEME, projectId as projectIdSchema } from '../../../preload/api';
import { MediaPathError, ServiceError, resolveMediaPath } from '../../services/index';
import { APP_HOST, APP_SCHEME, isAppUrl } from '../policy/origins';

/** The outcome of a request: a checked file to send, or a refusal with its HTTP status. */
export type ProtocolAnswer =
  | { kind: 'file'; path: string; page: boolean }
  | { kind: 'error'; status: 400 | 403 | 404 | 405 | 503; message: string };

/** Longest URL considered at all; real ones are far shorter. */
const MAX_URL_CHARS = 4096;

function refuse(status: Extract<ProtocolAnswer, { kind: 'error' }>['status'], message: string): ProtocolAnswer {
  return { kind: 'error', status, message };
}

/** Maps the path check's and the session's refusals to statuses; anything else is a bug and rethrown. */
function refusal(error: unknown): ProtocolAnswer {
  if (error instanceof MediaPathError) {
    switch (error.code) {
      case 'invalid_path':
        return refuse(400, error.message);
      case 'outside_project':
        return refuse(403, error.message);
      case 'not_found':
        return refuse(404, error.message);
      default:
        return error.code satisfies never;
    }
  }
  if (error instanceof ServiceError && error.code === 'not_open') return refuse(404, error.message);
  throw error;
}

function readable(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Resolves a request of the app scheme to a file of the built renderer in `rendererDir`. */
export function resolveAppRequest(rawUrl: string, method: string, rendererDir: string): ProtocolAnswer {
  if (!readable(method)) return refuse(405, 'only GET and HEAD');
  if (rawUrl.length > MAX_URL_CHARS || !isAppUrl(rawUrl)) return refuse(403, `only ${APP_SCHEME}://${APP_HOST}/ is served`);
  const { pathname } = new URL(rawUrl);
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  try {
    const path = resolveMediaPath(rendererDir, relative);
    return { kind: 'file', path, page: path.endsWith('.html') };
  } catch (error) {
    const answer = refusal(error);
    if (relative === 'index.html' && answer.kind === 'error' && answer.status === 404) {
      return refuse(503, 'the renderer is not built: run `npm run build`');
    }
    return answer;
  }
}

/** The parts of a media URL: the project handle and the still-encoded path inside the project. */
export interface MediaRequest {
  projectId: string;
  encodedPath: string;
}

/**
 * Splits `longshot-media://<projectId>/<path>[?query][#fragment]` by hand rather than with the
 * URL parser, which would resolve `..` and decode parts before the path check could see them.
 */
export function parseMediaUrl(rawUrl: string): MediaRequest {
  const prefix = `${MEDIA_SCHEME}://`;
  if (rawUrl.length > MAX_URL_CHARS || !rawUrl.toLowerCase().startsWith(prefix)) {
    throw new MediaPathError('invalid_path', `not a ${MEDIA_SCHEME} URL`);
  }
  const rest = rawUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new MediaPathError('invalid_path', 'the URL names no project and file');
  let projectId: string;
  try {
    projectId = decodeURIComponent(rest.slice(0, slash));
  } catch {
    throw new MediaPathError('invalid_path', 'the project handle is not valid percent-encoding');
  }
  if (!projectIdSchema.safeParse(projectId).success) throw new MediaPathError('invalid_path', 'not a project handle');
  return { projectId, encodedPath: rest.slice(slash + 1) };
}

/** Finds the real file of a media path in an open project (projectMediaFile with the session bound). */
export type MediaLookup = (projectId: string, encodedPath: string) => string;

/** Resolves a request of the media scheme through `lookup`. */
export function resolveMediaRequest(rawUrl: string, method: string, lookup: MediaLookup): ProtocolAnswer {
  if (!readable(method)) return refuse(405, 'only GET and HEAD');
  try {
    const { projectId, encodedPath } = parseMediaUrl(rawUrl);
    return { kind: 'file', path: lookup(projectId, encodedPath), page: false };
  } catch (error) {
    return refusal(error);
  }
}
