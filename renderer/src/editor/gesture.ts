/**
 * Pointer interactions on the caption track as a small state machine (after tldraw's
 * SelectTool child states): a press becomes a click, a move of a caption, a resize of one of
 * its edges, or a new caption dragged out on the empty track, once the pointer has travelled a
 * few pixels. The machine only computes spans; the timeline turns the outcome into one editor
 * command on release, so a whole drag is one undoable edit. Plain data in, plain data out: the
 * tests drive it without a browser.
 */
import { snapTime } from './time-scale';

/** What the pointer went down on. */
export type Hit = { kind: 'caption'; id: number; part: 'body' | 'start' | 'end' } | { kind: 'track' };

/** A time range, seconds. */
export interface Span {
  startSec: number;
  endSec: number;
}

/** The rules a gesture follows. */
export interface GestureRules {
  /** One chunk of the model: the snapping grid, and the shortest caption a snapped gesture makes. */
  chunkSec: number;
  snap: boolean;
  /** Captions start at or after this time (0: the storyboard starts after the footage). */
  minSec: number;
}

/** Where the machine is. */
export type Gesture =
  | { kind: 'idle' }
  | { kind: 'pressed'; hit: Hit; downSec: number; downPx: number; origin: Span | null }
  | { kind: 'moving'; id: number; grabSec: number; origin: Span; span: Span }
  | { kind: 'resizing'; id: number; edge: 'start' | 'end'; origin: Span; span: Span }
  | { kind: 'creating'; anchorSec: number; span: Span };

/** What a finished gesture asks for. */
export type Outcome =
  | { kind: 'none' }
  | { kind: 'select'; id: number }
  | { kind: 'seek'; sec: number }
  | { kind: 'change'; id: number; span: Span }
  | { kind: 'create'; span: Span };

/** How far the pointer travels before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 4;
/** Shortest caption an unsnapped gesture makes. */
const FREE_MIN_SEC = 0.05;

export const IDLE: Gesture = { kind: 'idle' };

const grid = (rules: GestureRules): number | null => (rules.snap ? rules.chunkSec : null);
const minLength = (rules: GestureRules): number => (rules.snap ? rules.chunkSec : FREE_MIN_SEC);
const round = (sec: number): number => Number(sec.toFixed(6));

/** The pointer went down on `hit` at `sec` (x = `px`); `origin` is the caption's span, if any. */
export function press(hit: Hit, sec: number, px: number, origin: Span | null): Gesture {
  return { kind: 'pressed', hit, downSec: sec, downPx: px, origin };
}

/** The pointer moved to `sec` (x = `px`). */
export function drag(gesture: Gesture, sec: number, px: number, rules: GestureRules): Gesture {
  switch (gesture.kind) {
    case 'idle':
      return gesture;
    case 'pressed':
      if (Math.abs(px - gesture.downPx) < DRAG_THRESHOLD_PX) return gesture;
      return drag(begin(gesture), sec, px, rules);
    case 'moving': {
      const length = gesture.origin.endSec - gesture.origin.startSec;
      const startSec = Math.max(rules.minSec, snapTime(gesture.origin.startSec + sec - gesture.grabSec, grid(rules)));
      return { ...gesture, span: { startSec, endSec: round(startSec + length) } };
    }
    case 'resizing': {
      const at = snapTime(sec, grid(rules));
      const { startSec, endSec } = gesture.origin;
      const span = gesture.edge === 'start'
        ? { startSec: Math.max(rules.minSec, Math.min(at, round(endSec - minLength(rules)))), endSec }
        : { startSec, endSec: Math.max(at, round(startSec + minLength(rules))) };
      return { ...gesture, span };
    }
    case 'creating': {
      const anchor = Math.max(rules.minSec, snapTime(gesture.anchorSec, grid(rules)));
      const at = Math.max(rules.minSec, snapTime(sec, grid(rules)));
      const startSec = Math.min(anchor, at);
      return { ...gesture, span: { startSec, endSec: Math.max(anchor, at, round(startSec + minLength(rules))) } };
    }
    default:
      return gesture satisfies never;
  }
}

/** A press that became a drag: which drag depends on what was pressed. */
function begin(pressed: Extract<Gesture, { kind: 'pressed' }>): Gesture {
  const { hit, origin, downSec } = pressed;
  if (hit.kind === 'track' || origin === null) return { kind: 'creating', anchorSec: downSec, span: { startSec: downSec, endSec: downSec } };
  if (hit.part === 'body') return { kind: 'moving', id: hit.id, grabSec: downSec, origin, span: origin };
  return { kind: 'resizing', id: hit.id, edge: hit.part, origin, span: origin };
}

/** The pointer was released: what the gesture asks for. */
export function release(gesture: Gesture): Outcome {
  switch (gesture.kind) {
    case 'idle':
      return { kind: 'none' };
    case 'pressed':
      return gesture.hit.kind === 'caption' ? { kind: 'select', id: gesture.hit.id } : { kind: 'seek', sec: gesture.downSec };
    case 'moving':
    case 'resizing': {
      const { origin, span } = gesture;
      const unchanged = origin.startSec === span.startSec && origin.endSec === span.endSec;
      return unchanged ? { kind: 'select', id: gesture.id } : { kind: 'change', id: gesture.id, span };
    }
    case 'creating':
      return gesture.span.endSec > gesture.span.startSec ? { kind: 'create', span: gesture.span } : { kind: 'seek', sec: gesture.anchorSec };
    default:
      return gesture satisfies never;
  }
}

/** The span to draw while a gesture runs: of caption `id`, or of a new caption (id null). */
export function previewSpan(gesture: Gesture): { id: number | null; span: Span } | null {
  switch (gesture.kind) {
    case 'moving':
    case 'resizing':
      return { id: gesture.id, span: gesture.span };
    case 'creating':
      return gesture.span.endSec > gesture.span.startSec ? { id: null, span: gesture.span } : null;
    case 'idle':
    case 'pressed':
      return null;
    default:
      return gesture satisfies never;
  }
}
