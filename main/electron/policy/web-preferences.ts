/**
 * The options every window is built with (reliability.md, "Electron"): the renderer is an
 * isolated, sandboxed web page without Node, reached only through the preload's contract. The
 * type imports below are erased at build time, so this file runs (and is tested) without
 * Electron.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from '../window/window-state';

/** The web preferences of every window; `devTools` only in development builds. */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

/** The smallest window the studio's layout still fits in. */
export const MIN_WINDOW = { width: 960, height: 600 } as const;

/** The whole constructor options of the main window, from its remembered state. */
export function mainWindowOptions(
  state: WindowState,
  preloadPath: string,
  options: { devTools: boolean; icon?: string },
): BrowserWindowConstructorOptions {
  return {
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
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}
