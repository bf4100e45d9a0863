// The studio in a real browser against a real server whose engine runs in a child process with
// every runner, as `longshot serve` runs it. Follows the user's path: create a project, import
// footage, write three captions on the timeline (a drag out each, then a move and a resize),
// generate with a random tiny model and few steps, watch progress reach the end, inspect the
// memory at an early moment, export, and check the MP4 with ffprobe; regenerate the end with
// another seed and choose between the takes. Then: a long take's timeline draws only what is near
// the view; cancel a generation;
// reload mid-generation and find the job still running; a bad footage file says what is wrong.
// Screenshots of each step go to test-results/. Needs /usr/bin/chromium and /usr/bin/ffprobe.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../main/media/index';
import { listCaptions, listChunks, listJobs, listRuns, listTakes } from '../../main/project/index';
import type { LongshotServer } from '../../main/server/index';
import { openStudio, screenshot, type Studio } from './harness';
import { writeLongTake } from './long-take';
import { captionBlock, moveCaption, resizeCaptionEnd, writeCaption } from './timeline-driver';

let studio: Studio;
let home: string;
let server: LongshotServer;
let page: Page;
let problems: string[];

beforeAll(async () => {
  studio = await openStudio('studio');
  ({ home, server, page, problems } = studio);
});

afterAll(() => studio?.close());

/** The open project named `name`, as the server holds it. */
function project(name: string) {
  const open = server.ctx.projects.list().find(({ project: p }) => p.path.endsWith(`${name}.longshot`));
  if (!open) throw new Error(`${name} is not open`);
  return open.project;
}

/** Creates a project from the home screen with a random tiny model (fast, frames mean nothing). */
async function createProject(name: string, durationSec: number, steps: number): Promise<void> {
  const projectsLink = page.getByRole('button', { name: '← Projects' });
  if (await projectsLink.isVisible()) await projectsLink.click();
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Duration (s)').fill(String(durationSec));
  await form.getByLabel('Frames per second').fill('8');
  await form.getByLabel('Model').selectOption('random:tiny');
  await form.getByLabel('Sampling steps').fill(String(steps));
  await form.getByLabel('Seed').fill('7');
  await form.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Imports a file as footage from the Storyboard view. */
async function importFootage(path: string): Promise<void> {
  await page.getByRole('tab', { name: 'Storyboard' }).click();
  await page.getByLabel('Video file path').fill(path);
  await page.getByRole('button', { name: 'Import' }).click();
}

/** Starts a generation from the Generate view and waits until it runs. */
async function generate(): Promise<void> {
  await page.getByRole('tab', { name: 'Generate' }).click();
  await page.getByRole('button', { name: 'Generate video' }).click();
  await page.getByTestId('chunk-progress').waitFor({ timeout: 30_000 });
}

/** A scrolling element as the page sees it (this file is type-checked without the DOM's types). */
interface ScrollBox {
  scrollLeft: number;
  scrollWidth: number;
  clientWidth: number;
}

/** The newest job of a kind ('Generation', 'Export', 'Footage import') in a status, as the page shows it. */
const job = (kind: string, status: string) => page.locator(`[data-testid=job][data-status=${status}]`).filter({ hasText: `${kind} #` }).first();

describe('the studio', () => {
  it('takes a storyboard from captions on the timeline to an exported MP4', async () => {
    await createProject('Harbour', 3, 2);
    const clip = join(home, 'harbour.mp4');
    execFileSync((await locateFfmpeg()).path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x96:rate=8', '-t', '1.5', '-pix_fmt', 'yuv420p', clip]);
    await importFootage(clip);
    await page.locator('.footage-segment img').waitFor({ timeout: 30_000 });

    await writeCaption(page, 0, 1, 'boats sway in the harbour');
    await writeCaption(page, 1.5, 2, 'the lamp turns on');
    await writeCaption(page, 2.25, 3, 'a gull lands');
    await moveCaption(page, 'the lamp turns on', -0.25);
    await resizeCaptionEnd(page, 'boats sway in the harbour', 1.25);
    await page.getByText('Saved', { exact: true }).waitFor();
    const stored = () => listCaptions(project('Harbour').db).map((c) => [c.startSec, c.endSec, c.text]);
    expect(stored()).toEqual([
      [0, 1.25, 'boats sway in the harbour'],
      [1.25, 1.75, 'the lamp turns on'],
      [2.25, 3, 'a gull lands'],
    ]);
    // The resize is one edit: undo takes it back, redo brings it again, both saved.
    await page.keyboard.press('Control+z');
    await expect.poll(() => stored()[0]?.[1]).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => stored()[0]?.[1]).toBe(1.25);
    await captionBlock(page, 'the lamp turns on').click();
    await screenshot(page, 'studio-storyboard');

    await generate();
    await expect.poll(() => page.getByTestId('chunk-segment').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'studio-generating');
    await job('Generation', 'done').waitFor({ timeout: 90_000 });
    const take = listJobs(project('Harbour').db).find((j) => j.kind === 'generate');
    expect(take?.status).toBe('done');
    // 3 s at the tiny model's 8 fps in chunks of 2 frames: 12 chunks, each drawn on the timeline.
    await expect.poll(() => page.getByTestId('chunk-segment').count()).toBe(12);
    await screenshot(page, 'studio-generated');

    await page.getByRole('tab', { name: 'Memory' }).click();
    const scrubber = page.getByLabel('Moment to inspect');
    await scrubber.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const scores = page.getByTestId('memory-scores');
    await scores.getByText(/\d+\.\d\d dB/).waitFor({ timeout: 30_000 });
    expect(await scores.textContent()).toMatch(/\(footage\)/);
    await page.getByRole('button', { name: 'Compute fidelity strip' }).click();
    await page.locator('.fidelity-cell').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'studio-memory');

    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: /^Export take/ }).click();
    await job('Export', 'done').waitFor({ timeout: 60_000 });
    const row = page.getByTestId('export-row').first();
    await row.waitFor();
    const file = (await row.locator('.export-path').textContent()) ?? '';
    await screenshot(page, 'studio-export');
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' })) as {
      streams: { codec_type: string; codec_name: string; width: number; height: number; pix_fmt: string }[];
      format: { duration: string };
    };
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 256, height: 256 });
    expect(Number(probe.format.duration)).toBeCloseTo(3, 1);
    expect(problems).toEqual([]);
  }, 150_000);

  it('regenerates the end of the take with another seed, shows the finished retake, and chooses the first back', async () => {
    const db = project('Harbour').db;
    const [run] = listRuns(db);
    const first = run ? listTakes(db, run.id)[0] : undefined;
    if (!run || !first) throw new Error('the first test made no take');
    await page.getByRole('tab', { name: 'Generate' }).click();
    const panel = page.getByRole('region', { name: `Takes of run ${run.id}` });
    await panel.getByLabel('From chunk').selectOption('10');
    await panel.getByLabel('Seed').fill('5');
    await panel.getByRole('button', { name: 'Regenerate from chunk 11' }).click();
    await expect.poll(() => listJobs(db).filter((j) => j.kind === 'generate').map((j) => j.status), { timeout: 90_000 }).toEqual(['done', 'done']);
    const retake = listTakes(db, run.id)[1];
    expect(retake).toMatchObject({ fromChunk: 10, seed: 5, parentTakeId: first.id, isCurrent: true });
    // The finished retake is the one shown, its own two chunks on the timeline after the parent's ten.
    const shown = panel.locator('li.current');
    await expect.poll(() => shown.textContent()).toMatch(new RegExp(`^Take ${retake?.id} · from chunk 11 · seed 5shown$`));
    expect(listChunks(db, retake?.id ?? 0).map((c) => c.takeId)).toEqual([...Array<number>(10).fill(first.id), retake?.id, retake?.id]);
    await screenshot(page, 'studio-retake');
    await panel.locator('li', { hasText: `Take ${first.id} ·` }).getByRole('button', { name: 'Choose' }).click();
    await expect.poll(() => shown.textContent()).toMatch(new RegExp(`^Take ${first.id} · from chunk 1 · seed 7shown$`));
    expect(listTakes(db, run.id).map((t) => t.isCurrent)).toEqual([true, false]);
    expect(problems).toEqual([]);
  });

  it('cancels a running generation, keeping the chunks already made', async () => {
    await createProject('Cancelled', 30, 4);
    await generate();
    await page.getByTestId('chunk-segment').nth(1).waitFor({ timeout: 30_000 });
    await job('Generation', 'running').getByRole('button', { name: 'Cancel' }).click();
    await job('Generation', 'cancelled').waitFor({ timeout: 30_000 });
    await screenshot(page, 'studio-cancelled');
    const db = project('Cancelled').db;
    expect(listJobs(db).find((j) => j.kind === 'generate')?.status).toBe('cancelled');
    const kept = listChunks(db, 1).length;
    expect(kept).toBeGreaterThanOrEqual(2);
    // Far from all 120 chunks of 30 s: it stopped, and the chunks made before it stay on the timeline.
    expect(kept).toBeLessThan(120);
    // Zoomed to fit 30 s, chunks are drawn in runs: the last run ends at the last chunk kept.
    await expect.poll(() => page.getByTestId('chunk-segment').last().getAttribute('title')).toMatch(new RegExp(`^Chunks? (${kept}: |\\d+-${kept} )`));
    expect(problems).toEqual([]);
  });

  it('comes back to a running generation after a reload', async () => {
    await createProject('Reloaded', 30, 4);
    await generate();
    await page.reload();
    await page.getByRole('heading', { name: 'Reloaded', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Generate' }).click();
    const running = job('Generation', 'running');
    await running.waitFor();
    // Still running, and still moving: the progress line changes after the reload.
    const before = await running.locator('.job-line').textContent();
    await expect.poll(() => running.locator('.job-line').textContent(), { timeout: 30_000 }).not.toBe(before);
    await screenshot(page, 'studio-reloaded');
    await running.getByRole('button', { name: 'Cancel' }).click();
    await job('Generation', 'cancelled').waitFor({ timeout: 30_000 });
    expect(listJobs(project('Reloaded').db).find((j) => j.kind === 'generate')?.status).toBe('cancelled');
    expect(problems).toEqual([]);
  });

  it('draws only the part of a long take near the view, and the view follows the playhead', async () => {
    // 20 minutes in 0.25 s chunks.
    const count = 4800;
    const folder = await writeLongTake(server.ctx, 'Long walk', count);
    await page.getByRole('button', { name: '← Projects' }).click();
    await page.getByLabel('Project folder').fill(folder);
    await page.getByLabel('Project folder').press('Enter');
    await page.getByRole('heading', { name: 'Long walk', level: 1 }).waitFor();
    const segments = page.getByTestId('chunk-segment');
    await segments.first().waitFor({ timeout: 30_000 });
    // Zoomed to fit, chunks are 3 px wide: they are drawn in runs, and only near the view.
    expect(await segments.count()).toBeLessThan(200);
    expect(await segments.first().getAttribute('title')).toMatch(/^Chunks 1-8 \(zoom in to see each\)/);
    const scroller = page.locator('.timeline-scroll');
    await scroller.evaluate((element) => { const box = element as unknown as ScrollBox; box.scrollLeft = box.scrollWidth; });
    await page.locator(`[data-testid=chunk-segment][title^="Chunks ${count - 7}-${count} "]`).waitFor();
    await scroller.evaluate((element) => { (element as unknown as ScrollBox).scrollLeft = 0; });
    await segments.first().waitFor();

    // At the closest zoom each chunk has its own segment, still only near the view.
    for (let i = 0; i < 12; i++) await page.keyboard.press('+');
    await page.locator('[data-testid=chunk-segment][title^="Chunk 1: "]').waitFor();
    expect(await segments.count()).toBeLessThan(60);
    // Stepping the playhead past the right edge brings the view along.
    const viewChunks = Math.ceil((await scroller.evaluate((element) => (element as unknown as ScrollBox).clientWidth)) / 100);
    for (let i = 0; i < viewChunks + 2; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => scroller.evaluate((element) => (element as unknown as ScrollBox).scrollLeft)).toBeGreaterThan(0);
    await page.locator(`[data-testid=chunk-segment][title^="Chunk ${viewChunks + 3}: "]`).waitFor();
    await screenshot(page, 'studio-long-take');
    expect(problems).toEqual([]);
  });

  it('says what is wrong with a file that is not a video, and what to do', async () => {
    const junk = join(home, 'holiday.mp4');
    writeFileSync(junk, 'this is not a video file\n'.repeat(100));
    await importFootage(junk);
    const failure = job('Footage import', 'failed');
    await failure.waitFor({ timeout: 30_000 });
    await expect.poll(() => failure.getByRole('alert').textContent()).toMatch(/Choose a video file ffmpeg can read/);
    await screenshot(page, 'studio-bad-footage');
    expect(problems).toEqual([]);
  });
});
