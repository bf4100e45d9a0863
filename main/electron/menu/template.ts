/**
 * The application menu as data: File (new, open, recent, export), Edit (undo and redo of the
 * editor, clipboard), View (zoom, full screen; reload and developer tools in development only)
 * and Help (about, the logs folder). Actions are handed in, so the template is built and tested
 * without Electron (the type import is erased at build time).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './commands';

/** A recent project as the menu shows it. */
export interface RecentEntry {
  path: string;
  name: string;
  missing: boolean;
}

/** What the menu's items do; main.ts supplies them. */
export interface MenuActions {
  /** Sends a command to the focused app window. */
  send(command: MenuCommand): void;
  /** Shows the native folder dialog and opens the project chosen. */
  chooseProject(): void;
  clearRecent(): void;
  showAbout(): void;
  openLogsFolder(): void;
}

/** How the menu is built. */
export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly RecentEntry[];
  /** Development builds get reload and developer tools. */
  development: boolean;
}

/** Most recent projects listed in File > Open Recent. */
export const MAX_RECENT_ITEMS = 10;

function recentMenu(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const entries = options.recent.slice(0, MAX_RECENT_ITEMS).map(
    (entry): MenuItemConstructorOptions => ({
      label: entry.missing ? `${entry.name} (missing)` : entry.name,
      sublabel: entry.path,
      toolTip: entry.path,
      enabled: !entry.missing,
      click: () => actions.send({ command: 'project.open', path: entry.path }),
    }),
  );
  if (entries.length === 0) return [{ label: 'No recent projects', enabled: false }];
  return [...entries, { type: 'separator' }, { label: 'Clear Recent', click: () => actions.clearRecent() }];
}

function fileMenu(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions {
  const mac = options.platform === 'darwin';
  return {
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.send({ command: 'project.new' }) },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.chooseProject() },
      { label: 'Open Recent', submenu: recentMenu(options, actions) },
      { type: 'separator' },
      { label: 'Export Video…', accelerator: 'CmdOrCtrl+E', click: () => actions.send({ command: 'project.export' }) },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
}

function editMenu(actions: MenuActions): MenuItemConstructorOptions {
  return {
    label: '&Edit',
    submenu: [
      // The editor's own undo (storyboard edits); the page applies it to a text field when one has focus.
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.send({ command: 'edit.undo' }) },
      { label: 'Redo', accelerator: 'Shift+CmdOrCtrl+Z', click: () => actions.send({ command: 'edit.redo' }) },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
}

function viewMenu(options: MenuOptions): MenuItemConstructorOptions {
  const development: MenuItemConstructorOptions[] = options.development
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return {
    label: '&View',
    submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
}

function helpMenu(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions {
  const about: MenuItemConstructorOptions[] = options.platform === 'darwin' ? [] : [{ label: `About ${options.appName}`, click: () => actions.showAbout() }];
  return {
    role: 'help',
    label: '&Help',
    submenu: [...about, { label: 'Open Logs Folder', click: () => actions.openLogsFolder() }],
  };
}

/** The whole menu; macOS also gets its application menu first. */
export function menuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const appMenu: MenuItemConstructorOptions[] =
    options.platform === 'darwin'
      ? [
          {
            label: options.appName,
            submenu: [
              { label: `About ${options.appName}`, click: () => actions.showAbout() },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          },
        ]
      : [];
  return [...appMenu, fileMenu(options, actions), editMenu(actions), viewMenu(options), { role: 'windowMenu' }, helpMenu(options, actions)];
}
