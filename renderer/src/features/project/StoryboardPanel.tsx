/** The storyboard as a list of timestamped captions, with a line to add one. */
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useLoad } from '../../shared/use-load';
import type { Caption } from '../../shared/types';

function formatTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}

function CaptionRow({ caption }: { caption: Caption }) {
  return (
    <li className="caption-row">
      <span className="caption-time">
        {formatTime(caption.startSec)}-{formatTime(caption.endSec)}
      </span>
      <span className="caption-text">{caption.text}</span>
      <span className="caption-transition">{caption.transition}</span>
    </li>
  );
}

function AddCaption({ projectId, onAdded }: { projectId: string; onAdded: () => void }) {
  const api = useApi();
  const [start, setStart] = useState('0');
  const [end, setEnd] = useState('2');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | undefined>();

  async function add(event: FormEvent) {
    event.preventDefault();
    const answer = await api.storyboard.add({ projectId, caption: { startSec: Number(start), endSec: Number(end), text } });
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(undefined);
    setText('');
    onAdded();
  }

  return (
    <form className="add-caption" onSubmit={add}>
      <input aria-label="Caption start (s)" value={start} onChange={(e) => setStart(e.target.value)} inputMode="decimal" />
      <input aria-label="Caption end (s)" value={end} onChange={(e) => setEnd(e.target.value)} inputMode="decimal" />
      <input aria-label="Caption text" value={text} onChange={(e) => setText(e.target.value)} placeholder="What happens" />
      <button type="submit">Add caption</button>
      {error && <ErrorNotice error={error} />}
    </form>
  );
}

export function StoryboardPanel({ projectId }: { projectId: string }) {
  const api = useApi();
  const [captions, reload] = useLoad(() => api.storyboard.list({ projectId }), [api, projectId]);
  return (
    <section className="panel" aria-labelledby="storyboard-title">
      <h2 id="storyboard-title">Storyboard</h2>
      {captions.state === 'loading' && <p className="muted">Loading...</p>}
      {captions.state === 'error' && <ErrorNotice error={captions.error} />}
      {captions.state === 'ok' && captions.value.length === 0 && <p className="muted">No captions yet.</p>}
      {captions.state === 'ok' && captions.value.length > 0 && (
        <ol className="caption-list">
          {captions.value.map((caption) => (
            <CaptionRow key={caption.id} caption={caption} />
          ))}
        </ol>
      )}
      <AddCaption projectId={projectId} onAdded={reload} />
    </section>
  );
}
