/**
 * One caption on the track: a block from its start to its end with grab handles on both edges,
 * its text, a mark for a hard cut, and its problems (outlined, with the reasons as a tooltip).
 * Focusable, so the keyboard can select and edit it; double-click edits its text in place.
 */
import type { Caption } from '../../editor/commands';
import type { Span } from '../../editor/gesture';
import { formatTime, secToPx, type TimeScale } from '../../editor/time-scale';
import type { Problem } from '../../editor/validation';
import { InlineCaptionInput } from './InlineCaptionInput';

interface Props {
  caption: Caption;
  /** Where a running drag puts it, if it is the one dragged. */
  span: Span;
  scale: TimeScale;
  selected: boolean;
  editing: boolean;
  problems: readonly Problem[];
  onSelect: () => void;
  onEdit: () => void;
  onCommitText: (text: string) => void;
  onCancelEdit: () => void;
}

export function TimelineCaption({ caption, span, scale, selected, editing, problems, onSelect, onEdit, onCommitText, onCancelEdit }: Props) {
  const left = secToPx(scale, span.startSec);
  const width = Math.max(secToPx(scale, span.endSec) - left, 6);
  const classes = ['caption-block', selected && 'selected', problems.length > 0 && 'has-problem', caption.transition === 'cut' && 'is-cut'];
  const range = `${formatTime(span.startSec)}–${formatTime(span.endSec)}`;
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      style={{ left, width }}
      data-hit="body"
      data-id={caption.id}
      data-testid="caption-block"
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`Caption ${range}: ${caption.text}${caption.transition === 'cut' ? ' (hard cut)' : ''}`}
      title={problems.map((p) => p.message).join('\n') || undefined}
      onFocus={onSelect}
      onDoubleClick={onEdit}
    >
      <span className="caption-handle start" data-hit="start" data-id={caption.id} aria-hidden />
      {editing ? (
        <InlineCaptionInput initial={caption.text} label="Caption text" onCommit={onCommitText} onCancel={onCancelEdit} />
      ) : (
        <span className="caption-body">
          {caption.transition === 'cut' && <span className="cut-mark" title="Hard cut">✂</span>}
          <span className="caption-label">{caption.text}</span>
          <span className="caption-range">{range}</span>
        </span>
      )}
      {problems.length > 0 && !editing && <span className="problem-dot" aria-hidden>!</span>}
      <span className="caption-handle end" data-hit="end" data-id={caption.id} aria-hidden />
    </div>
  );
}
