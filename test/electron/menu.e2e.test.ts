// The desktop menu's commands in a real browser. Electron sends them to the page as the
// contract's `menu` event; the local server forwards every event of the service bus on its
// socket, so emitting `menu` on the bus delivers the same payload to the same subscription the
// Electron bridge feeds. The built renderer, Debian's Chromium and a real server, as the other
// browser tests (test/e2e/harness.ts): File > Open Recent opens a project, Edit > Undo and Redo
// take back and redo a caption (and undo the typing instead when a text field has the focus),
// Export shows the Export view, New Project leaves the project for the focused new-project form.
import type { Locator, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessEngine } from '../../main/jobs/index';
import type { LongshotServer } from '../../main/server/index';
import { handleCall } from '../../main/services/index';
import type { EventPayload } from '../../preload/api';
import { openStudio, screenshot, type Studio } from '../e2e/harness';

let studio: Studio;
let server: LongshotServer;
let page: Page;
let problems: string[];

beforeAll(async () => {
  // No jobs run here: an engine without runners keeps it light.
  studio = await openStudio('menu-e2e', { engine: inProcessEngine({ runnerModules: [] }) });
  ({ server, page, problems } = studio);
}, 120_000);

afterAll(() => studio?.close());

/** Sends a menu command the way the shell's menu does: as the `menu` event. */
function menu(command: EventPayload<'menu'>): void {
  server.ctx.bus.emit('menu', command);
}

/** Waits until the page's event socket delivers (the page subscribes on load; a frame proves it is open). */
async function untilEventsArrive(socket: WebSocket): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const frame = socket.waitForEvent('framereceived', { timeout: 200 }).then(() => true, () => false);
    server.ctx.bus.log('debug', 'test', 'is the page listening?');
    if (await frame) return;
  }
  throw new Error('the page never received an event');
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

describe('desktop menu commands in the page', () => {
  it('opens a project, undoes and redoes edits, shows Export and goes to a new project', async () => {
    const created = await handleCall('projects.create', { name: 'Menu' }, server.ctx);
    if (!created.ok) throw new Error(created.error.message);
    const project = created.value as { id: string; path: string };
    await handleCall('projects.close', { projectId: project.id }, server.ctx);

    const socket = page.waitForEvent('websocket');
    await page.goto(server.pageUrl);
    await page.getByRole('heading', { name: 'Recent projects' }).waitFor();
    await untilEventsArrive(await socket);

    menu({ command: 'project.open', path: project.path });
    await page.getByRole('heading', { name: 'Menu', level: 1 }).waitFor();

    await page.keyboard.press('n');
    await page.getByLabel('New caption text').fill('the lamp turns on');
    await page.keyboard.press('Enter');
    const caption = page.getByRole('button', { name: /Caption .*the lamp turns on/ });
    await caption.waitFor();
    menu({ command: 'edit.undo' });
    await caption.waitFor({ state: 'detached' });
    menu({ command: 'edit.redo' });
    await caption.waitFor();

    // With the focus in a field, Undo takes back the typing there, not the storyboard edit.
    await page.getByRole('tab', { name: 'Settings' }).click();
    const guidance = page.getByLabel('Guidance');
    const before = await guidance.inputValue();
    await guidance.click();
    await page.keyboard.press('End');
    await page.keyboard.type('9');
    expect(await guidance.inputValue()).toBe(`${before}9`);
    menu({ command: 'edit.undo' });
    await expect.poll(() => guidance.inputValue()).toBe(before);
    await expect.poll(() => caption.count()).toBe(1);
    // A focused list keeps no typing to undo: Undo and Redo are the storyboard's again.
    await page.getByLabel('Memory preset').focus();
    menu({ command: 'edit.undo' });
    await caption.waitFor({ state: 'detached' });
    menu({ command: 'edit.redo' });
    await caption.waitFor();

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    menu({ command: 'project.export' });
    await expect.poll(() => page.getByRole('tab', { name: 'Export' }).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'menu-export');

    menu({ command: 'project.new' });
    const name = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) }).getByLabel('Name');
    await name.waitFor();
    await expect.poll(() => isFocused(name)).toBe(true);
    expect(server.ctx.projects.list()).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
