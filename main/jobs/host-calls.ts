/**
 * The host's side of quick calls (engine-calls.ts): each call gets an id, waits for the engine's
 * `reply` or `call-error` with that id, and is rejected when the engine it was sent to ends
 * first ('engine_exited'), so no caller waits on a dead engine.
 */
import type { EngineLink } from './engine-link';
import { JobError } from './errors';
import type { CallAnswer, EngineCallMethod } from './protocol';

interface Pending {
  link: EngineLink;
  resolve(value: unknown): void;
  reject(error: JobError): void;
}

/** The calls sent to engines and not yet answered. */
export class PendingCalls {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Sends a call to `link`; resolves with the answer, rejects with a JobError carrying the engine's code. */
  ask(link: EngineLink, method: EngineCallMethod, params: unknown, projectPath: string): Promise<unknown> {
    const callId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { link, resolve, reject });
      link.send({ type: 'call', callId, method, params, projectPath });
    });
  }

  /** Settles the call an answer is for; an answer from another engine than the call's is ignored. */
  settle(answer: CallAnswer, from: EngineLink | undefined): void {
    const call = this.pending.get(answer.callId);
    if (!call || call.link !== from) return;
    this.pending.delete(answer.callId);
    switch (answer.type) {
      case 'reply':
        call.resolve(answer.result);
        return;
      case 'call-error':
        call.reject(new JobError(answer.code, answer.message));
        return;
    }
  }

  /** Rejects every call sent to `link` (it has ended) with 'engine_exited'. */
  engineEnded(link: EngineLink, how: string): void {
    for (const [callId, call] of this.pending) {
      if (call.link !== link) continue;
      this.pending.delete(callId);
      call.reject(new JobError('engine_exited', `the engine ${how} before it answered`));
    }
  }
}
