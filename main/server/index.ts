/** The local server: the contract over HTTP + WebSocket (see server.ts). */
export { startServer, ServerError, DEFAULT_RENDERER_DIR, type LongshotServer, type ServerOptions } from './server';
export { SessionGuard, isLoopback, newToken, type Verdict } from './security';
