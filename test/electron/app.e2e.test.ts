// The desktop app itself, driven by Playwright's Electron support: it starts, the page has no
// Node, no `require` and no ipcRenderer, only the contract's API; through that API it creates
// a project, generates a short video with a tiny random model, exports it, and shows a preview
// through the media scheme; a menu item reaches the page, and a second start leaves the window
// to the running instance. Electron's binary is downloaded by its npm package on first use
// (`npx electron --version`); where it is missing (CI without internet), the test says so and
// skips.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShell } from '../../main/electron/build/bundles';
import { prepareElectronNative } from '../../main/electron/build/electron-native';
import { SERVICE_RUNNER_MODULES } from '../../main/services/index';
import type { Api } from '../../preload/api';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Electron binary's path, or why there is none. Found the way the electron package finds it
 * (path.txt, ELECTRON_OVERRIDE_DIST_PATH), without `require('electron')`, which would try to
 * download it in the middle of a test run.
 */
function electronBinary(): { path: string } | { missing: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `${pathFile} does not exist: the package was installed without its binary` };
  const executable = readFileSync(pathFile, 'utf8');
  const path = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executable) : join(packageDir, 'dist', executable);
  return existsSync(path) ? { path } : { missing: `the Electron binary ${path} does not exist` };
}

const binary = electronBinary();

/** What the tests read of the page's global object (the page runs the callbacks, not Node). */
interface PageGlobals {
  longshot?: Api;
  require?: unknown;
  process?: unknown;
  ipcRenderer?: unknown;
  location: { origin: string };
  Image: new () => { src: string; naturalWidth: number; decode(): Promise<void>; onload: (() => void) | null; onerror: (() => void) | null };
}
if ('missing' in binary) {
  describe('desktop app (Electron)', () => {
    console.warn(`desktop app test SKIPPED: no Electron binary (${binary.missing})`);
    it.skip(`SKIPPED: no Electron binary here (${binary.missing}); run \`npx electron --version\` with internet access to get it`, () => undefined);
  });
} else {
  describe('desktop app (Electron)', () => {
    let home: string;
    let app: ElectronApplication;
    let page: Page;
    // Chromium's sandbox refuses to start as root (CI containers); everywhere else it stays on.
    const asRoot = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

    beforeAll(async () => {
      if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('the renderer is not built: run `npm run build` first');
      await buildShell({ root: ROOT, outDir: join(ROOT, 'out'), runnerModules: SERVICE_RUNNER_MODULES });
      await prepareElectronNative(ROOT);
      home = mkdtempSync(join(tmpdir(), 'longshot-electron-'));
      app = await _electron.launch({ executablePath: binary.path, args: [ROOT, ...asRoot], env: { ...process.env, LONGSHOT_HOME: home } });
      page = await app.firstWindow();
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).longshot !== undefined);
    }, 300_000);

    afterAll(async () => {
      await app?.close();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    it('gives the page the contract only: no require, process or ipcRenderer', async () => {
      // Each callback runs in the page: `globalThis` there is the page's window.
      const globals = await page.evaluate(() => {
        const win = globalThis as unknown as PageGlobals;
        return {
          require: typeof win.require,
          process: typeof win.process,
          ipcRenderer: typeof win.ipcRenderer,
          ipcInApi: JSON.stringify(Object.keys(win.longshot ?? {})).includes('ipc'),
          api: typeof win.longshot?.projects.create,
          origin: win.location.origin,
        };
      });
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', ipcInApi: false, api: 'function', origin: 'app://longshot' });
      // The sandboxed renderer cannot reach the file system by URL either.
      const fileFetch = await page.evaluate(() => fetch('file:///etc/hostname').then(() => 'loaded', () => 'refused'));
      expect(fileFetch).toBe('refused');
    });

    it('creates a project, generates with a tiny model, shows a preview and exports an MP4', async () => {
      const parentDir = join(home, 'projects');
      const outcome = await page.evaluate(async (dir) => {
        const win = globalThis as unknown as PageGlobals;
        const api = win.longshot;
        if (!api) throw new Error('no API');
        const unwrap = <T,>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
          if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
          return result.value;
        };
        const waitDone = async (projectId: string, id: number) => {
          for (let i = 0; i < 1200; i++) {
            const job = unwrap(await api.jobs.get({ projectId, id }));
            if (job.status === 'done') return job;
            if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`job ${id} ${job.status}: ${job.error}`);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          throw new Error(`job ${id} did not finish`);
        };
        const settings = { durationSec: 2, fps: 4, width: 32, height: 32, modelId: 'random:tiny', samplingSteps: 2 };
        const project = unwrap(await api.projects.create({ name: 'Electron E2E', parentDir: dir, settings }));
        unwrap(await api.storyboard.add({ projectId: project.id, caption: { startSec: 0, endSec: 2, text: 'a red circle rolls along a beach' } }));
        const previews: string[] = [];
        const stop = api.events.preview((event) => previews.push(event.imagePath));
        const generated = await waitDone(project.id, unwrap(await api.generation.start({ projectId: project.id, seed: 7 })).id);
        stop();
        let previewWidth = 0;
        if (previews[0]) {
          const image = new win.Image();
          image.src = api.mediaUrl(project.id, previews[0]);
          await image.decode();
          previewWidth = image.naturalWidth;
        }
        const exportSettings = { crf: 30, subtitles: 'srt' as const, chapters: false, fileName: 'electron-e2e.mp4' };
        await waitDone(project.id, unwrap(await api.export.start({ projectId: project.id, settings: exportSettings })).id);
        const exports = unwrap(await api.export.list({ projectId: project.id }));
        return { generated: generated.status, previews: previews.length, previewWidth, exportPath: exports[0]?.path ?? '', projectPath: project.path };
      }, parentDir);
      expect(outcome.generated).toBe('done');
      expect(outcome.previews).toBeGreaterThan(0);
      expect(outcome.previewWidth).toBeGreaterThan(0);
      const file = outcome.exportPath.startsWith('/') ? outcome.exportPath : join(outcome.projectPath, outcome.exportPath);
      expect(statSync(file).size).toBeGreaterThan(1000);
    }, 300_000);

    it('carries out the menu in the page: File > New Project focuses the new-project form', async () => {
      // Runs in the main process: the application menu as the user clicks it.
      const labels = await app.evaluate(({ Menu }) => {
        const menu = Menu.getApplicationMenu();
        const file = menu?.items.find((item) => item.label.replace('&', '') === 'File');
        file?.submenu?.items.find((item) => item.label === 'New Project…')?.click();
        return menu?.items.map((item) => item.label.replace('&', '')) ?? [];
      });
      expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));
      const name = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) }).getByLabel('Name');
      const focused = () => name.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
      await expect.poll(focused).toBe(true);
    });

    it('leaves a second start to the running instance', async () => {
      const second = spawn(binary.path, [ROOT, ...asRoot], { env: { ...process.env, LONGSHOT_HOME: home }, stdio: 'ignore' });
      const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
      expect(code).toBe(0);
      expect(app.windows()).toHaveLength(1);
    }, 60_000);

    it('refuses media of a project that is not open and paths out of the project', async () => {
      const status = await page.evaluate(async () => {
        const win = globalThis as unknown as PageGlobals;
        const load = (src: string) =>
          new Promise<string>((resolve) => {
            const image = new win.Image();
            image.onload = () => resolve('loaded');
            image.onerror = () => resolve('refused');
            image.src = src;
          });
        return [await load('longshot-media://NoSuchProject/media/x.png'), await load('longshot-media://x/..%2f..%2fetc%2fpasswd')];
      });
      expect(status).toEqual(['refused', 'refused']);
    });
  });
}
