/**
 * Training runs of the project: each run's job (progress, cancel, resume), the chosen run's
 * loss and validation-retrieval charts, refreshed while it trains, and for a stopped run a model
 * of the checkpoint it kept.
 */
import { useEffect, useState } from 'react';
import { formatWhen } from '../../shared/format';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useSession } from '../project/session-context';
import { CheckpointModel, canMakeModel } from './CheckpointModel';
import { alignSeries } from './metric-series';
import { MetricChart } from './MetricChart';

/** How often the charts of a running job are re-read. */
const LIVE_MS = 2000;

export function TrainingRuns() {
  const session = useSession();
  const revision = useObservable(session.revision);
  const jobs = useObservable(session.jobs);
  const [tick, setTick] = useState(0);
  const [chosen, setChosen] = useState<number | null>(null);
  const [runs] = useLoad(() => session.api.training.listRuns({ projectId: session.projectId }), [session, revision, tick]);
  const list = runs.state === 'ok' ? [...runs.value].reverse() : [];
  const run = list.find((r) => r.id === chosen) ?? list[0];
  const [metrics] = useLoad(
    async () => (run ? session.api.training.metrics({ projectId: session.projectId, runId: run.id }) : { ok: true as const, value: [] }),
    [session, run?.id, revision, tick],
  );
  const training = jobs.some((view) => view.job.kind === 'train' && view.job.status === 'running');

  useEffect(() => {
    if (!training) return;
    const timer = setInterval(() => setTick((t) => t + 1), LIVE_MS);
    return () => clearInterval(timer);
  }, [training]);

  const rows = metrics.state === 'ok' ? metrics.value : [];
  const trainJobs = jobs.filter((view) => view.job.kind === 'train').slice(0, 3);
  return (
    <section className="panel training-runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {trainJobs.map((view) => (
        <JobProgress key={view.job.id} view={view} compact />
      ))}
      {list.length === 0 && <p className="muted">No training yet. A run writes checkpoints as it goes and resumes from the last one.</p>}
      {list.length > 0 && (
        <label className="field inline">
          <span>Run</span>
          <select value={run?.id} onChange={(e) => setChosen(Number(e.target.value))}>
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.stage} · {r.status} · {formatWhen(r.createdAt)}
              </option>
            ))}
          </select>
        </label>
      )}
      {run && canMakeModel(run) && <CheckpointModel run={run} />}
      {run && (
        <div className="charts">
          <MetricChart title="Loss" unit="loss" data={alignSeries(rows, 'loss')} />
          <MetricChart title="Validation retrieval (held-out clips)" unit="PSNR dB" data={alignSeries(rows, 'retrieval')} />
        </div>
      )}
    </section>
  );
}
