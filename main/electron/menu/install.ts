/**
 * Installs the application menu and carries out its actions: commands for the page go to the
 * focused app window as the `menu` event, the rest (open dialog, about, logs folder, clearing
 * the recent list) happen here. `refresh()` rebuilds the menu, e.g. when the recent list changed.
 */
import { BrowserWindow, Menu, app, dialog, shell } from 'electron';
import { IPC_EVENT, calls } from '../../../preload/api';
import type { Dispatch } from '../ipc/guard';
import { isAppUrl } from '../policy/origins';
import { MENU_EVENT, menuCommand, type MenuCommand } from './commands';
import { menuTemplate, type MenuActions, type RecentEntry } from './template';

/** What the menu needs from the rest of the shell. */
export interface MenuContext {
  /** Calls the API as the app itself (handleCall with the session bound). */
  dispatch: Dispatch;
  logsDir: string;
  development: boolean;
  /** The window commands go to when none has focus. */
  mainWindow(): BrowserWindow | undefined;
  log(message: string): void;
}

function targetWindow(context: MenuContext): BrowserWindow | undefined {
  const window = BrowserWindow.getFocusedWindow() ?? context.mainWindow();
  return window && !window.isDestroyed() && isAppUrl(window.webContents.getURL()) ? window : undefined;
}

function sendCommand(context: MenuContext, command: MenuCommand): void {
  const window = targetWindow(context);
  if (!window) return;
  window.webContents.send(`${IPC_EVENT}${MENU_EVENT}`, menuCommand.parse(command));
}

async function recentProjects(context: MenuContext): Promise<RecentEntry[]> {
  const answer = await context.dispatch('projects.listRecent', {});
  if (!answer.ok) {
    context.log(`the recent projects could not be listed: ${answer.error.message}`);
    return [];
  }
  return calls.projects.listRecent.output.parse(answer.value);
}

async function showAbout(context: MenuContext): Promise<void> {
  const info = await context.dispatch('system.info', {});
  const backend = info.ok ? (calls.system.info.output.parse(info.value).backend?.name ?? 'not started yet') : 'unknown';
  const versions = `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`;
  const options = {
    type: 'info' as const,
    message: `${app.getName()} ${app.getVersion()}`,
    detail: `Long, consistent AI video with a frame-preserving memory.\n${versions}\nEngine backend: ${backend}`,
  };
  const window = targetWindow(context);
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

/** Installs the menu; the returned function rebuilds it. */
export function installMenu(context: MenuContext): () => Promise<void> {
  const refresh = async (): Promise<void> => {
    const actions: MenuActions = {
      send: (command) => sendCommand(context, command),
      chooseProject: () => void chooseProject(context),
      clearRecent: () => void clearRecent(context, refresh),
      showAbout: () => void showAbout(context),
      openLogsFolder: () => void shell.openPath(context.logsDir),
    };
    const options = { platform: process.platform, appName: app.getName(), recent: await recentProjects(context), development: context.development };
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options, actions)));
  };
  return refresh;
}

async function chooseProject(context: MenuContext): Promise<void> {
  const window = targetWindow(context);
  const options = { title: 'Open Project', buttonLabel: 'Open', properties: ['openDirectory' as const] };
  const chosen = await (window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options));
  const path = chosen.filePaths[0];
  if (!chosen.canceled && path !== undefined) sendCommand(context, { command: 'project.open', path });
}

async function clearRecent(context: MenuContext, refresh: () => Promise<void>): Promise<void> {
  for (const entry of await recentProjects(context)) {
    const answer = await context.dispatch('projects.forget', { path: entry.path });
    if (!answer.ok) context.log(`could not forget ${entry.path}: ${answer.error.message}`);
  }
  await refresh();
}
