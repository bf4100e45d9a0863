/** The "New project" form: creates a project through the Api and hands it to the caller to open. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { SettingsFields } from '../../shared/SettingsFields';
import { NEW_PROJECT_DRAFT, patchFrom, type DraftKey } from '../../shared/settings-draft';
import type { ProjectInfo } from '../../shared/types';

const KEYS: readonly DraftKey[] = ['name', 'durationSec', 'fps', 'resolution', 'modelId', 'memoryPreset', 'samplingSteps', 'seed'];

/** A `focusRequest` above zero puts the focus in the form's first field, again at each change. */
export function NewProjectForm({ onCreated, focusRequest }: { onCreated: (project: ProjectInfo) => void; focusRequest: number }) {
  const api = useApi();
  const [draft, setDraft] = useState(NEW_PROJECT_DRAFT);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (focusRequest > 0) form.current?.querySelector('input')?.focus();
  }, [focusRequest]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = patchFrom(draft, KEYS);
    if (!checked.ok) {
      setError({ code: 'invalid_input', message: checked.message });
      return;
    }
    const { name, ...settings } = checked.patch;
    setBusy(true);
    const created = await api.projects.create({ name: name ?? '', settings });
    setBusy(false);
    if (created.ok) onCreated(created.value);
    else setError(created.error);
  }

  return (
    <section className="panel" aria-labelledby="new-title">
      <h2 id="new-title">New project</h2>
      <p className="muted panel-intro">A storyboard of timed captions, generated chunk by chunk with a memory of everything before.</p>
      <form ref={form} onSubmit={submit}>
        <SettingsFields draft={draft} keys={KEYS} onChange={setDraft} hints={{ seed: 'random', name: 'My story' }} />
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create project'}
        </button>
      </form>
    </section>
  );
}
