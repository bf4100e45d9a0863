/**
 * The video row: the imported footage as the opening segment (its thumbnail strip), then each
 * generated chunk of the current take at its place, drawn from its preview strip, so the video
 * visibly grows chunk by chunk; the chunk being made shows as a pulsing slot.
 */
import { formatTime, secToPx } from '../../editor/time-scale';
import { useObservable } from '../../shared/use-observable';
import { ProjectImage } from '../project/ProjectImage';
import { useSession } from '../project/session-context';
import type { TimelineFrame } from './timeline-context';

export function TimelineVideo({ frame }: { frame: TimelineFrame }) {
  const session = useSession();
  const { chunks, take } = useObservable(session.takes);
  const footage = useObservable(session.footage);
  const model = useObservable(session.model);
  const jobs = useObservable(session.jobs);
  const { scale, openingSec } = frame;
  const fps = model.state === 'ok' ? model.value.fps : null;
  const opening = footage.at(-1);
  const generating = jobs.some((view) => view.job.kind === 'generate' && view.job.status === 'running');
  const last = chunks.at(-1);
  const nextStart = fps === null || !last ? 0 : last.frameEnd / fps;
  const chunkSec = frame.chunkSec ?? 0;

  return (
    <div className="video-row" data-testid="video-row">
      {opening && (
        <div className="footage-segment" style={{ left: secToPx(scale, -openingSec), width: openingSec * scale.pxPerSec }} title={`Imported footage, ${formatTime(openingSec)}: the opening memory`}>
          {opening.thumbsPath ? <ProjectImage path={opening.thumbsPath} alt="Imported footage" className="strip-image" /> : null}
          <span className="segment-label">Footage</span>
        </div>
      )}
      {fps !== null &&
        chunks.map((chunk) => (
          <div
            key={chunk.id}
            className={`chunk-segment${chunk.takeId === take?.id ? '' : ' inherited'}`}
            data-testid="chunk-segment"
            style={{ left: secToPx(scale, chunk.frameStart / fps), width: ((chunk.frameEnd - chunk.frameStart) / fps) * scale.pxPerSec }}
            title={`Chunk ${chunk.chunkIndex + 1}: "${chunk.caption}" (seed ${chunk.seed})`}
          >
            {chunk.previewPath && <ProjectImage path={chunk.previewPath} alt={`Chunk ${chunk.chunkIndex + 1}`} className="strip-image" />}
          </div>
        ))}
      {generating && fps !== null && (
        <div className="chunk-segment making" style={{ left: secToPx(scale, nextStart), width: Math.max(chunkSec * scale.pxPerSec, 4) }} title="Being generated" />
      )}
      {chunks.length === 0 && !opening && <span className="track-hint">Generated video appears here, chunk by chunk</span>}
    </div>
  );
}
