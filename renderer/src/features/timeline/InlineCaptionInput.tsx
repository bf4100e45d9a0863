/**
 * The text field that edits a caption in place on the timeline (or writes a new one): Enter
 * keeps the text, Escape or leaving an untouched field drops it. An empty caption is refused
 * on the spot, saying why, rather than sent to the project.
 */
import { useEffect, useRef, useState } from 'react';
import { textProblem } from '../../editor/validation';

interface Props {
  initial: string;
  label: string;
  onCommit: (text: string) => void;
  onCancel: () => void;
}

export function InlineCaptionInput({ initial, label, onCommit, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const [tried, setTried] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // Enter settles the field, and the blur that may follow as it unmounts must not settle it again.
  const settled = useRef(false);
  useEffect(() => field.current?.focus(), []);
  const problem = textProblem(text);

  function settle(keep: boolean) {
    if (settled.current) return;
    settled.current = true;
    if (keep) onCommit(text.trim());
    else onCancel();
  }

  function commit() {
    setTried(true);
    if (problem === null) settle(true);
  }

  return (
    <div className="inline-caption" onPointerDown={(event) => event.stopPropagation()}>
      <input
        ref={field}
        aria-label={label}
        aria-invalid={tried && problem !== null}
        value={text}
        placeholder="What happens in this shot?"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') settle(false);
        }}
        onBlur={() => settle(text.trim() !== initial.trim() && problem === null)}
      />
      {tried && problem && (
        <span className="inline-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
