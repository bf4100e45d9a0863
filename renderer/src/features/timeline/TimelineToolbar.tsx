/** The timeline's toolbar: add, undo/redo, snapping, zoom, the playhead's time and the save state. */
import { newCaptionSpan } from '../../editor/caption-edits';
import { fitZoom, formatTime, stepZoom } from '../../editor/time-scale';
import type { Problem } from '../../editor/validation';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import type { TimelineFrame } from './timeline-context';

interface Props {
  frame: TimelineFrame;
  problems: readonly Problem[];
  /** Width of the visible timeline, for "fit". */
  viewWidth: () => number;
}

export function TimelineToolbar({ frame, problems, viewWidth }: Props) {
  const session = useSession();
  const { editor } = session;
  const state = useObservable(editor);
  const snap = useObservable(session.snap);
  const zoom = useObservable(session.zoom);
  const playhead = useObservable(session.playhead);
  const chunkSec = frame.chunkSec ?? 0.25;

  return (
    <div className="timeline-toolbar" role="toolbar" aria-label="Timeline tools">
      <button type="button" className="primary small" onClick={() => session.draft.set(newCaptionSpan(state.captions, playhead, chunkSec))} title="New caption at the playhead (N)">
        + Caption
      </button>
      <button type="button" className="small" onClick={() => editor.undo()} disabled={state.position === 0} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" className="small" onClick={() => editor.redo()} disabled={state.position === state.history.length} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <label className="toggle" title="Snap captions to the model's chunk grid (S); hold Alt while dragging to place freely">
        <input type="checkbox" checked={snap} onChange={(event) => session.snap.set(event.target.checked)} />
        Snap to chunks{frame.chunkSec !== null ? ` (${Number(frame.chunkSec.toFixed(3))} s)` : ''}
      </label>
      <div className="zoom" aria-label="Zoom">
        <button type="button" className="small icon" onClick={() => session.zoom.set(stepZoom(zoom, -1))} aria-label="Zoom out" title="Zoom out (-)">
          −
        </button>
        <span className="zoom-value">{zoom} px/s</span>
        <button type="button" className="small icon" onClick={() => session.zoom.set(stepZoom(zoom, 1))} aria-label="Zoom in" title="Zoom in (+)">
          +
        </button>
        <button type="button" className="small" onClick={() => session.zoom.set(fitZoom(frame.scale.endSec - frame.scale.startSec, viewWidth()))} title="Fit (0)">
          Fit
        </button>
      </div>
      <span className="toolbar-spacer" />
      <span className="playhead-time" aria-label="Playhead">
        {formatTime(playhead)} / {formatTime(frame.durationSec)}
      </span>
      <span className={problems.length > 0 ? 'problem-count' : 'ok-count'} role="status">
        {problems.length === 0 ? 'Storyboard OK' : `${problems.length} problem${problems.length === 1 ? '' : 's'}`}
      </span>
      <span className="save-state" role="status" aria-live="polite">
        {state.unsaved > 0 ? 'Saving…' : 'Saved'}
      </span>
    </div>
  );
}
