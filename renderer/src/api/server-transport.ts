/**
 * The browser client of the local server: calls are `POST /api/<channel>` with the session
 * token, events arrive on one WebSocket at /events (opened on first subscription, reopened
 * after a drop while anyone listens). Generic over the contract: no per-call code here.
 */
import { encodeMediaPath, events, resultSchema, type EventName, type Result, type Transport } from '../../../preload/api';

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'transport', message } };
}

type Handler = (payload: unknown) => void;

/** One WebSocket shared by every subscription. */
class EventSocket {
  private socket: WebSocket | undefined;
  private readonly handlers = new Map<EventName, Set<Handler>>();
  private retryMs = 500;

  constructor(private readonly url: string) {}

  subscribe(event: EventName, handler: Handler): () => void {
    const set = this.handlers.get(event) ?? new Set<Handler>();
    this.handlers.set(event, set);
    set.add(handler);
    this.connect();
    return () => {
      set.delete(handler);
    };
  }

  private listening(): boolean {
    return [...this.handlers.values()].some((set) => set.size > 0);
  }

  private connect(): void {
    if (this.socket) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = () => {
      this.socket = undefined;
      if (!this.listening()) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    };
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: { event?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(data) as typeof frame;
    } catch {
      return;
    }
    const name = frame.event;
    if (typeof name !== 'string' || !Object.hasOwn(events, name)) return;
    const checked = events[name as EventName].safeParse(frame.payload);
    if (!checked.success) return;
    for (const handler of this.handlers.get(name as EventName) ?? []) handler(checked.data);
  }
}

/** A transport to the server at `origin` (normally the page's own) for the session `token`. */
export function serverTransport(origin: string, token: string): Transport {
  const socket = new EventSocket(`${origin.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`);
  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        });
      } catch (error) {
        return transportError(`the server did not answer (${error instanceof Error ? error.message : String(error)})`);
      }
      try {
        const parsed = resultSchema.safeParse(await response.json());
        if (parsed.success) return parsed.data;
      } catch {
        // fall through: not JSON at all
      }
      return transportError(`the server answered ${response.status} without a result`);
    },
    subscribe: (event, handler) => socket.subscribe(event, handler),
    mediaUrl: (projectId, mediaPath) =>
      `${origin}/files/${encodeURIComponent(projectId)}/${encodeMediaPath(mediaPath)}?token=${encodeURIComponent(token)}`,
  };
}
