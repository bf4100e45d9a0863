/**
 * The fidelity strip along the timeline: how well the compressed memory retrieves each moment of
 * the current take (PSNR), coloured from weak (red) to faithful (green), so weak spots show
 * where they are in the story.
 */
import { secToPx } from '../../editor/time-scale';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import type { TimelineFrame } from './timeline-context';

/** PSNR (dB) mapped to the colour scale's ends. */
const WEAK_DB = 12;
const STRONG_DB = 32;

/** A hue from red (weak) to green (strong) for a PSNR. */
export function fidelityColour(psnr: number): string {
  const t = Math.min(1, Math.max(0, (psnr - WEAK_DB) / (STRONG_DB - WEAK_DB)));
  return `hsl(${Math.round(t * 130)} 65% 45%)`;
}

export function TimelineFidelity({ frame }: { frame: TimelineFrame }) {
  const session = useSession();
  const strip = useObservable(session.fidelity);
  const { footageSec } = useObservable(session.takes);
  const { scale } = frame;
  if (!strip || strip.points.length === 0) {
    return (
      <div className="fidelity-row" data-testid="fidelity-row">
        <span className="track-hint">Memory fidelity: compute it in the Memory view after generating</span>
      </div>
    );
  }
  const points = strip.points;
  // Each cell reaches the next point; the last one is as wide as the average spacing.
  const first = points[0] as (typeof points)[number];
  const last = points.at(-1) as (typeof points)[number];
  const average = points.length > 1 ? (last.timeSec - first.timeSec) / (points.length - 1) : 1 / strip.fps;
  return (
    <div className="fidelity-row" data-testid="fidelity-row">
      {points.map((point, index) => {
        const start = point.timeSec - footageSec;
        const width = (points[index + 1]?.timeSec ?? point.timeSec + average) - point.timeSec;
        return (
          <span
            key={point.frame}
            className="fidelity-cell"
            style={{ left: secToPx(scale, start), width: Math.max(width * scale.pxPerSec, 2), background: fidelityColour(point.psnr) }}
            title={`${point.psnr.toFixed(1)} dB PSNR, SSIM ${point.ssim.toFixed(3)} (mean-frame baseline ${point.meanFramePsnr.toFixed(1)} dB)`}
          />
        );
      })}
    </div>
  );
}
