/**
 * The Electron main process (bundled to out/main/electron.cjs, package.json "main"): one
 * instance, sandboxed renderers, the app schemes declared before ready, every web contents
 * locked down as it is created, then the session and the one main window. Quitting stops the
 * engine politely first, so a running job is left to resume, not torn.
 */
import { join } from 'node:path';
import { BrowserWindow, app, dialog, shell } from 'electron';
import { startShellSession, type ShellSession } from './app/shell-session';
import { registerSchemes } from './protocols/register';
import { createMainWindow } from './window/main-window';
import { lockDownContents } from './window/lockdown';

const development = !app.isPackaged;
let shellSession: ShellSession | undefined;
let mainWindow: BrowserWindow | undefined;
let quitting = false;

function openMainWindow(current: ShellSession): void {
  mainWindow = createMainWindow({
    preload: current.paths.preload,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    devTools: development,
    onError: (message) => current.log.note('warn', 'window', message),
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  shellSession = await startShellSession({ development, mainWindow: () => mainWindow });
  openMainWindow(shellSession);
}

// LONGSHOT_HOME (tests, portable installs) also holds Electron's own data, so two homes are two
// independent instances; it must be set before the single-instance lock, which is per userData.
if (process.env.LONGSHOT_HOME) app.setPath('userData', join(process.env.LONGSHOT_HOME, 'electron'));

if (!app.requestSingleInstanceLock()) {
  // Another Longshot is running: it gets focus (second-instance below) and this one leaves.
  app.quit();
} else {
  app.enableSandbox();
  registerSchemes();
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => {
    lockDownContents(contents, {
      openExternal: (url) => void shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK: navigationDecision and windowOpenDecision let through only https without credentials
      refused: (what) => shellSession?.log.note('warn', 'security', `refused ${what}`),
    });
  });
  app.on('activate', () => {
    if (shellSession && !mainWindow) openMainWindow(shellSession);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !shellSession) return;
    event.preventDefault();
    quitting = true;
    const closing = shellSession;
    void closing
      .close()
      .catch((error: unknown) => closing.log.note('error', 'shell', `closing failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => app.quit());
  });
  process.on('uncaughtException', (error) => {
    // The main process is in an unknown state: say so and leave; running jobs resume next start.
    shellSession?.log.note('error', 'main', `uncaught: ${error.stack ?? error.message}`);
    dialog.showErrorBox('Longshot stopped', `An unexpected error stopped the app: ${error.message}`);
    app.exit(1);
  });
  start().catch((error: unknown) => {
    console.error('longshot: the app could not start:', error);
    app.exit(1);
  });
}
