/**
 * The timeline docked under every view of a project: toolbar, then rows on one time axis: the
 * ruler with the chunk grid, the video (footage and generated chunks), the captions, and the
 * memory's fidelity strip, with the playhead across them. Ctrl+wheel zooms. Rows draw only the
 * chunks, ticks and grid lines near the scroll view (visibleSpan), and the view follows the
 * playhead when it moves out of sight, so an hour-long take scrolls as smoothly as a minute.
 */
import { useEffect, useRef } from 'react';
import { fitZoom, scaleWidth, secToPx, stepZoom, visibleSpan, wholeSpan } from '../../editor/time-scale';
import { validateStoryboard } from '../../editor/validation';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import { TimelineCaptions } from './TimelineCaptions';
import { TimelineFidelity } from './TimelineFidelity';
import { TimelineRuler } from './TimelineRuler';
import { TimelineToolbar } from './TimelineToolbar';
import { TimelineVideo } from './TimelineVideo';
import { useTimelineFrame } from './timeline-context';
import { useScrollView } from './use-scroll-view';

export function Timeline() {
  const session = useSession();
  const { captions, error } = useObservable(session.editor);
  const playhead = useObservable(session.playhead);
  const frame = useTimelineFrame();
  const scroller = useRef<HTMLDivElement>(null);
  const problems = validateStoryboard(captions, { chunkSec: frame.chunkSec ?? 0, durationSec: frame.durationSec });
  const { scale } = frame;
  const view = useScrollView(scroller);
  // Before the view is measured (its first frame) everything is drawn, as before windowing.
  const span = view.widthPx > 0 ? visibleSpan(scale, view.leftPx, view.widthPx) : wholeSpan(scale);

  // The first time the model's grid is known, the zoom fits the whole video in view.
  const fitted = useRef(false);
  const spanSec = scale.endSec - scale.startSec;
  useEffect(() => {
    if (fitted.current || frame.chunkSec === null || !scroller.current) return;
    fitted.current = true;
    session.zoom.set(fitZoom(spanSec, scroller.current.clientWidth - 16));
  }, [session, frame.chunkSec, spanSec]);

  // A playhead moved out of sight (keys, playback) brings the view along, a third in from the left.
  const playheadPx = secToPx(scale, playhead);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (playheadPx < element.scrollLeft || playheadPx > element.scrollLeft + element.clientWidth) {
      element.scrollLeft = Math.max(0, playheadPx - element.clientWidth / 3);
    }
  }, [playheadPx]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    // A native listener: React's wheel listeners are passive and could not stop the page zooming.
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      session.zoom.set(stepZoom(session.zoom.get(), event.deltaY < 0 ? 1 : -1));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [session]);

  return (
    <section className="timeline" aria-label="Timeline">
      <TimelineToolbar frame={frame} problems={problems} viewWidth={() => (scroller.current?.clientWidth ?? 800) - 16} />
      {error && <ErrorNotice error={error} />}
      <div className="timeline-body">
        <div className="timeline-labels" aria-hidden>
          <span className="label-ruler" />
          <span>Video</span>
          <span>Story</span>
          <span>Memory</span>
        </div>
        <div className="timeline-scroll" ref={scroller}>
          <div className="timeline-content" style={{ width: scaleWidth(scale) }}>
            <TimelineRuler frame={frame} span={span} />
            <TimelineVideo frame={frame} span={span} />
            <TimelineCaptions frame={frame} problems={problems} />
            <TimelineFidelity frame={frame} />
            <span className="zero-line" style={{ left: secToPx(scale, 0) }} aria-hidden />
            <span className="playhead" style={{ left: secToPx(scale, playhead) }} aria-hidden />
          </div>
        </div>
      </div>
    </section>
  );
}
