/**
 * For a run that stopped (cancelled, failed, interrupted) with a checkpoint kept: make a model of
 * that checkpoint, so a run stopped once it was good enough can be used without training on.
 * The model appears under "Models and checkpoints", ready to use in the project.
 */
import { useState } from 'react';
import type { ApiError, CallOutput } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useSession } from '../project/session-context';

type Run = CallOutput<'training.listRuns'>[number];

/** Whether a run can give a model of its checkpoint: it stopped, and kept one. */
export const canMakeModel = (run: Run): boolean => run.checkpointStep !== null && run.status !== 'running' && run.status !== 'done';

export function CheckpointModel({ run }: { run: Run }) {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [made, setMade] = useState<number | null>(null);

  async function make() {
    setBusy(true);
    const answer = await session.api.training.modelFromCheckpoint({ projectId: session.projectId, runId: run.id });
    setBusy(false);
    setError(answer.ok ? null : answer.error);
    if (!answer.ok) return;
    setMade(run.id);
    session.bump();
  }

  return (
    <div className="checkpoint-model">
      <p className="muted">
        Run #{run.id} {run.status} with its checkpoint of step {run.checkpointStep} kept: Retry continues it, or use it as it is.
      </p>
      <button type="button" className="small" disabled={busy} onClick={() => void make()}>
        {busy ? 'Making the model…' : `Make a model from step ${run.checkpointStep}`}
      </button>
      {made === run.id && <span className="tag ok">listed under Models and checkpoints</span>}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
