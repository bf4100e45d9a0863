/**
 * Wires the app's two schemes into Electron: the privileges are declared before the app is
 * ready, the handlers on the window's session once it is. The decisions live in resolve.ts;
 * this file only turns a checked path into a Response (read by Chromium's own file loader,
 * which sets the content type and answers byte ranges for video seeking).
 */
import { pathToFileURL } from 'node:url';
import { net, protocol, type Session } from 'electron';
import { MEDIA_SCHEME } from '../../../preload/api';
import { appResponseHeaders } from '../policy/csp';
import { APP_ORIGIN, APP_SCHEME } from '../policy/origins';
import { resolveAppRequest, resolveMediaRequest, type MediaLookup, type ProtocolAnswer } from './resolve';

/**
 * Declares both schemes; must run before the app's `ready`. The app scheme is standard (a real
 * origin for the CSP's 'self', relative URLs); the media scheme is not, because Chromium
 * lower-cases the host of standard URLs and the host here is a case-sensitive project handle.
 */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    // corsEnabled: Vite's module scripts load in CORS mode; other origins still get no ACAO header.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    { scheme: MEDIA_SCHEME, privileges: { secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}

/** Response headers copied from the file loader: what a media element needs to seek. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges'];

type HeadersFor = (contentType: string | null, page: boolean) => Record<string, string>;

async function respond(answer: ProtocolAnswer, request: Request, headersFor: HeadersFor): Promise<Response> {
  if (answer.kind === 'error') {
    return new Response(answer.message, { status: answer.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  }
  const range = request.headers.get('range');
  const upstream = await net.fetch(pathToFileURL(answer.path).href, {
    method: request.method,
    headers: range ? { range } : {},
    bypassCustomProtocolHandlers: true,
  });
  const headers = new Headers(headersFor(upstream.headers.get('content-type'), answer.page));
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null && !headers.has(name)) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}

/** Serves the renderer and project media on `session`. */
export function handleSchemes(session: Session, options: { rendererDir: string; mediaFile: MediaLookup }): void {
  session.protocol.handle(APP_SCHEME, (request) =>
    respond(resolveAppRequest(request.url, request.method, options.rendererDir), request, appResponseHeaders),
  );
  session.protocol.handle(MEDIA_SCHEME, (request) =>
    respond(resolveMediaRequest(request.url, request.method, options.mediaFile), request, () => ({
      'X-Content-Type-Options': 'nosniff',
      // A preview file is rewritten as a job runs; the page must see the new one.
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': APP_ORIGIN,
    })),
  );
}
