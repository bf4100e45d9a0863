/**
 * What every row of the timeline derives from the session: the time scale (footage before 0,
 * the video, room to drag past its end), the chunk grid and the video's duration.
 */
import type { TimeScale } from '../../editor/time-scale';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

/** The timeline's geometry. */
export interface TimelineFrame {
  scale: TimeScale;
  /** One chunk of the model, seconds; null until the model is known. */
  chunkSec: number | null;
  durationSec: number;
  /** Seconds of the footage that opens the next generation (the newest imported clip). */
  openingSec: number;
}

/** Room after the end of the video, so a caption can be dragged past it (and warned about). */
const TAIL_SEC = 2;

export function useTimelineFrame(): TimelineFrame {
  const session = useSession();
  const { captions } = useObservable(session.editor);
  const settings = useObservable(session.settings);
  const model = useObservable(session.model);
  const footage = useObservable(session.footage);
  const zoom = useObservable(session.zoom);
  const opening = footage.at(-1);
  const openingSec = opening ? opening.frameCount / opening.fps : 0;
  const lastEnd = Math.max(settings.durationSec, ...captions.map((c) => c.endSec));
  return {
    scale: { startSec: -openingSec, endSec: lastEnd + TAIL_SEC, pxPerSec: zoom },
    chunkSec: model.state === 'ok' ? model.value.chunkFrames / model.value.fps : null,
    durationSec: settings.durationSec,
    openingSec,
  };
}
