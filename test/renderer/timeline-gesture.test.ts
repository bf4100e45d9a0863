// Timeline interactions without a browser: the gesture machine turns pointer events into a
// click, a move, a resize or a new caption, snapped to the chunk grid; the keyboard edits; the
// time scale and ruler; and a drag replayed into the editor core is one undoable command.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../preload/api';
import { movedBy, neighbour, newCaptionSpan, resizedBy } from '../../renderer/src/editor/caption-edits';
import type { Caption } from '../../renderer/src/editor/commands';
import { EditorCore, type StoryboardBackend } from '../../renderer/src/editor/editor-core';
import { DRAG_THRESHOLD_PX, IDLE, drag, press, previewSpan, release, type Gesture, type GestureRules, type Hit } from '../../renderer/src/editor/gesture';
import { actionFor } from '../../renderer/src/editor/shortcuts';
import {
  fitZoom, formatTime, gridLines, inSpan, pxToSec, rulerTicks, scaleWidth, secToPx, snapTime, stepZoom, visibleSpan, type TimeScale,
} from '../../renderer/src/editor/time-scale';

const scale: TimeScale = { startSec: -1, endSec: 10, pxPerSec: 100 };
const rules: GestureRules = { chunkSec: 0.25, snap: true, minSec: 0 };
const caption = (id: number, startSec: number, endSec: number): Caption => ({ id, startSec, endSec, text: `c${id}`, transition: 'continuous' });

/** Presses on `hit` at `fromSec`, drags through `path` (seconds) and releases. */
function gesture(hit: Hit, origin: Caption | null, fromSec: number, path: number[], options: GestureRules = rules) {
  let state: Gesture = press(hit, fromSec, secToPx(scale, fromSec), origin);
  const seen: Gesture[] = [];
  for (const sec of path) {
    state = drag(state, sec, secToPx(scale, sec), options);
    seen.push(state);
  }
  return { outcome: release(state), seen, last: state };
}

describe('the time scale', () => {
  it('maps seconds to pixels and back, with footage before 0', () => {
    expect(secToPx(scale, -1)).toBe(0);
    expect(secToPx(scale, 0)).toBe(100);
    expect(pxToSec(scale, 350)).toBeCloseTo(2.5);
  });

  it('snaps to exact multiples of the chunk, or to hundredths without a grid', () => {
    expect(snapTime(0.74, 0.25)).toBe(0.75);
    expect(snapTime(3 * 0.1, 0.1)).toBe(0.3);
    expect(snapTime(1.23456, null)).toBe(1.23);
  });

  it('labels the ruler at a step that leaves room, and draws chunk lines only when they are apart', () => {
    const ticks = rulerTicks({ startSec: 0, endSec: 4, pxPerSec: 70 });
    expect(ticks.map((t) => t.label)).toEqual(['0:00', '0:01', '0:02', '0:03', '0:04']);
    expect(rulerTicks({ startSec: 0, endSec: 1, pxPerSec: 400 }).map((t) => t.label)).toContain('0:00.25');
    expect(gridLines({ startSec: 0, endSec: 1, pxPerSec: 70 }, 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(gridLines({ startSec: 0, endSec: 1, pxPerSec: 12 }, 0.25)).toEqual([]);
    expect(formatTime(-1.5)).toBe('-0:01.50');
    expect(formatTime(75)).toBe('1:15');
  });

  it('draws only the seconds near the view: a view-wide margin each side, clamped to the scale', () => {
    // 1 h at 400 px/s, from 1.5 s of footage before 0; a 1000 px view scrolled to 4000 px.
    const scale: TimeScale = { startSec: -1.5, endSec: 3600, pxPerSec: 400 };
    const span = visibleSpan(scale, 4000, 1000);
    expect(span).toEqual({ fromSec: -1.5 + 3000 / 400, toSec: -1.5 + 6000 / 400 });
    expect(visibleSpan(scale, 0, 1000).fromSec).toBe(-1.5);
    expect(visibleSpan(scale, scaleWidth(scale) - 1000, 1000).toSec).toBe(3600);
    expect(inSpan(span, span.toSec, span.toSec + 1)).toBe(true);
    expect(inSpan(span, span.toSec + 0.01, span.toSec + 1)).toBe(false);
    // Ticks and chunk lines come from the span alone, on the same grid as the whole scale's.
    const ticks = rulerTicks(scale, span).map((t) => t.sec);
    expect(ticks).toEqual(rulerTicks(scale).map((t) => t.sec).filter((sec) => sec >= span.fromSec && sec <= span.toSec));
    expect(ticks.length).toBeLessThan(40);
    const lines = gridLines(scale, 0.25, 0, span);
    expect(lines[0]).toBe(6);
    expect(lines.at(-1)).toBe(13.5);
    expect(lines.every((sec, i) => i === 0 || Math.abs(sec - (lines[i - 1] as number) - 0.25) < 1e-9)).toBe(true);
  });

  it('zooms in steps and fits a duration into a width', () => {
    expect(stepZoom(70, 1)).toBe(100);
    expect(stepZoom(70, -1)).toBe(50);
    expect(stepZoom(400, 1)).toBe(400);
    expect(fitZoom(10, 1000)).toBe(100);
  });
});

describe('the gesture machine', () => {
  const body = (id: number): Hit => ({ kind: 'caption', id, part: 'body' });

  it('keeps a press below the drag threshold a click: select a caption, seek on the empty track', () => {
    const c = caption(1, 1, 2);
    const nudge = (DRAG_THRESHOLD_PX - 1) / scale.pxPerSec;
    expect(gesture(body(1), c, 1.5, [1.5 + nudge]).outcome).toEqual({ kind: 'select', id: 1 });
    expect(gesture({ kind: 'track' }, null, 4.2, []).outcome).toEqual({ kind: 'seek', sec: 4.2 });
  });

  it('moves a caption by the drag, snapped to the grid, keeping its length and never before 0', () => {
    const c = caption(1, 1, 2);
    const moved = gesture(body(1), c, 1.5, [1.8, 2.7]);
    expect(moved.outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 2.25, endSec: 3.25 } });
    expect(previewSpan(moved.last)).toEqual({ id: 1, span: { startSec: 2.25, endSec: 3.25 } });
    expect(gesture(body(1), c, 1.5, [-3]).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 0, endSec: 1 } });
  });

  it('moves freely without snapping', () => {
    const free = { ...rules, snap: false };
    expect(gesture(body(1), caption(1, 1, 2), 1.5, [1.833], free).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 1.33, endSec: 2.33 } });
  });

  it('resizes either edge to the grid, never shorter than one chunk', () => {
    const c = caption(1, 1, 2);
    expect(gesture({ kind: 'caption', id: 1, part: 'end' }, c, 2, [3.1]).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 1, endSec: 3 } });
    expect(gesture({ kind: 'caption', id: 1, part: 'end' }, c, 2, [0.2]).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 1, endSec: 1.25 } });
    expect(gesture({ kind: 'caption', id: 1, part: 'start' }, c, 1, [0.4]).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 0.5, endSec: 2 } });
    expect(gesture({ kind: 'caption', id: 1, part: 'start' }, c, 1, [5]).outcome).toEqual({ kind: 'change', id: 1, span: { startSec: 1.75, endSec: 2 } });
  });

  it('drags out a new caption on the empty track, in either direction, from 0 at the earliest', () => {
    expect(gesture({ kind: 'track' }, null, 3.1, [3.6, 4.4]).outcome).toEqual({ kind: 'create', span: { startSec: 3, endSec: 4.5 } });
    expect(gesture({ kind: 'track' }, null, 2, [1.2]).outcome).toEqual({ kind: 'create', span: { startSec: 1.25, endSec: 2 } });
    expect(gesture({ kind: 'track' }, null, -0.8, [0.6]).outcome).toEqual({ kind: 'create', span: { startSec: 0, endSec: 0.5 } });
  });

  it('ignores moves when idle and releases to nothing', () => {
    expect(drag(IDLE, 3, 300, rules)).toBe(IDLE);
    expect(release(IDLE)).toEqual({ kind: 'none' });
  });

  it('makes a whole drag one undoable edit of the editor', async () => {
    const rows = new Map<number, Caption>([[7, caption(7, 1, 2)]]);
    const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
    const backend: StoryboardBackend = {
      list: () => ok([...rows.values()]),
      add: (c) => ok(caption(c.id ?? 8, c.startSec, c.endSec)),
      update: (id, patch) => ok({ ...(rows.get(id) as Caption), ...patch }),
      remove: () => ok({}),
      replace: () => ok([]),
    };
    const core = new EditorCore(backend, [...rows.values()]);
    const { outcome } = gesture(body(7), caption(7, 1, 2), 1.5, [1.7, 1.9, 2.1, 2.6]);
    if (outcome.kind !== 'change') throw new Error('expected a change');
    core.change(outcome.id, outcome.span);
    expect(core.get().history).toHaveLength(1);
    expect(core.get().captions[0]).toMatchObject({ startSec: 2, endSec: 3 });
    core.undo();
    expect(core.get().captions[0]).toMatchObject({ startSec: 1, endSec: 2 });
  });
});

describe('keyboard edits and shortcuts', () => {
  const captions = [caption(1, 0, 2), caption(2, 3, 4)];

  it('places a new caption at the playhead, cut short by the next one', () => {
    expect(newCaptionSpan(captions, 2.1, 0.25)).toEqual({ startSec: 2, endSec: 3 });
    expect(newCaptionSpan(captions, 5.3, 0.25)).toEqual({ startSec: 5.25, endSec: 7.25 });
    expect(newCaptionSpan(captions, 2.9, 0.25)).toEqual({ startSec: 2.75, endSec: 3 });
  });

  it('moves and resizes by a chunk, and walks the captions in order', () => {
    expect(movedBy(caption(1, 0.25, 1), -0.5)).toEqual({ startSec: 0, endSec: 0.75 });
    expect(resizedBy(caption(1, 0, 1), -2, 0.25)).toEqual({ endSec: 0.25 });
    expect(neighbour(captions, null, 1)?.id).toBe(1);
    expect(neighbour(captions, 1, 1)?.id).toBe(2);
    expect(neighbour(captions, 2, 1)?.id).toBe(2);
    expect(neighbour(captions, null, -1)?.id).toBe(2);
  });

  it('maps keys to actions', () => {
    const key = (k: string, mods: Partial<{ mod: boolean; shift: boolean; alt: boolean }> = {}) =>
      actionFor({ key: k, mod: false, shift: false, alt: false, ...mods });
    expect(key('z', { mod: true })).toBe('undo');
    expect(key('Z', { mod: true, shift: true })).toBe('redo');
    expect(key('y', { mod: true })).toBe('redo');
    expect(key('ArrowLeft')).toBe('move-earlier');
    expect(key('ArrowRight', { shift: true })).toBe('lengthen');
    expect(key('Delete')).toBe('delete-caption');
    expect(key('3')).toBe('view-memory');
    expect(key('Enter', { mod: true })).toBe('generate');
    expect(key('q')).toBeUndefined();
  });
});
