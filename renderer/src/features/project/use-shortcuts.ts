/**
 * The project screen's keyboard: reads a key press through the shortcut table
 * (editor/shortcuts.ts) and performs the action on the session. Keys typed into a field stay
 * the field's, and Enter on a button stays that button's.
 */
import { useEffect } from 'react';
import { movedBy, neighbour, newCaptionSpan, resizedBy } from '../../editor/caption-edits';
import { actionFor, worksWhileTyping, type Action } from '../../editor/shortcuts';
import { fitZoom, stepZoom } from '../../editor/time-scale';
import { startGeneration } from '../generate/generate-actions';
import type { ProjectSession, View } from './project-session';

type ViewAction = Extract<Action, `view-${string}`>;

const VIEW_OF: Record<ViewAction, View> = {
  'view-storyboard': 'storyboard',
  'view-generate': 'generate',
  'view-memory': 'memory',
  'view-training': 'training',
  'view-export': 'export',
  'view-settings': 'settings',
};

function isTextEntry(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['BUTTON', 'A'].includes(target.tagName);
}

/** Performs `action` on the session. */
export function perform(session: ProjectSession, action: Action, showHelp: () => void): void {
  const { editor } = session;
  const model = session.model.get();
  const chunkSec = model.state === 'ok' ? model.value.chunkFrames / model.value.fps : 0.25;
  const selected = editor.caption(editor.get().selectedId);
  switch (action) {
    case 'undo':
      return editor.undo();
    case 'redo':
      return editor.redo();
    case 'new-caption':
      return session.draft.set(newCaptionSpan(editor.get().captions, session.playhead.get(), chunkSec));
    case 'edit-caption':
      return selected ? session.editing.set(selected.id) : undefined;
    case 'delete-caption':
      return selected ? editor.remove(selected.id) : undefined;
    case 'toggle-transition':
      return selected ? editor.change(selected.id, { transition: selected.transition === 'cut' ? 'continuous' : 'cut' }) : undefined;
    case 'move-earlier':
    case 'move-later': {
      const delta = action === 'move-later' ? chunkSec : -chunkSec;
      if (selected) return editor.change(selected.id, movedBy(selected, delta));
      return session.playhead.set(Math.max(0, session.playhead.get() + delta));
    }
    case 'shorten':
    case 'lengthen':
      return selected ? editor.change(selected.id, resizedBy(selected, action === 'lengthen' ? chunkSec : -chunkSec, chunkSec)) : undefined;
    case 'select-previous':
    case 'select-next':
      return editor.select(neighbour(editor.get().captions, selected?.id ?? null, action === 'select-next' ? 1 : -1)?.id ?? null);
    case 'deselect':
      return editor.select(null);
    case 'zoom-in':
    case 'zoom-out':
      return session.zoom.set(stepZoom(session.zoom.get(), action === 'zoom-in' ? 1 : -1));
    case 'zoom-fit': {
      const captions = editor.get().captions;
      const seconds = Math.max(session.settings.get().durationSec, ...captions.map((c) => c.endSec)) + 2;
      return session.zoom.set(fitZoom(seconds, window.innerWidth - 140));
    }
    case 'toggle-snap':
      return session.snap.set(!session.snap.get());
    case 'generate':
      return void startGeneration(session);
    case 'help':
      return showHelp();
    case 'view-storyboard':
    case 'view-generate':
    case 'view-memory':
    case 'view-training':
    case 'view-export':
    case 'view-settings':
      return session.view.set(VIEW_OF[action]);
    default:
      return action satisfies never;
  }
}

/** Listens for shortcuts while the project screen is open. */
export function useShortcuts(session: ProjectSession, showHelp: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = actionFor({ key: event.key, mod: event.ctrlKey || event.metaKey, shift: event.shiftKey, alt: event.altKey });
      if (!action) return;
      if (isTextEntry(event.target) && !worksWhileTyping(action)) return;
      if (isControl(event.target) && (event.key === 'Enter' || event.key === ' ')) return;
      if (session.editing.get() !== null || session.draft.get() !== null) return;
      event.preventDefault();
      perform(session, action, showHelp);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, showHelp]);
}
