/**
 * The typed event bus services emit on (job progress and state, chunk previews, logs). The
 * transports subscribe with `onAny` and forward events to renderers; a payload is checked
 * against the contract when it is emitted, so a malformed event never leaves the main side.
 */
import { events, type EventName, type EventPayload, type Unsubscribe } from '../../preload/api';

type AnyHandler = (event: EventName, payload: unknown) => void;

/** Fan-out of contract events to in-process subscribers. */
export class EventBus {
  private readonly handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly anyHandlers = new Set<AnyHandler>();

  /** Validates and delivers one event; a subscriber that throws does not stop the others. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked: unknown = events[event].parse(payload);
    for (const handler of this.handlers.get(event) ?? []) deliver(() => handler(checked));
    for (const handler of this.anyHandlers) deliver(() => handler(event, checked));
  }

  /** Subscribes to one event. */
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): Unsubscribe {
    const set = this.handlers.get(event) ?? new Set();
    this.handlers.set(event, set);
    const wrapped = handler as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Subscribes to every event (what a transport forwards). */
  onAny(handler: AnyHandler): Unsubscribe {
    this.anyHandlers.add(handler);
    return () => this.anyHandlers.delete(handler);
  }

  /** Emits a log line; `source` names the part of the app that speaks. */
  log(level: EventPayload<'log'>['level'], source: string, message: string, ref: { projectId?: string; jobId?: number } = {}): void {
    this.emit('log', { level, source, message, time: new Date().toISOString(), projectId: ref.projectId ?? null, jobId: ref.jobId ?? null });
  }
}

function deliver(run: () => void): void {
  try {
    run();
  } catch (error) {
    // A broken subscriber (a closed socket, a renderer gone) must not break the emitter.
    console.error('longshot: an event subscriber failed:', error);
  }
}
