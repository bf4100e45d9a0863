/**
 * `startServer`: the whole app over HTTP + WebSocket for a browser (browser mode, a GPU box
 * without a screen, the e2e tests). Loopback only unless the caller explicitly allows another
 * address, a random token per session, Origin and Host checked on every request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServiceContext, type ServiceContext } from '../services/index';
import { attachEventSocket } from './events-socket';
import { route } from './routes';
import { SessionGuard, isLoopback, newToken } from './security';

/** The renderer build of this checkout (`npm run build:renderer`). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

export interface ServerOptions {
  /** Address to listen on; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Must be true to listen on a non-loopback address; a warning is printed then. */
  allowRemote?: boolean;
  rendererDir?: string;
  /** Services of an existing session; by default the server makes (and on close ends) its own. */
  ctx?: ServiceContext;
  /** Where new projects go when the caller names no folder (own context only). */
  projectsDir?: string;
  /** Largest accepted API request body. */
  bodyLimitBytes?: number;
  /** Where warnings go (default: stderr). */
  warn?: (line: string) => void;
}

/** A running server. */
export interface LongshotServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly token: string;
  /** The address to open in a browser: the token rides in the fragment, which is never sent to a server. */
  readonly pageUrl: string;
  readonly ctx: ServiceContext;
  close(): Promise<void>;
}

/** A server option that cannot be honoured. */
export class ServerError extends Error {
  constructor(
    readonly code: 'remote_not_allowed' | 'listen_failed',
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts listening and resolves once the port is bound. */
export async function startServer(options: ServerOptions = {}): Promise<LongshotServer> {
  const host = options.host ?? '127.0.0.1';
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!isLoopback(host)) {
    if (!options.allowRemote) {
      throw new ServerError('remote_not_allowed', `refusing to listen on ${host}: only loopback addresses unless remote access is explicitly allowed`);
    }
    warn(`WARNING: listening on ${host}: anyone who can reach this address and learns the token can use this session. Use a trusted network only.`);
  }
  const ownsContext = options.ctx === undefined;
  const ctx = options.ctx ?? createServiceContext({ projectsDir: options.projectsDir, writer: 'longshot serve' });
  const token = newToken();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ServerError('listen_failed', `cannot listen on ${host}:${options.port ?? 0}: ${error.message}`)));
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const anyHost = host === '0.0.0.0' || host === '::';
  const guard = new SessionGuard(token, port, host, anyHost);
  const routes = {
    ctx,
    guard,
    rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    bodyLimitBytes: options.bodyLimitBytes ?? 4 * 1024 * 1024,
  };
  server.on('request', (req, res) => void route(routes, req, res));
  const closeSockets = attachEventSocket(server, ctx.bus, guard);
  const origin = `http://${urlHost(anyHost ? '127.0.0.1' : host)}:${port}`;

  return {
    origin,
    token,
    pageUrl: `${origin}/#token=${token}`,
    ctx,
    async close() {
      closeSockets();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (ownsContext) await ctx.close();
    },
  };
}
