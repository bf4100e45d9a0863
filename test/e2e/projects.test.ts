// End to end in a real browser: the built renderer served by a real server on a temporary
// LONGSHOT_HOME. Create a project through the UI, write a caption, change a setting, see the
// project listed, restart the server (new port, new token), reopen the project and see the
// settings and caption it was saved with.
//
// The renderer is built here in beforeAll (Vite takes a second or two), so the test never runs
// against a stale build. Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import type { LongshotServer } from '../../main/server/index';
import { buildRenderer, launchBrowser, newPage, screenshot, serve } from './harness';

let home: string;
let browser: Browser;
let server: LongshotServer | undefined;
const problems: string[] = [];

// This test runs no jobs: an engine without runners keeps it light.
const start = () => serve(join(home, 'renderer'), { projectsDir: join(home, 'projects'), engine: inProcessEngine({ runnerModules: [] }) });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'longshot-e2e-'));
  process.env.LONGSHOT_HOME = home;
  await buildRenderer(join(home, 'renderer'));
  browser = await launchBrowser();
  server = await start();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('projects in the browser', () => {
  it('creates a project through the UI, lists it, and reopens it with its settings after a server restart', async () => {
    if (!server) throw new Error('no server');
    const page = await newPage(browser, problems);
    await page.goto(server.pageUrl);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByText('No projects yet').waitFor();
    await screenshot(page, 'e2e-new-project');

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) });
    await form.getByLabel('Name').fill('Lighthouse');
    await form.getByLabel('Duration (s)').fill('12');
    await form.getByLabel('Frames per second').fill('10');
    await form.getByLabel('Resolution').selectOption('128x128');
    await form.getByLabel('Memory preset').selectOption('2x2x2');
    await form.getByLabel('Seed').fill('42');
    await form.getByRole('button', { name: 'Create project' }).click();

    await page.getByRole('heading', { name: 'Lighthouse', level: 1 }).waitFor();
    // N writes a new caption at the playhead, in place on the timeline.
    await page.keyboard.press('n');
    await page.getByLabel('New caption text').fill('the lamp turns on');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Caption .*the lamp turns on/ }).waitFor();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Guidance').fill('3.5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();

    await page.getByRole('button', { name: '← Projects' }).click();
    await page.getByRole('button', { name: /Lighthouse/ }).waitFor();
    await screenshot(page, 'e2e-home');

    // The old tab goes with its server (it would keep retrying the event socket of a dead session).
    await page.close();
    await server.close();
    server = await start();
    const reopened = await newPage(browser, problems);
    await reopened.goto(server.pageUrl);
    await reopened.getByRole('button', { name: /Lighthouse/ }).click();
    await reopened.getByRole('heading', { name: 'Lighthouse', level: 1 }).waitFor();
    await reopened.getByRole('button', { name: /Caption .*the lamp turns on/ }).waitFor();

    await reopened.getByRole('tab', { name: 'Settings' }).click();
    const settings = reopened.locator('section', { has: reopened.getByRole('heading', { name: 'Project settings' }) });
    expect(await settings.getByLabel('Duration (s)').inputValue()).toBe('12');
    expect(await settings.getByLabel('Frames per second').inputValue()).toBe('10');
    expect(await settings.getByLabel('Resolution').inputValue()).toBe('128x128');
    expect(await settings.getByLabel('Memory preset').inputValue()).toBe('2x2x2');
    expect(await settings.getByLabel('Seed').inputValue()).toBe('42');
    expect(await settings.getByLabel('Guidance').inputValue()).toBe('3.5');
    // 128x128 at 10 fps is not what the default model makes: the screen says what that means.
    await expect.poll(() => settings.getByRole('note').textContent()).toMatch(/^The model makes 64×64 at 8 fps, so that is what is generated; this project's 128×128 at 10 fps only sets how footage is imported/);
    await screenshot(reopened, 'e2e-projects');

    expect(problems).toEqual([]);
  });
});
