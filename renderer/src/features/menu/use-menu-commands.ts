/**
 * Subscribes the page to the desktop menu's commands (Electron sends them; in a browser the
 * event never comes) and supplies the page's part of the dispatch: the focused field and the
 * browser's own text undo.
 */
import { useEffect } from 'react';
import type { Api } from '../../../../preload/api';
import { performMenuCommand, type MenuShell } from './menu-commands';

/** Input types whose typing the browser can undo (not checkboxes, ranges or pickers). */
const TEXT_INPUT_TYPES: ReadonlySet<string> = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number']);

/** Whether `element` keeps an undo history of its own typing. */
function hasTextUndo(element: Element | null): boolean {
  if (element instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(element.type);
  return element instanceof HTMLTextAreaElement || (element instanceof HTMLElement && element.isContentEditable);
}

/** The parts of a MenuShell that read or drive the page itself. */
export const pageEditing: Pick<MenuShell, 'confirm' | 'typing' | 'editText'> = {
  confirm: (question) => window.confirm(question),
  typing: () => hasTextUndo(document.activeElement),
  // The only way a page can ask for a field's native undo (what Electron's Edit role would do).
  editText: (which) => void document.execCommand(which),
};

/** Carries out every menu command while the app is mounted; `shell` must be stable. */
export function useMenuCommands(api: Api, shell: MenuShell): void {
  useEffect(() => api.events.menu((command) => void performMenuCommand(api, command, shell)), [api, shell]);
}
