/** The Storyboard view: the selected caption, the checks and history, the opening footage. */
import { validateStoryboard } from '../../editor/validation';
import { useObservable } from '../../shared/use-observable';
import { FootagePanel } from '../footage/FootagePanel';
import { useSession } from '../project/session-context';
import { useTimelineFrame } from '../timeline/timeline-context';
import { CaptionInspector } from './CaptionInspector';
import { HistoryList, ProblemList } from './StoryboardOverview';

export function StoryboardView() {
  const session = useSession();
  const { captions, selectedId } = useObservable(session.editor);
  const frame = useTimelineFrame();
  const problems = validateStoryboard(captions, { chunkSec: frame.chunkSec ?? 0, durationSec: frame.durationSec });
  const selected = captions.find((c) => c.id === selectedId);
  return (
    <div className="view-grid three">
      {selected ? (
        <CaptionInspector key={selected.id} caption={selected} problems={problems.filter((p) => p.captionId === selected.id)} />
      ) : (
        <section className="panel inspector empty">
          <h2>Caption</h2>
          <p className="muted">Select a caption on the timeline to edit it, or drag on the Story track to write a new one.</p>
          <p className="muted">Press <kbd>?</kbd> for keyboard shortcuts.</p>
        </section>
      )}
      <div className="stack">
        <ProblemList problems={problems} />
        <HistoryList />
      </div>
      <FootagePanel />
    </div>
  );
}
