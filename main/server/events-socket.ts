/**
 * The event half of the local server: a WebSocket at /events that forwards every event of the
 * service bus as `{ event, payload }` text frames. Renderers only listen; what they send is
 * ignored. The upgrade is refused unless host, origin and token pass the session guard.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus } from '../services/index';
import type { SessionGuard } from './security';

/** Clients never need to send more than a small control frame. */
const MAX_CLIENT_PAYLOAD = 4096;

/** Attaches the /events socket to `server`; returns a function that closes every connection. */
export function attachEventSocket(server: Server, bus: EventBus, guard: SessionGuard): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_PAYLOAD });
  const unsubscribe = bus.onAny((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const verdict = path === '/events' ? guard.checkRequest(req) : ({ ok: false, status: 404, message: 'not found' } as const);
    if (!verdict.ok) {
      const reason = verdict.status === 401 ? 'Unauthorized' : verdict.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(`HTTP/1.1 ${verdict.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
    });
  });

  return () => {
    unsubscribe();
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
