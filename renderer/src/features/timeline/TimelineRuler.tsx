/** The time ruler: labelled seconds, the chunk grid, the end of the video; press or drag to move the playhead. */
import { useRef, type PointerEvent } from 'react';
import { gridLines, pxToSec, rulerTicks, secToPx, type TimeSpan } from '../../editor/time-scale';
import { useSession } from '../project/session-context';
import type { TimelineFrame } from './timeline-context';

/** `span`: the seconds near the view; ticks and grid lines outside it are not drawn. */
export function TimelineRuler({ frame, span }: { frame: TimelineFrame; span: TimeSpan }) {
  const session = useSession();
  const { scale, chunkSec, durationSec } = frame;
  const scrubbing = useRef(false);

  function seek(event: PointerEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    const sec = pxToSec(scale, event.clientX - rect.left);
    session.playhead.set(Math.min(Math.max(sec, scale.startSec), scale.endSec));
  }

  return (
    <div
      className="ruler"
      data-testid="timeline-ruler"
      onPointerDown={(event) => {
        scrubbing.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        seek(event);
      }}
      onPointerMove={(event) => scrubbing.current && seek(event)}
      onPointerUp={() => {
        scrubbing.current = false;
      }}
    >
      {chunkSec !== null &&
        gridLines(scale, chunkSec, 0, span).map((sec) => <span key={sec} className="ruler-grid" style={{ left: secToPx(scale, sec) }} />)}
      {rulerTicks(scale, span).map((tick) => (
        <span key={tick.sec} className="ruler-tick" style={{ left: secToPx(scale, tick.sec) }}>
          {tick.label}
        </span>
      ))}
      <span className="ruler-end" style={{ left: secToPx(scale, durationSec) }} title="End of the video" />
    </div>
  );
}
