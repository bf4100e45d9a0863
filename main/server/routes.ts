/**
 * The HTTP routes of the local server:
 *   POST /api/<channel>           one call of the contract (token required)
 *   GET  /files/<project>/<path>  a file of an open project's media folder (token required)
 *   GET  /<file>                  the built renderer (no token: the page reads it from its URL)
 * Paths are taken from the raw request line, never normalised by URL parsing first, so `..` and
 * encoded separators reach the path check and are refused there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCall, MediaPathError, projectMediaFile, ServiceError, type ServiceContext } from '../services/index';
import { resolveMediaPath } from '../services/media-path';
import { BodyTooLargeError, readBody, sendJson, sendText } from './http-util';
import type { SessionGuard } from './security';
import { contentSecurityPolicy, sendFile } from './static-files';

/** What the routes need from the server. */
export interface RouteContext {
  readonly ctx: ServiceContext;
  readonly guard: SessionGuard;
  /** Folder of the built renderer (index.html and assets/). */
  readonly rendererDir: string;
  readonly bodyLimitBytes: number;
}

function rawPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

async function apiRoute(routes: RouteContext, req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'method_not_allowed', message: 'use POST' } });
  // Requiring a JSON content type keeps plain HTML forms (which cannot set it) out, whatever else fails.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'the body must be application/json' } });
  }
  let input: unknown;
  try {
    const body = await readBody(req, routes.bodyLimitBytes);
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    const message = tooLarge ? error.message : 'the body is not valid JSON';
    return sendJson(res, tooLarge ? 413 : 400, { ok: false, error: { code: tooLarge ? 'too_large' : 'invalid_input', message } });
  }
  sendJson(res, 200, await handleCall(channel, input, routes.ctx));
}

function mediaRoute(routes: RouteContext, req: IncomingMessage, res: ServerResponse, rest: string): void {
  const slash = rest.indexOf('/');
  if (slash <= 0) return sendText(res, 404, 'not found');
  try {
    const file = projectMediaFile(routes.ctx, rest.slice(0, slash), rest.slice(slash + 1));
    sendFile(res, file, req.method ?? 'GET', { 'Cache-Control': 'no-store' });
  } catch (error) {
    if (error instanceof MediaPathError) return sendText(res, error.code === 'invalid_path' ? 400 : 404, error.message);
    if (error instanceof ServiceError) return sendText(res, 404, error.message);
    throw error;
  }
}

function rendererRoute(routes: RouteContext, req: IncomingMessage, res: ServerResponse, path: string): void {
  const relative = path === '/' ? 'index.html' : path.slice(1);
  let file: string;
  try {
    file = resolveMediaPath(routes.rendererDir, relative);
  } catch (error) {
    if (!(error instanceof MediaPathError)) throw error;
    if (relative === 'index.html') return sendText(res, 503, 'the renderer is not built: run `npm run build:renderer`');
    return sendText(res, error.code === 'invalid_path' ? 400 : 404, 'not found');
  }
  const isPage = file.endsWith('.html');
  sendFile(res, file, req.method ?? 'GET', {
    // Hashed asset names never change content; the page itself must always be fresh.
    'Cache-Control': isPage ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isPage ? { 'Content-Security-Policy': contentSecurityPolicy(req.headers.host ?? '') } : {}),
  });
}

/** Handles one HTTP request; never throws (a failure becomes a 500 without details). */
export async function route(routes: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = rawPath(req);
    const guarded = path.startsWith('/api/') || path.startsWith('/files/');
    const verdict = guarded ? routes.guard.checkRequest(req) : routes.guard.checkOrigin(req);
    if (!verdict.ok) {
      const code = verdict.status === 401 ? 'unauthorized' : 'forbidden';
      return sendJson(res, verdict.status, { ok: false, error: { code, message: verdict.message } });
    }
    if (guarded) {
      if (path.startsWith('/api/')) return await apiRoute(routes, req, res, path.slice('/api/'.length));
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
      return mediaRoute(routes, req, res, path.slice('/files/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
    rendererRoute(routes, req, res, path);
  } catch (error) {
    routes.ctx.bus.log('error', 'server', `request failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) sendText(res, 500, 'internal error');
    else res.destroy();
  }
}
