/**
 * The check every IPC call passes before it reaches the services: the message must come from
 * the main frame of a page of the app's own origin (a subframe, a page that navigated elsewhere
 * or a frame already gone is refused), and the arguments are then validated by the contract in
 * handleCall. Written against a plain sender descriptor so it is tested without Electron.
 */
import type { Result } from '../../../preload/api';
import { isAppUrl } from '../policy/origins';

/** What the guard needs to know of who sent a message. */
export interface SenderInfo {
  /** URL of the frame that sent it; undefined when the frame is gone or unknown. */
  frameUrl: string | undefined;
  /** True when that frame is its window's main frame. */
  isMainFrame: boolean;
}

/** Whether a sender may call the API, and why not. */
export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Decides whether `sender` may call the API. */
export function checkSender(sender: SenderInfo): SenderVerdict {
  if (sender.frameUrl === undefined) return { ok: false, reason: 'the sending frame is gone' };
  if (!sender.isMainFrame) return { ok: false, reason: 'calls from subframes are refused' };
  if (!isAppUrl(sender.frameUrl)) return { ok: false, reason: 'calls from pages outside the app are refused' };
  return { ok: true };
}

/** Runs a validated call (handleCall with the session bound); resolves, never rejects. */
export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

/** Reports a refused or failed call (to the app log). */
export type RefusalLog = (message: string) => void;

/**
 * One guarded call: checks the sender, then dispatches. Whatever happens, the answer is a
 * Result: a refused sender gets 'forbidden' (and the refusal is logged, since it means a page
 * that should not exist is talking), a dispatcher that throws anyway gets 'internal'.
 */
export async function guardedCall(channel: string, sender: SenderInfo, rawInput: unknown, dispatch: Dispatch, log: RefusalLog): Promise<Result<unknown>> {
  const verdict = checkSender(sender);
  if (!verdict.ok) {
    log(`refused IPC call ${channel.slice(0, 100)}: ${verdict.reason} (${(sender.frameUrl ?? 'no frame').slice(0, 200)})`);
    return { ok: false, error: { code: 'forbidden', message: verdict.reason } };
  }
  try {
    return await dispatch(channel, rawInput);
  } catch (error) {
    log(`IPC call ${channel} failed outside the dispatcher: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, error: { code: 'internal', message: `${channel} failed unexpectedly` } };
  }
}
