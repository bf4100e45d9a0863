/**
 * The one window factory: every window of the app is built here, from the secure options of
 * ../policy/web-preferences.ts, shows the renderer from the app scheme, and remembers its size
 * and position (saved when it moves or resizes, debounced, and when it closes).
 */
import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL } from '../policy/origins';
import { createSecureWindow } from '../policy/web-preferences';
import { fitToDisplays, readWindowState, writeWindowState, type WindowState } from './window-state';

/** What the factory needs. */
export interface WindowOptions {
  preload: string;
  /** The JSON file in userData the window state lives in. */
  stateFile: string;
  devTools: boolean;
  icon?: string;
  /** Reports a state file that could not be written. */
  onError(message: string): void;
}

const SAVE_DELAY_MS = 500;

function currentState(window: BrowserWindow): WindowState {
  // The normal bounds, so a maximised window comes back maximised over its old size.
  const bounds = window.getNormalBounds();
  return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: window.isMaximized() };
}

function rememberState(window: BrowserWindow, options: WindowOptions): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    try {
      writeWindowState(options.stateFile, currentState(window));
    } catch (error) {
      options.onError(`could not save the window state: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}

/** Creates the main window and loads the app into it. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitToDisplays(readWindowState(options.stateFile), workAreas);
  const window = createSecureWindow(BrowserWindow, state, options);
  if (state.maximized) window.maximize();
  rememberState(window, options);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
