/**
 * One job's state as a line: what it is, its status, its progress bar with step, rate and ETA,
 * and Cancel (while it runs) or Retry (after it failed, was cancelled or interrupted). A failed
 * job says what happened and what to do.
 */
import { ErrorNotice } from '../../shared/ErrorNotice';
import { formatDuration, formatPercent } from '../../shared/format';
import { ProgressBar } from '../../shared/ProgressBar';
import { useSession } from '../project/session-context';
import { isActive, type JobView } from './job-board';
import { useJobStart } from './use-job-start';

const KIND_NAMES: Record<JobView['job']['kind'], string> = {
  generate: 'Generation',
  train: 'Training',
  eval: 'Evaluation',
  import: 'Footage import',
  export: 'Export',
  fidelity: 'Fidelity strip',
};

const ADVICE: Partial<Record<JobView['job']['kind'], string>> = {
  import: 'Choose a video file ffmpeg can read (MP4, MOV, MKV, WebM...) and try again.',
  generate: 'Check the model in Settings, then Retry: finished chunks are kept.',
  export: 'Fix what the message says (free disk space, a finished take), then Retry.',
  train: 'Retry continues from the last checkpoint.',
};

/** The name of a job's kind, e.g. "Footage import". */
export function jobName(view: JobView): string {
  return `${KIND_NAMES[view.job.kind]} #${view.job.id}`;
}

export function JobProgress({ view, compact = false }: { view: JobView; compact?: boolean }) {
  const session = useSession();
  const { error, queue } = useJobStart();
  const { job } = view;
  const active = isActive(job.status);

  async function act(call: 'cancel' | 'resume') {
    const answer = await queue(session.api.jobs[call]({ projectId: session.projectId, id: job.id }));
    if (answer.ok && call === 'resume') void session.reloadJobs();
  }

  const fraction = job.total > 0 ? job.step / job.total : job.status === 'done' ? 1 : 0;
  const eta = view.etaSec !== null && job.status === 'running' ? ` · ${formatDuration(view.etaSec)} left` : '';
  const rate = view.rate !== null && job.status === 'running' ? ` · ${view.rate.toFixed(view.rate < 10 ? 2 : 0)} steps/s` : '';
  return (
    <div className={`job job-${job.status}${compact ? ' compact' : ''}`} data-testid="job" data-job-id={job.id} data-status={job.status}>
      <div className="job-head">
        <span className="job-name">{jobName(view)}</span>
        <span className={`status-chip status-${job.status}`}>{job.status}</span>
        <span className="job-actions">
          {active && (
            <button type="button" className="small" onClick={() => void act('cancel')}>
              Cancel
            </button>
          )}
          {(job.status === 'failed' || job.status === 'cancelled' || job.status === 'interrupted') && (
            <button type="button" className="small" onClick={() => void act('resume')}>
              {job.status === 'interrupted' ? 'Resume' : 'Retry'}
            </button>
          )}
        </span>
      </div>
      {(active || job.status === 'done') && (
        <>
          <ProgressBar value={job.status === 'queued' ? null : fraction} label={`${jobName(view)} progress`} tone={job.status === 'done' ? 'ok' : 'accent'} />
          <div className="job-line">
            {job.status === 'queued' ? 'waiting for the job before it' : `${formatPercent(fraction)}${job.message ? ` · ${job.message}` : ''}${rate}${eta}`}
          </div>
        </>
      )}
      {job.status === 'failed' && (
        <p className="job-error" role="alert">
          {job.error ?? 'the job failed'}. {ADVICE[job.kind] ?? ''}
        </p>
      )}
      {job.status === 'interrupted' && <p className="job-line">Interrupted ({job.error ?? 'the app stopped'}); it resumes from its last finished step.</p>}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
