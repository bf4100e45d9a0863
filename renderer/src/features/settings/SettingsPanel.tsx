/** The open project's settings, editable; saved in one call, answered with what was stored. */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import type { ModelChoice } from '../../shared/ModelField';
import { SettingsFields } from '../../shared/SettingsFields';
import { draftFrom, patchFrom, type DraftKey } from '../../shared/settings-draft';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

const KEYS: readonly DraftKey[] = ['name', 'durationSec', 'fps', 'resolution', 'modelId', 'memoryPreset', 'seed', 'samplingSteps', 'guidance'];

/** The last two folder names of a path ("pretrain-3f2a/model"): a short label that still tells runs apart. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).slice(-2).join('/') || path;
}

export function SettingsPanel() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const revision = useObservable(session.revision);
  const [models] = useLoad(() => session.api.models.list({ projectId: session.projectId }), [session, revision]);
  const [draft, setDraft] = useState(() => draftFrom(settings));
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const registered: ModelChoice[] = models.state === 'ok'
    ? models.value.filter((m) => m.kind === 'model').map((m) => ({ value: String(m.id), label: `Trained: ${baseName(m.path)} (${m.preset})` }))
    : [];

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = patchFrom(draft, KEYS);
    if (!checked.ok) {
      setError({ code: 'invalid_input', message: checked.message });
      return;
    }
    const answer = await session.api.projects.updateSettings({ projectId: session.projectId, patch: checked.patch });
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(undefined);
    setDraft(draftFrom(answer.value));
    setSaved(true);
    session.settingsSaved(answer.value);
  }

  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Project settings</h2>
      <form onSubmit={save} onChange={() => setSaved(false)}>
        <SettingsFields draft={draft} keys={KEYS} onChange={setDraft} models={registered} />
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="primary">
          Save settings
        </button>
        {saved && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
      </form>
    </section>
  );
}
