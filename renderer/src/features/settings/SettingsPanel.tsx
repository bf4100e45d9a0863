/** The open project's settings, editable; saved in one call, answered with what was stored. */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { registeredModelChoices } from '../../shared/ModelField';
import { SettingsFields } from '../../shared/SettingsFields';
import { draftFrom, patchFrom, type DraftKey } from '../../shared/settings-draft';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import { GeometryNote } from './GeometryNote';

const KEYS: readonly DraftKey[] = ['name', 'durationSec', 'fps', 'resolution', 'modelId', 'memoryPreset', 'seed', 'samplingSteps', 'guidance'];

export function SettingsPanel() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const revision = useObservable(session.revision);
  const [models] = useLoad(() => session.api.models.list({ projectId: session.projectId }), [session, revision]);
  const [draft, setDraft] = useState(() => draftFrom(settings));
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);
  const registered = models.state === 'ok' ? registeredModelChoices(models.value) : [];

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
        <GeometryNote settings={settings} />
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
