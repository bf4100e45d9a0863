/**
 * What happens in an imported clip, in the user's words: fine-tuning on the project's footage
 * uses it as the clip's caption (the storyboard describes what comes after the footage). Saved
 * when the field is left or Enter is pressed; Escape puts back what is saved.
 */
import { useEffect, useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import type { Footage } from '../project/project-session';
import { useSession } from '../project/session-context';

export function FootageCaption({ clip }: { clip: Footage }) {
  const session = useSession();
  const [text, setText] = useState(clip.caption);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setText(clip.caption), [clip.caption]);

  async function save() {
    if (text.trim() === clip.caption) return;
    const answer = await session.api.footage.caption({ projectId: session.projectId, id: clip.id, caption: text });
    setError(answer.ok ? null : answer.error);
    session.refresh();
  }

  return (
    <div className="footage-caption">
      <input
        aria-label={`What happens in footage ${clip.id}`}
        value={text}
        maxLength={2000}
        placeholder="What happens in this clip (its caption when fine-tuning)"
        onChange={(event) => setText(event.target.value)}
        onBlur={() => void save()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') setText(clip.caption);
        }}
      />
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
