/** The project's job queue: running and queued jobs first, then the finished ones. */
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useSession } from '../project/session-context';

/** Finished jobs kept in view; older ones stay in the project. */
const SHOWN_FINISHED = 6;

export function JobQueue() {
  const session = useSession();
  const jobs = useObservable(session.jobs);
  const active = jobs.filter((view) => view.job.status === 'running' || view.job.status === 'queued' || view.job.status === 'interrupted');
  const finished = jobs.filter((view) => !active.includes(view)).slice(0, SHOWN_FINISHED);
  return (
    <section className="panel" aria-labelledby="queue-title">
      <h2 id="queue-title">Queue</h2>
      {jobs.length === 0 && <p className="muted">Nothing queued. Jobs run one at a time and survive a restart.</p>}
      <div className="job-list">
        {[...active, ...finished].map((view) => (
          <JobProgress key={view.job.id} view={view} />
        ))}
      </div>
    </section>
  );
}
