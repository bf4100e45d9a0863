/** Models and checkpoints the project has, with their scores; one click makes a model the project's. */
import { useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { baseName, formatWhen } from '../../shared/format';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

/** The numeric scores of a model's metrics JSON, a few of them. */
function scores(metrics: unknown): string {
  if (typeof metrics !== 'object' || metrics === null) return '';
  return Object.entries(metrics as Record<string, unknown>)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && /psnr|loss/i.test(entry[0]))
    .slice(0, 3)
    .map(([name, value]) => `${name} ${value.toFixed(3)}`)
    .join(' · ');
}

export function ModelList() {
  const session = useSession();
  const revision = useObservable(session.revision);
  const settings = useObservable(session.settings);
  const [models] = useLoad(() => session.api.models.list({ projectId: session.projectId }), [session, revision]);
  const [error, setError] = useState<ApiError | null>(null);

  async function use(id: number) {
    const answer = await session.api.projects.updateSettings({ projectId: session.projectId, patch: { modelId: String(id) } });
    if (!answer.ok) return setError(answer.error);
    setError(null);
    session.settingsSaved(answer.value);
  }

  return (
    <section className="panel" aria-labelledby="models-title">
      <h2 id="models-title">Models and checkpoints</h2>
      {models.state === 'ok' && models.value.length === 0 && <p className="muted">Finished training runs register their model here.</p>}
      <ul className="model-list">
        {models.state === 'ok' &&
          models.value.map((model) => (
            <li key={model.id}>
              <span className="model-name">
                {model.kind === 'model' ? 'Model' : 'Checkpoint'} {baseName(model.path)} <span className="tag">{model.preset}</span>
              </span>
              <span className="fact-detail">
                {formatWhen(model.createdAt)} {scores(model.metrics)}
              </span>
              {settings.modelId === String(model.id) ? (
                <span className="tag ok">in use</span>
              ) : (
                <button type="button" className="small" onClick={() => void use(model.id)}>
                  Use in this project
                </button>
              )}
            </li>
          ))}
      </ul>
      {models.state === 'error' && <ErrorNotice error={models.error} />}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
