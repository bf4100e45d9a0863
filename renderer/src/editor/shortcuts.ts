/**
 * The keyboard shortcuts of the project screen: one table that both the key handler and the
 * help overlay read, so the help can never list a key that does nothing. Keys act only when the
 * focus is not in a text field (the handler checks that), except the undo keys of the editor.
 */

/** What a shortcut does. */
export type Action =
  | 'undo' | 'redo'
  | 'new-caption' | 'edit-caption' | 'delete-caption' | 'toggle-transition'
  | 'move-earlier' | 'move-later' | 'shorten' | 'lengthen'
  | 'select-previous' | 'select-next' | 'deselect'
  | 'zoom-in' | 'zoom-out' | 'zoom-fit' | 'toggle-snap'
  | 'generate' | 'help'
  | 'view-storyboard' | 'view-generate' | 'view-memory' | 'view-training' | 'view-export' | 'view-settings';

/** A key press, as the handler reads it from a KeyboardEvent. */
export interface KeyPress {
  key: string;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

interface Binding {
  action: Action;
  /** Shown in the help, e.g. "Ctrl+Z". */
  keys: string;
  description: string;
  matches: (press: KeyPress) => boolean;
}

const plain = (...keys: string[]) => (p: KeyPress) => !p.mod && !p.alt && !p.shift && keys.includes(p.key);
const shifted = (...keys: string[]) => (p: KeyPress) => !p.mod && !p.alt && p.shift && keys.includes(p.key);
const withMod = (key: string, shift: boolean) => (p: KeyPress) => p.mod && !p.alt && p.shift === shift && p.key.toLowerCase() === key;

/** The views the digit keys show, 1 to 6 in the order of the project tabs. */
const VIEW_KEYS = [
  ['view-storyboard', 'Storyboard'], ['view-generate', 'Generate'], ['view-memory', 'Memory'],
  ['view-training', 'Training'], ['view-export', 'Export'], ['view-settings', 'Settings'],
] as const satisfies readonly (readonly [Action, string])[];

const BINDINGS: readonly Binding[] = [
  { action: 'undo', keys: 'Ctrl+Z', description: 'Undo the last storyboard edit', matches: withMod('z', false) },
  { action: 'redo', keys: 'Ctrl+Shift+Z', description: 'Redo (Ctrl+Y too)', matches: (p) => withMod('z', true)(p) || withMod('y', false)(p) },
  { action: 'new-caption', keys: 'N', description: 'New caption at the playhead', matches: plain('n', 'N') },
  { action: 'edit-caption', keys: 'Enter', description: 'Edit the selected caption\'s text', matches: plain('Enter', 'F2') },
  { action: 'delete-caption', keys: 'Delete', description: 'Delete the selected caption', matches: plain('Delete', 'Backspace') },
  { action: 'toggle-transition', keys: 'C', description: 'Hard cut / continuous shot', matches: plain('c', 'C') },
  { action: 'move-earlier', keys: '←', description: 'Move the caption one chunk earlier', matches: plain('ArrowLeft') },
  { action: 'move-later', keys: '→', description: 'Move the caption one chunk later', matches: plain('ArrowRight') },
  { action: 'shorten', keys: 'Shift+←', description: 'Shorten the caption by one chunk', matches: shifted('ArrowLeft') },
  { action: 'lengthen', keys: 'Shift+→', description: 'Lengthen the caption by one chunk', matches: shifted('ArrowRight') },
  { action: 'select-previous', keys: '[', description: 'Select the previous caption', matches: plain('[') },
  { action: 'select-next', keys: ']', description: 'Select the next caption', matches: plain(']') },
  { action: 'deselect', keys: 'Esc', description: 'Clear the selection', matches: plain('Escape') },
  { action: 'zoom-in', keys: '+', description: 'Zoom in', matches: (p) => !p.mod && !p.alt && (p.key === '+' || p.key === '=') },
  { action: 'zoom-out', keys: '-', description: 'Zoom out', matches: plain('-') },
  { action: 'zoom-fit', keys: '0', description: 'Fit the video in the timeline', matches: plain('0') },
  { action: 'toggle-snap', keys: 'S', description: 'Snap to the chunk grid on or off', matches: plain('s', 'S') },
  { action: 'generate', keys: 'Ctrl+Enter', description: 'Generate the storyboard', matches: withMod('enter', false) },
  { action: 'help', keys: '?', description: 'Show these shortcuts', matches: (p) => !p.mod && !p.alt && p.key === '?' },
  ...VIEW_KEYS.map(([action, name], i): Binding => {
    const digit = String(i + 1);
    return { action, keys: digit, description: `Show ${name}`, matches: plain(digit) };
  }),
];

/** The action of a key press, if it has one. */
export function actionFor(press: KeyPress): Action | undefined {
  return BINDINGS.find((binding) => binding.matches(press))?.action;
}

/** Actions that also work while typing in a text field (none does something else there). */
export function worksWhileTyping(action: Action): boolean {
  return action === 'generate';
}

/** Every shortcut with its keys and description, for the help overlay. */
export const SHORTCUT_HELP: readonly { keys: string; description: string }[] = BINDINGS.map(({ keys, description }) => ({ keys, description }));
