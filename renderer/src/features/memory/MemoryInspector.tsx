/**
 * What the memory remembers of one moment: scrub to any time of the history (footage, then the
 * generated video), and see the original frame, the frame retrieved from the compressed memory
 * and their difference (x4) side by side, scaled up without smoothing, with PSNR and SSIM. The
 * scrubber is the playhead, so clicking the ruler inspects that moment too.
 */
import { useEffect, useState } from 'react';
import type { ApiError, CallOutput } from '../../../../preload/api';
import { formatTime } from '../../editor/time-scale';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { ProjectImage } from '../project/ProjectImage';
import { useSession } from '../project/session-context';

type Inspection = CallOutput<'memory.inspect'>;

/** Wait this long after the last scrub before asking (each answer runs a retrieval pass). */
const SETTLE_MS = 250;

export function MemoryInspector() {
  const session = useSession();
  const { take, chunks, footageSec } = useObservable(session.takes);
  const model = useObservable(session.model);
  const playhead = useObservable(session.playhead);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fps = model.state === 'ok' ? model.value.fps : null;
  const generatedSec = fps !== null && chunks.length > 0 ? (chunks.at(-1) as (typeof chunks)[number]).frameEnd / fps : 0;
  const frameSec = fps === null ? 0.125 : 1 / fps;
  const lastSec = generatedSec - frameSec;
  const time = Math.min(Math.max(playhead, -footageSec), Math.max(lastSec, -footageSec));
  const takeId = take?.id;
  const hasHistory = takeId !== undefined && (chunks.length > 0 || footageSec > 0);

  useEffect(() => {
    if (!hasHistory || takeId === undefined) return;
    let current = true;
    const timer = setTimeout(() => {
      setBusy(true);
      void session.api.memory.inspect({ projectId: session.projectId, takeId, timeSec: Math.max(0, time + footageSec) }).then((answer) => {
        if (!current) return;
        setBusy(false);
        setInspection(answer.ok ? answer.value : null);
        setError(answer.ok ? null : answer.error);
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [session, takeId, time, footageSec, hasHistory]);

  if (!hasHistory) {
    return (
      <section className="panel" aria-labelledby="inspector-title">
        <h2 id="inspector-title">Memory inspector</h2>
        <p className="muted">Generate the storyboard first: the inspector shows what the memory keeps of every moment generated so far.</p>
      </section>
    );
  }

  return (
    <section className="panel memory-inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">Memory inspector</h2>
      <div className="scrubber">
        <input
          type="range"
          aria-label="Moment to inspect"
          min={-footageSec}
          max={Math.max(lastSec, -footageSec)}
          step={frameSec}
          value={time}
          onChange={(event) => session.playhead.set(Number(event.target.value))}
        />
        <span className="scrub-time">{formatTime(time)}</span>
      </div>
      <div className="triptych" aria-busy={busy}>
        {(['original', 'reconstruction', 'difference'] as const).map((kind) => (
          <figure key={kind}>
            {inspection ? <ProjectImage path={inspection[`${kind}Path`]} alt={`${kind} frame`} className="inspect-image" /> : <div className="inspect-image placeholder" />}
            <figcaption>{kind === 'original' ? 'Original' : kind === 'reconstruction' ? 'Retrieved from memory' : 'Difference ×4'}</figcaption>
          </figure>
        ))}
      </div>
      {error && <ErrorNotice error={error} />}
      {inspection && (
        <dl className="scores" data-testid="memory-scores">
          <div>
            <dt>PSNR</dt>
            <dd>{inspection.psnr.toFixed(2)} dB</dd>
          </div>
          <div>
            <dt>SSIM</dt>
            <dd>{inspection.ssim.toFixed(3)}</dd>
          </div>
          <div>
            <dt>Frame</dt>
            <dd>
              {inspection.frame + 1} {inspection.frame < footageSec * (fps ?? 0) ? '(footage)' : '(generated)'}
            </dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>{inspection.memoryTokens} tokens</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
