/**
 * The caption track: feeds pointer events to the gesture machine (editor/gesture.ts), draws the
 * span a drag would give, and on release turns the outcome into one editor command (a move or a
 * resize), a selection, a seek, or a new caption written in place. Alt while dragging turns
 * snapping off; Escape abandons a drag.
 */
import { useRef, useState, type PointerEvent } from 'react';
import { IDLE, drag, press, previewSpan, release, type Gesture, type Hit, type Outcome } from '../../editor/gesture';
import { pxToSec, secToPx } from '../../editor/time-scale';
import { problemsById, type Problem } from '../../editor/validation';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import { InlineCaptionInput } from './InlineCaptionInput';
import { TimelineCaption } from './TimelineCaption';
import type { TimelineFrame } from './timeline-context';

/** What the pointer is over, read from the data attributes of the caption elements. */
function hitOf(target: EventTarget | null): Hit {
  const element = target instanceof Element ? target.closest<HTMLElement>('[data-hit]') : null;
  const id = Number(element?.dataset.id);
  const part = element?.dataset.hit;
  if (!element || !Number.isInteger(id) || (part !== 'body' && part !== 'start' && part !== 'end')) return { kind: 'track' };
  return { kind: 'caption', id, part };
}

export function TimelineCaptions({ frame, problems }: { frame: TimelineFrame; problems: readonly Problem[] }) {
  const session = useSession();
  const { editor } = session;
  const { captions, selectedId } = useObservable(editor);
  const snap = useObservable(session.snap);
  const editing = useObservable(session.editing);
  const draft = useObservable(session.draft);
  const [gesture, setGesture] = useState<Gesture>(IDLE);
  const gestureRef = useRef<Gesture>(IDLE);
  const { scale, chunkSec } = frame;
  const byId = problemsById(problems);

  const update = (next: Gesture) => {
    gestureRef.current = next;
    setGesture(next);
  };
  const secAt = (event: PointerEvent<HTMLDivElement>) => pxToSec(scale, event.clientX - event.currentTarget.getBoundingClientRect().left);
  const rules = (event: PointerEvent) => ({ chunkSec: chunkSec ?? 0.25, snap: snap && !event.altKey, minSec: 0 });

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || editing !== null || draft !== null) return;
    const hit = hitOf(event.target);
    const caption = hit.kind === 'caption' ? editor.caption(hit.id) : undefined;
    event.currentTarget.setPointerCapture(event.pointerId);
    update(press(hit, secAt(event), event.clientX, caption ? { startSec: caption.startSec, endSec: caption.endSec } : null));
  }

  function finish(outcome: Outcome) {
    switch (outcome.kind) {
      case 'none':
        return;
      case 'select':
        return editor.select(outcome.id);
      case 'seek':
        editor.select(null);
        return session.playhead.set(Math.max(outcome.sec, scale.startSec));
      case 'change':
        editor.select(outcome.id);
        return editor.change(outcome.id, outcome.span);
      case 'create':
        editor.select(null);
        return session.draft.set(outcome.span);
      default:
        return outcome satisfies never;
    }
  }

  const preview = previewSpan(gesture);
  return (
    <div
      className={`caption-track${gesture.kind === 'moving' ? ' is-moving' : ''}${gesture.kind === 'resizing' ? ' is-resizing' : ''}`}
      data-testid="caption-track"
      onPointerDown={onPointerDown}
      onPointerMove={(event) => gestureRef.current.kind !== 'idle' && update(drag(gestureRef.current, secAt(event), event.clientX, rules(event)))}
      onPointerUp={() => {
        const outcome = release(gestureRef.current);
        update(IDLE);
        finish(outcome);
      }}
      onPointerCancel={() => update(IDLE)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && gestureRef.current.kind !== 'idle') update(IDLE);
      }}
    >
      {captions.map((caption) => (
        <TimelineCaption
          key={caption.id}
          caption={caption}
          span={preview?.id === caption.id ? preview.span : caption}
          scale={scale}
          selected={caption.id === selectedId}
          editing={caption.id === editing}
          problems={byId.get(caption.id) ?? []}
          onSelect={() => editor.select(caption.id)}
          onEdit={() => session.editing.set(caption.id)}
          onCommitText={(text) => {
            session.editing.set(null);
            editor.change(caption.id, { text });
          }}
          onCancelEdit={() => session.editing.set(null)}
        />
      ))}
      {preview?.id === null && (
        <div className="caption-block is-new" style={{ left: secToPx(scale, preview.span.startSec), width: secToPx(scale, preview.span.endSec) - secToPx(scale, preview.span.startSec) }} />
      )}
      {draft && (
        <div className="caption-block is-new selected" style={{ left: secToPx(scale, draft.startSec), width: Math.max(secToPx(scale, draft.endSec) - secToPx(scale, draft.startSec), 160) }}>
          <InlineCaptionInput
            initial=""
            label="New caption text"
            onCommit={(text) => {
              session.draft.set(null);
              editor.add({ ...draft, text, transition: 'continuous' });
            }}
            onCancel={() => session.draft.set(null)}
          />
        </div>
      )}
      {captions.length === 0 && !draft && preview === null && (
        <span className="track-hint">Drag here to add a caption, or press N</span>
      )}
    </div>
  );
}
