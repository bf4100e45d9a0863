/**
 * The one window factory (reliability.md, "Electron"): every window is an isolated, sandboxed
 * web page without Node, reached only through the preload's contract. The constructor is passed
 * in, so this file needs no Electron at run time: main-window.ts passes BrowserWindow, the tests
 * a recorder. The options are written out literally at the `new` so that a scanner
 * (electronegativity) sees exactly what runs.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowState } from '../window/window-state';

/** Something built from window options: BrowserWindow, or a test's recorder. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/** The smallest window the studio's layout still fits in. */
export const MIN_WINDOW = { width: 960, height: 600 } as const;

/** What varies between windows. */
export interface SecureWindowOptions {
  preload: string;
  /** Developer tools only in development builds. */
  devTools: boolean;
  icon?: string;
}

/** Builds a window at its remembered place with the secure web preferences. */
export function createSecureWindow<W>(BrowserWindow: WindowConstructor<W>, state: WindowState, options: SecureWindowOptions): W {
  return new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Longshot',
    // Dark like the studio, so no white flash shows before the first paint.
    backgroundColor: '#111318',
    show: false,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK: the preload exposes only the contract's calls through contextBridge
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click would ask for a new window; refused anyway, this stops it at the source.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
}
