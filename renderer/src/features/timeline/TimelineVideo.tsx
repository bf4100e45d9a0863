/**
 * The video row: the imported footage as the opening segment (its thumbnail strip), then each
 * generated chunk of the current take at its place, drawn from its preview strip, so the video
 * visibly grows chunk by chunk; the chunk being made shows as a pulsing slot. Only chunks in
 * `span` (near the scroll view) are drawn, a long take has thousands; zoomed far out, runs of
 * chunks too narrow to see share one segment.
 */
import { formatTime, inSpan, secToPx, type TimeSpan } from '../../editor/time-scale';
import { useObservable } from '../../shared/use-observable';
import { ProjectImage } from '../project/ProjectImage';
import type { Chunk } from '../project/project-session';
import { useSession } from '../project/session-context';
import type { TimelineFrame } from './timeline-context';

/** Chunks narrower than this are drawn in groups, each showing its first chunk's strip. */
const MIN_SEGMENT_PX = 24;

/** A drawn segment: one chunk, or a run of chunks too narrow to draw one by one. */
interface Segment {
  first: Chunk;
  last: Chunk;
  startSec: number;
  endSec: number;
}

/**
 * The segments to draw in `span`: every chunk when a chunk is at least MIN_SEGMENT_PX wide, else
 * runs of `group` chunks (aligned on the chunk index, so they do not shift while scrolling).
 */
function segments(chunks: readonly Chunk[], fps: number, span: TimeSpan, pxPerSec: number): Segment[] {
  const first = chunks[0];
  if (!first) return [];
  const chunkPx = ((first.frameEnd - first.frameStart) / fps) * pxPerSec;
  const group = Math.max(1, Math.ceil(MIN_SEGMENT_PX / Math.max(chunkPx, 1e-6)));
  const out: Segment[] = [];
  for (let i = 0; i < chunks.length; i += 1) {
    const chunk = chunks[i] as Chunk;
    if (chunk.chunkIndex % group !== 0 && i !== 0) continue;
    const last = chunks[Math.min(chunks.length - 1, i + group - 1 - (chunk.chunkIndex % group))] as Chunk;
    const startSec = chunk.frameStart / fps;
    const endSec = last.frameEnd / fps;
    if (inSpan(span, startSec, endSec)) out.push({ first: chunk, last, startSec, endSec });
  }
  return out;
}

export function TimelineVideo({ frame, span }: { frame: TimelineFrame; span: TimeSpan }) {
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
        segments(chunks, fps, span, scale.pxPerSec).map(({ first, last, startSec, endSec }) => (
          <div
            key={first.id}
            className={`chunk-segment${first.takeId === take?.id ? '' : ' inherited'}`}
            data-testid="chunk-segment"
            style={{ left: secToPx(scale, startSec), width: (endSec - startSec) * scale.pxPerSec }}
            title={first === last
              ? `Chunk ${first.chunkIndex + 1}: "${first.caption}" (seed ${first.seed})`
              : `Chunks ${first.chunkIndex + 1}-${last.chunkIndex + 1} (zoom in to see each): "${first.caption}"`}
          >
            {first.previewPath && <ProjectImage path={first.previewPath} alt={`Chunk ${first.chunkIndex + 1}`} className="strip-image" />}
          </div>
        ))}
      {generating && fps !== null && (
        <div className="chunk-segment making" style={{ left: secToPx(scale, nextStart), width: Math.max(chunkSec * scale.pxPerSec, 4) }} title="Being generated" />
      )}
      {chunks.length === 0 && !opening && <span className="track-hint">Generated video appears here, chunk by chunk</span>}
    </div>
  );
}
