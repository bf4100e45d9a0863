/** The open project's settings, editable; saved in one call, answered with what was stored. */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { SettingsFields } from '../../shared/SettingsFields';
import { draftFrom, patchFrom, type DraftKey, type Settings } from '../../shared/settings-draft';

const KEYS: readonly DraftKey[] = ['name', 'durationSec', 'fps', 'resolution', 'memoryPreset', 'seed', 'samplingSteps', 'guidance'];

interface Props {
  projectId: string;
  settings: Settings;
  onSaved: (settings: Settings) => void;
}

export function SettingsPanel({ projectId, settings, onSaved }: Props) {
  const api = useApi();
  const [draft, setDraft] = useState(() => draftFrom(settings));
  const [error, setError] = useState<ApiError | undefined>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const checked = patchFrom(draft, KEYS);
    if (!checked.ok) {
      setError({ code: 'invalid_input', message: checked.message });
      return;
    }
    const answer = await api.projects.updateSettings({ projectId, patch: checked.patch });
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(undefined);
    setDraft(draftFrom(answer.value));
    setSaved(true);
    onSaved(answer.value);
  }

  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form onSubmit={save} onChange={() => setSaved(false)}>
        <SettingsFields draft={draft} keys={KEYS} onChange={setDraft} />
        <p className="muted">Model: {settings.modelId}</p>
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
