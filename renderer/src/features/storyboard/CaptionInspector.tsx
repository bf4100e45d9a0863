/**
 * The selected caption in detail: its text, exact start and end, hard cut or continuous shot,
 * and what is wrong with it. Each field is saved when it is left (or on Enter) as one edit;
 * times must be numbers with the end after the start, which is said on the spot.
 */
import { useEffect, useState } from 'react';
import type { Caption } from '../../editor/commands';
import type { Problem } from '../../editor/validation';
import { textProblem } from '../../editor/validation';
import { useSession } from '../project/session-context';

function parseTimes(start: string, end: string): { startSec: number; endSec: number } | string {
  const startSec = Number(start);
  const endSec = Number(end);
  if (start.trim() === '' || end.trim() === '' || !Number.isFinite(startSec) || !Number.isFinite(endSec)) return 'Start and end are seconds, e.g. 1.5.';
  if (startSec < 0) return 'The start cannot be before 0 s (the footage is memory, not storyboard).';
  if (endSec <= startSec) return 'The end must come after the start.';
  return { startSec, endSec };
}

export function CaptionInspector({ caption, problems }: { caption: Caption; problems: readonly Problem[] }) {
  const { editor } = useSession();
  const [text, setText] = useState(caption.text);
  const [start, setStart] = useState(String(caption.startSec));
  const [end, setEnd] = useState(String(caption.endSec));
  // The caption changes under the form when it is dragged or undone: show what it is now.
  useEffect(() => {
    setText(caption.text);
    setStart(String(caption.startSec));
    setEnd(String(caption.endSec));
  }, [caption]);
  const empty = textProblem(text);
  const times = parseTimes(start, end);

  const saveText = () => empty === null && editor.change(caption.id, { text: text.trim() });
  const saveTimes = () => typeof times !== 'string' && editor.change(caption.id, times);

  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">Caption</h2>
      <label className="field">
        <span>What happens</span>
        <textarea
          aria-label="Selected caption text"
          value={text}
          rows={3}
          aria-invalid={empty !== null}
          onChange={(event) => setText(event.target.value)}
          onBlur={saveText}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              saveText();
            }
          }}
        />
      </label>
      {empty && <p className="inline-problem">{empty}</p>}
      <div className="fields">
        <label className="field">
          <span>Start (s)</span>
          <input aria-label="Start (s)" value={start} inputMode="decimal" onChange={(e) => setStart(e.target.value)} onBlur={saveTimes} onKeyDown={(e) => e.key === 'Enter' && saveTimes()} />
        </label>
        <label className="field">
          <span>End (s)</span>
          <input aria-label="End (s)" value={end} inputMode="decimal" onChange={(e) => setEnd(e.target.value)} onBlur={saveTimes} onKeyDown={(e) => e.key === 'Enter' && saveTimes()} />
        </label>
        <fieldset className="field wide segmented">
          <legend>Transition</legend>
          {(['continuous', 'cut'] as const).map((transition) => (
            <label key={transition} className={caption.transition === transition ? 'on' : ''}>
              <input type="radio" name="transition" checked={caption.transition === transition} onChange={() => editor.change(caption.id, { transition })} />
              {transition === 'cut' ? 'Hard cut' : 'Continuous'}
            </label>
          ))}
        </fieldset>
      </div>
      {typeof times === 'string' && <p className="inline-problem">{times}</p>}
      {problems.length > 0 && (
        <ul className="problem-list">
          {problems.map((problem) => (
            <li key={problem.kind + problem.message}>{problem.message}</li>
          ))}
        </ul>
      )}
      <button type="button" className="danger small" onClick={() => editor.remove(caption.id)}>
        Delete caption
      </button>
    </section>
  );
}
