// End to end in a real browser: the built renderer served by a real server on a temporary
// LONGSHOT_HOME. Create a project through the UI, see it listed, restart the server (new port,
// new token), reopen the project and see the settings it was saved with.
//
// The renderer is built here in beforeAll (Vite takes about a second), so the test never runs
// against a stale build. Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import { DEFAULT_RENDERER_DIR, startServer, type LongshotServer } from '../../main/server/index';
import { createServiceContext } from '../../main/services/index';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test-results');

let home: string;
let browser: Browser;
let server: LongshotServer | undefined;
const problems: string[] = [];

async function serve(): Promise<LongshotServer> {
  const ctx = createServiceContext({ projectsDir: join(home, 'projects'), engine: inProcessEngine({ runnerModules: [] }) });
  const started = await startServer({ ctx });
  // The server was handed a context, so closing the server leaves it to us: close both.
  return { ...started, close: async () => { await started.close(); await ctx.close(); } };
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  // CSP violations and script errors show up here; the shell must produce none.
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  await build({ configFile: join(process.cwd(), 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  expect(existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'longshot-e2e-'));
  process.env.LONGSHOT_HOME = home;
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  server = await serve();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('projects in the browser', () => {
  it('creates a project through the UI, lists it, and reopens it with its settings after a server restart', async () => {
    if (!server) throw new Error('no server');
    const page = await newPage();
    await page.goto(server.pageUrl);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByText('No projects yet').waitFor();

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) });
    await form.getByLabel('Name').fill('Lighthouse');
    await form.getByLabel('Duration (s)').fill('12');
    await form.getByLabel('Frames per second').fill('10');
    await form.getByLabel('Resolution').selectOption('128x128');
    await form.getByLabel('Memory preset').selectOption('2x2x2');
    await form.getByLabel('Seed').fill('42');
    await form.getByRole('button', { name: 'Create project' }).click();

    await page.getByRole('heading', { name: 'Lighthouse', level: 1 }).waitFor();
    await page.getByLabel('Caption text').fill('the lamp turns on');
    await page.getByRole('button', { name: 'Add caption' }).click();
    await page.getByText('the lamp turns on').waitFor();
    await page.getByLabel('Guidance').fill('3.5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByRole('button', { name: /Lighthouse/ }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'e2e-home.png'), fullPage: true });

    await server.close();
    server = await serve();
    const reopened = await newPage();
    await reopened.goto(server.pageUrl);
    await reopened.getByRole('button', { name: /Lighthouse/ }).click();
    await reopened.getByRole('heading', { name: 'Lighthouse', level: 1 }).waitFor();

    const settings = reopened.locator('section', { has: reopened.getByRole('heading', { name: 'Settings' }) });
    expect(await settings.getByLabel('Duration (s)').inputValue()).toBe('12');
    expect(await settings.getByLabel('Frames per second').inputValue()).toBe('10');
    expect(await settings.getByLabel('Resolution').inputValue()).toBe('128x128');
    expect(await settings.getByLabel('Memory preset').inputValue()).toBe('2x2x2');
    expect(await settings.getByLabel('Seed').inputValue()).toBe('42');
    expect(await settings.getByLabel('Guidance').inputValue()).toBe('3.5');
    await reopened.getByText('the lamp turns on').waitFor();
    await reopened.screenshot({ path: join(SCREENSHOTS, 'e2e-projects.png'), fullPage: true });

    expect(problems).toEqual([]);
  });
});
