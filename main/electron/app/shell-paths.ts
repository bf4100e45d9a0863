/** Where the shell finds its bundles: next to each other under out/ in the app folder (or app.asar). */
import { join } from 'node:path';

/** The files the shell loads besides its own bundle. */
export interface ShellPaths {
  rendererDir: string;
  preload: string;
  engineEntry: string;
}

/** The layout `npm run build` writes (main/electron/build/bundles.ts, Vite for the renderer). */
export function shellPaths(appPath: string): ShellPaths {
  return {
    rendererDir: join(appPath, 'out', 'renderer'),
    preload: join(appPath, 'out', 'preload', 'index.cjs'),
    engineEntry: join(appPath, 'out', 'main', 'engine.cjs'),
  };
}
