/**
 * Beside the selected caption: the storyboard's problems (click one to select its caption) and
 * the edit history (click an entry to go back or forward to it; several steps are one save).
 */
import { describeCommand } from '../../editor/commands';
import type { Problem } from '../../editor/validation';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

export function ProblemList({ problems }: { problems: readonly Problem[] }) {
  const { editor } = useSession();
  const { captions } = useObservable(editor);
  return (
    <section className="panel" aria-labelledby="problems-title">
      <h2 id="problems-title">Checks</h2>
      {captions.length === 0 && <p className="muted">Write the story as captions on the timeline: drag on the Story track, or press N.</p>}
      {captions.length > 0 && problems.length === 0 && <p className="ok-text">Every caption is long enough, in the video, and none overlap.</p>}
      <ul className="problem-list clickable">
        {problems.map((problem) => {
          const caption = editor.caption(problem.captionId);
          return (
            <li key={`${problem.captionId}-${problem.kind}-${problem.message}`}>
              <button type="button" className="link" onClick={() => editor.select(problem.captionId)}>
                <strong>{caption?.text ?? 'caption'}</strong>: {problem.message}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function HistoryList() {
  const { editor } = useSession();
  const { history, position } = useObservable(editor);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol className="history-list">
        <li>
          <button type="button" className={`link${position === 0 ? ' current' : ''}`} onClick={() => editor.goTo(0)}>
            Opened
          </button>
        </li>
        {history.map((command, index) => (
          <li key={index} className={index >= position ? 'undone' : ''}>
            <button type="button" className={`link${index + 1 === position ? ' current' : ''}`} onClick={() => editor.goTo(index + 1)}>
              {describeCommand(command)}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
