/**
 * The esbuild bundles of the desktop app, written under `out/` (the renderer is Vite's, in
 * out/renderer): the main process (out/main/electron.cjs), the engine utility process with every
 * runner module built in (out/main/engine.cjs), the data-parallel training worker thread the
 * engine starts beside itself (out/main/train-worker.cjs), the sandboxed preload (out/preload/index.cjs,
 * CommonJS with zod inlined: a sandboxed preload can require nothing but 'electron') and the
 * electron-builder hook (out/build/after-pack.mjs). Packages stay external to the main and
 * engine bundles: native better-sqlite3, tfjs's wasm files and ffmpeg are loaded from
 * node_modules, which electron-builder ships (and unpacks where needed).
 */
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { TRAIN_WORKER_BUNDLE } from '../../engine/parallel/protocol';

/** No newer than Electron 45's Node and Chromium: an older target only transpiles a little more. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

/** Name of the banner helper that stands in for `import.meta.url` in CommonJS bundles. */
const SOURCE_URL = '__longshotSourceUrl';

/**
 * Sources use `new URL('../x', import.meta.url)` to find files beside them (the default model,
 * package.json). In a bundle every module would otherwise share the bundle's own URL, so each
 * use becomes the URL its source file has inside the app folder, which the bundle finds from
 * its own folder: the same file layout in development and in app.asar.
 */
export function sourceUrlPlugin(root: string): Plugin {
  return {
    name: 'longshot-source-url',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const fromRoot = relative(root, args.path).split(sep).join('/');
        return { contents: source.replaceAll('import.meta.url', `${SOURCE_URL}(${JSON.stringify(fromRoot)})`), loader: 'ts' };
      });
    },
  };
}

/** The banner defining the helper: `toRoot` leads from the bundle's folder to the app folder. */
function sourceUrlBanner(toRoot: string): string {
  const root = JSON.stringify(toRoot.split(sep).join('/'));
  return `const ${SOURCE_URL} = (file) => require('node:url').pathToFileURL(require('node:path').join(__dirname, ${root}, file)).href;`;
}

const ENGINE_ENTRY = 'longshot:engine-entry';

/** The engine bundle's entry: every runner module first (they register their kinds), then the port engine. */
export function engineEntrySource(runnerModules: readonly string[], entryFile: string): string {
  return [...runnerModules, entryFile].map((file) => `import ${JSON.stringify(file)};`).join('\n');
}

function engineEntryPlugin(root: string, runnerModules: readonly string[]): Plugin {
  return {
    name: 'longshot-engine-entry',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^longshot:engine-entry$/ }, () => ({ path: ENGINE_ENTRY, namespace: 'longshot' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'longshot' }, () => ({
        contents: engineEntrySource(runnerModules, join(root, 'main/electron/engine/entry.ts')),
        resolveDir: root,
        loader: 'ts',
      }));
    },
  };
}

/** Where to build from and to. */
export interface ShellBuildOptions {
  /** The repository root. */
  root: string;
  /** The output folder; `out` under the root for the app. */
  outDir: string;
  /** Absolute paths of the runner modules the engine must contain. */
  runnerModules: readonly string[];
}

/** What a build wrote: each bundle's path and esbuild's record of its inputs and imports. */
export type ShellBuild = Record<'main' | 'engine' | 'trainWorker' | 'preload' | 'afterPack', { file: string; metafile: Metafile }>;

async function bundle(options: BuildOptions & { outfile: string }): Promise<{ file: string; metafile: Metafile }> {
  const { metafile } = await build({ bundle: true, sourcemap: 'linked', metafile: true, logLevel: 'warning', legalComments: 'none', ...options });
  if (!metafile) throw new Error(`esbuild wrote no metafile for ${options.outfile}`);
  return { file: options.outfile, metafile };
}

/** Builds the five bundles. */
export async function buildShell(options: ShellBuildOptions): Promise<ShellBuild> {
  const { root, outDir } = options;
  const nodeCommonJs: BuildOptions = {
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    packages: 'external',
    // The Node bundles live in <outDir>/main; in the app that is out/main, two levels below the app folder.
    banner: { js: sourceUrlBanner(relative(join(outDir, 'main'), root)) },
    plugins: [sourceUrlPlugin(root)],
    // Tells engine/parallel to start its workers from the built worker beside the bundle.
    define: { LONGSHOT_BUNDLE: 'true' },
  };
  const [main, engine, trainWorker, preload, afterPack] = await Promise.all([
    bundle({ ...nodeCommonJs, entryPoints: [join(root, 'main/electron/main.ts')], outfile: join(outDir, 'main/electron.cjs') }),
    bundle({
      ...nodeCommonJs,
      plugins: [sourceUrlPlugin(root), engineEntryPlugin(root, options.runnerModules)],
      entryPoints: [ENGINE_ENTRY],
      outfile: join(outDir, 'main/engine.cjs'),
    }),
    bundle({ ...nodeCommonJs, entryPoints: [join(root, 'main/engine/parallel/worker.ts')], outfile: join(outDir, 'main', TRAIN_WORKER_BUNDLE) }),
    bundle({
      // 'browser': a Node module slipping into the sandboxed preload fails the build, not the app.
      platform: 'browser',
      target: CHROME_TARGET,
      format: 'cjs',
      external: ['electron'],
      minify: true,
      entryPoints: [join(root, 'preload/index.ts')],
      outfile: join(outDir, 'preload/index.cjs'),
    }),
    bundle({
      platform: 'node',
      target: NODE_TARGET,
      format: 'esm',
      packages: 'external',
      entryPoints: [join(root, 'main/electron/build/after-pack.ts')],
      outfile: join(outDir, 'build/after-pack.mjs'),
    }),
  ]);
  return { main, engine, trainWorker, preload, afterPack };
}
