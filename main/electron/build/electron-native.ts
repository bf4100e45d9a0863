/**
 * `npm start` runs the app from the working tree, where node_modules/better-sqlite3 is built for
 * Node (the CLI and the tests use it). Electron needs the module built for its own ABI, so this
 * step keeps a second copy in out/node_modules, rebuilt for the installed Electron: the bundles
 * in out/main find `better-sqlite3` there first (Node looks in the nearest node_modules), while
 * the CLI and the tests keep the Node build. Installers need none of this: electron-builder
 * rebuilds the module inside the app it packs. Run with tsx.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuild } from '@electron/rebuild';

/** A native module that could not be prepared for Electron. */
export class NativeBuildError extends Error {
  readonly code = 'native_build_failed';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NativeBuildError';
  }
}

const MODULE = 'better-sqlite3';
const STAMP_FILE = '.longshot-electron-build';

/** What a built copy was built for; a different stamp means it must be built again. */
export function nativeStamp(electronVersion: string, moduleVersion: string, platform = process.platform, arch = process.arch): string {
  return `${MODULE}@${moduleVersion} electron@${electronVersion} ${platform}-${arch}`;
}

/** True when the copy in `moduleDir` was built with exactly `stamp`. */
export function isBuiltFor(moduleDir: string, stamp: string): boolean {
  try {
    return readFileSync(join(moduleDir, STAMP_FILE), 'utf8') === stamp;
  } catch {
    return false;
  }
}

/**
 * Copies the module's sources (not its Node build) into `buildPath`/node_modules with a
 * package.json naming it, which is the project layout @electron/rebuild walks.
 */
export function stageModule(sourceDir: string, buildPath: string, moduleVersion: string): string {
  const target = join(buildPath, 'node_modules', MODULE);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(sourceDir, target, { recursive: true, filter: (path) => relative(sourceDir, path).split(sep)[0] !== 'build' });
  writeFileSync(
    join(buildPath, 'package.json'),
    `${JSON.stringify({ name: 'longshot-electron-native', private: true, dependencies: { [MODULE]: moduleVersion } }, null, 2)}\n`,
  );
  return target;
}

/** Makes out/node_modules/better-sqlite3 match the installed Electron; returns what it did. */
export async function prepareElectronNative(root: string): Promise<'up-to-date' | 'built'> {
  const require = createRequire(join(root, 'package.json'));
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const moduleVersion = (require(`${MODULE}/package.json`) as { version: string }).version;
  const buildPath = join(root, 'out');
  const target = join(buildPath, 'node_modules', MODULE);
  const stamp = nativeStamp(electronVersion, moduleVersion);
  if (existsSync(target) && isBuiltFor(target, stamp)) return 'up-to-date';
  stageModule(dirname(require.resolve(`${MODULE}/package.json`)), buildPath, moduleVersion);
  console.log(`building ${MODULE} ${moduleVersion} for Electron ${electronVersion} (downloads a prebuilt binary or Electron's headers)...`);
  try {
    await rebuild({ buildPath, electronVersion, onlyModules: [MODULE], force: true });
  } catch (error) {
    throw new NativeBuildError(
      `${MODULE} could not be built for Electron ${electronVersion} (it needs internet access for Electron's headers ` +
        `or a prebuilt binary, and a C++ toolchain): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  writeFileSync(join(target, STAMP_FILE), stamp);
  return 'built';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const outcome = await prepareElectronNative(root);
  console.log(outcome === 'built' ? `${MODULE} built for Electron in out/node_modules` : `${MODULE} for Electron is up to date`);
}
