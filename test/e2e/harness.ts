/**
 * Shared set-up of the browser tests: the renderer built by Vite into a folder of the test's own
 * (so test files running side by side never serve each other's half-written build), Debian's
 * Chromium through playwright-core, a real server on a temporary LONGSHOT_HOME, pages that
 * record every script error and CSP violation, and screenshots under test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startServer, type LongshotServer } from '../../main/server/index';
import { createServiceContext, type ServiceContextOptions } from '../../main/services/index';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results');

/** Builds the renderer of the checkout at `root` (this one by default) into `outDir`. */
export async function buildRenderer(outDir: string, root = process.cwd()): Promise<void> {
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`the renderer build left no index.html in ${outDir}`);
}

/** Chromium, headless; needs `apt-get install -y chromium`. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A server on its own session context; closing it closes both. The engine is the app's default
 * (a child process with every runner) unless `engine` says otherwise.
 */
export async function serve(rendererDir: string, options: ServiceContextOptions): Promise<LongshotServer> {
  const ctx = createServiceContext(options);
  const started = await startServer({ ctx, rendererDir });
  return { ...started, close: async () => { await started.close(); await ctx.close(); } };
}

/** A page of 1280 x 800 whose console errors and page errors land in `problems`. */
export async function newPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return page;
}

/** Saves a screenshot of the page as test-results/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** One browser test's world: a temporary home, the built renderer, Chromium, a server and a page. */
export interface Studio {
  home: string;
  browser: Browser;
  server: LongshotServer;
  page: Page;
  /** Console errors and page errors of `page`. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Opens a studio in a new temporary LONGSHOT_HOME named after `name`: `prepare` runs first (to
 * write data the test needs into the home), `engine` picks the server's engine (the app's default
 * otherwise), `rendererRoot` the checkout whose renderer is served (this one by default; a
 * benchmark compares with an older one), and the page is left on the server's start page.
 */
export async function openStudio(
  name: string,
  options: { engine?: ServiceContextOptions['engine']; prepare?: (home: string) => Promise<void>; rendererRoot?: string } = {},
): Promise<Studio> {
  const home = mkdtempSync(join(tmpdir(), `longshot-${name}-`));
  process.env.LONGSHOT_HOME = home;
  const opened: Partial<Studio> = {};
  const close = async () => {
    await opened.browser?.close();
    await opened.server?.close();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await options.prepare?.(home);
    await buildRenderer(join(home, 'renderer'), options.rendererRoot);
    opened.browser = await launchBrowser();
    const { engine } = options;
    opened.server = await serve(join(home, 'renderer'), { projectsDir: join(home, 'projects'), ...(engine && { engine }) });
    const problems: string[] = [];
    const page = await newPage(opened.browser, problems);
    await page.goto(opened.server.pageUrl);
    return { home, browser: opened.browser, server: opened.server, page, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}
