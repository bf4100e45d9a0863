/**
 * The Evaluation section of the Training view: start a comparison, follow its job, and read every
 * stored result of the project, newest first. Results are re-read whenever a job ends or writes
 * a file (the session's revision), so a finished evaluation appears without a reload.
 */
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { JobProgress } from '../jobs/JobProgress';
import { useSession } from '../project/session-context';
import { EvaluationCard } from './EvaluationCard';
import { EvaluationForm } from './EvaluationForm';

/** Eval jobs shown at once: the running one and the last few. */
const JOBS_SHOWN = 3;

export function EvaluationPanel() {
  const session = useSession();
  const revision = useObservable(session.revision);
  const jobs = useObservable(session.jobs).filter((view) => view.job.kind === 'eval').slice(0, JOBS_SHOWN);
  const [choices] = useLoad(() => session.api.evaluations.choices({ projectId: session.projectId }), [session, revision]);
  const [list] = useLoad(() => session.api.evaluations.list({ projectId: session.projectId }), [session, revision]);
  const evaluations = list.state === 'ok' ? list.value : [];
  return (
    <section className="panel evaluation" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">Evaluation</h2>
      <div className="evaluation-grid">
        <div className="stack">
          {choices.state === 'ok' && <EvaluationForm choices={choices.value} evaluations={evaluations} />}
          {choices.state === 'error' && <ErrorNotice error={choices.error} />}
          {jobs.map((view) => (
            <JobProgress key={view.job.id} view={view} compact />
          ))}
        </div>
        <div className="stack eval-results" aria-label="Evaluation results">
          {list.state === 'error' && <ErrorNotice error={list.error} />}
          {list.state === 'ok' && evaluations.length === 0 && (
            <p className="muted" data-testid="eval-empty">
              No evaluation yet. An evaluation trains small models on Storyworld, whose ground truth is exact, and checks the paper&apos;s claims: that a
              memory pretrained to preserve frames rebuilds any past frame better than other encoders of the same size, and that with it a character or
              place that comes back after a cut looks the same as before. It can also score a trained model as it is, beside baselines.
            </p>
          )}
          {evaluations.map((evaluation) => (
            <EvaluationCard key={evaluation.id} evaluation={evaluation} />
          ))}
        </div>
      </div>
    </section>
  );
}
