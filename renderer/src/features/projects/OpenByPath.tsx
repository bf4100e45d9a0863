/** Opening a project folder that is not in the recent list (copied from elsewhere, or on a server's disk). */
import { useState, type FormEvent } from 'react';

export function OpenByPath({ onOpen }: { onOpen: (path: string) => void }) {
  const [path, setPath] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (path.trim() !== '') onOpen(path.trim());
  }
  return (
    <form className="inline-form open-by-path" onSubmit={submit}>
      <input aria-label="Project folder" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/Story.longshot" autoComplete="off" />
      <button type="submit" disabled={path.trim() === ''}>
        Open
      </button>
    </form>
  );
}
