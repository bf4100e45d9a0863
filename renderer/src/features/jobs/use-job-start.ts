/**
 * Queuing a job from a form or a button. Every place that starts a job (generation retakes,
 * training, evaluation, export, footage import, fidelity strip, cancel and retry) wants the same
 * steps: show the job on the board at once, not only when its first event arrives; keep the
 * failure for the form's own <ErrorNotice> until the next try succeeds; say when the call is out,
 * so a slow start (evaluation data is written before the job is queued) disables its button.
 * A new generation goes through `startGeneration` instead: the keyboard starts it too, outside any
 * component, and its failure shows in the header (`session.problem`), not in a form.
 */
import { useState } from 'react';
import type { ApiError, Result } from '../../../../preload/api';
import { useSession } from '../project/session-context';
import type { Job } from './job-board';

/** What a component that starts jobs renders from, and how it starts one. */
export interface JobStart {
  /** The last failure, for an <ErrorNotice>; null once a call succeeds. */
  error: ApiError | null;
  /** Shows a problem found without calling (a field check) or by a related call (a delete). */
  setError: (error: ApiError | null) => void;
  /** Whether a call made by `queue` has not answered yet. */
  busy: boolean;
  /** Waits for `call` (an Api call that queues a job), shows its job or its error, and returns its answer. */
  queue: (call: Promise<Result<Job>>) => Promise<Result<Job>>;
}

/** The error, busy flag and queue of one component that starts jobs of the current project. */
export function useJobStart(): JobStart {
  const session = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function queue(call: Promise<Result<Job>>): Promise<Result<Job>> {
    setBusy(true);
    const answer = await call;
    setBusy(false);
    setError(answer.ok ? null : answer.error);
    if (answer.ok) session.jobs.upsert([answer.value]);
    return answer;
  }

  return { error, setError, busy, queue };
}
