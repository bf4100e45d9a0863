/**
 * The fidelity strip of the current take: a job retrieves frames at regular times across the
 * whole memory and scores them; the result is drawn on the timeline's Memory row and summarised
 * here against the mean-frame baseline (a memory that cannot beat it remembers nothing useful).
 */
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useJobStart } from '../jobs/use-job-start';
import { useSession } from '../project/session-context';

export function FidelityPanel() {
  const session = useSession();
  const strip = useObservable(session.fidelity);
  const { take } = useObservable(session.takes);
  const jobs = useObservable(session.jobs);
  const { error, queue } = useJobStart();
  const latest = jobs.find((view) => view.job.kind === 'fidelity');

  async function compute() {
    await queue(session.api.memory.fidelityStrip({ projectId: session.projectId, ...(take ? { takeId: take.id } : {}) }));
  }

  const weakest = strip?.points.reduce((worst, point) => (point.psnr < worst.psnr ? point : worst), strip.points[0] as (typeof strip.points)[number]);
  return (
    <section className="panel" aria-labelledby="fidelity-title">
      <h2 id="fidelity-title">Fidelity strip</h2>
      {strip ? (
        <dl className="facts">
          <dt>Mean PSNR</dt>
          <dd>
            <strong>{strip.meanPsnr.toFixed(2)} dB</strong> <span className="fact-detail">mean-frame baseline {strip.meanFramePsnr.toFixed(2)} dB</span>
          </dd>
          <dt>Weakest</dt>
          <dd>{weakest ? `${weakest.psnr.toFixed(2)} dB at ${weakest.timeSec.toFixed(2)} s of memory` : '—'}</dd>
          <dt>Covers</dt>
          <dd>
            {strip.points.length} moments of {strip.historyFrames} frames ({strip.footageFrames} footage), {strip.memoryTokens} memory tokens
          </dd>
        </dl>
      ) : (
        <p className="muted">Score how well the memory retrieves every part of the take; weak spots show on the timeline.</p>
      )}
      {latest && <JobProgress view={latest} compact />}
      {error && <ErrorNotice error={error} />}
      <button type="button" onClick={() => void compute()} disabled={!take || (latest !== undefined && (latest.job.status === 'running' || latest.job.status === 'queued'))}>
        {strip ? 'Compute again' : 'Compute fidelity strip'}
      </button>
    </section>
  );
}
