/**
 * `npm run bench:timeline`: how the docked timeline copes with long takes, in Debian's Chromium
 * against the real server. For each length it writes a project whose current take has that many
 * chunks (rows and preview strips, no frames: drawing does not read them), opens it, and measures
 * in the page: the time from opening the project to a drawn timeline and its DOM elements then
 * (zoomed to fit), the time a playhead step (→) takes to reach the screen at the closest zoom
 * with Chromium's script and layout time for it, the elements and preview images there, and the
 * JS heap. With `--baseline REV` it measures the renderer of git revision REV
 * too, in the same run against the same server code, and prints the ratios. Prints a table and
 * writes bench-results/timeline.json.
 *   npm run bench:timeline [-- --chunks 500,2000,8000 --steps 40 --baseline REV]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openStudio } from '../e2e/harness';
import { LONG_TAKE_CHUNK_FRAMES, LONG_TAKE_FPS, writeLongTake } from '../e2e/long-take';

interface Row {
  renderer: string;
  chunks: number;
  minutes: number;
  openMs: number;
  stepMsMedian: number;
  stepMsP95: number;
  /** Script, and style + layout, per step as Chromium counts them. */
  stepScriptMs: number;
  stepStyleLayoutMs: number;
  /** Timeline elements as opened (zoomed to fit), and at the closest zoom after the steps. */
  openElements: number;
  timelineElements: number;
  previewImages: number;
  heapMb: number;
}

/**
 * The page's clock once what the last change drew has been painted: a task queued from the next
 * animation frame runs after that frame's paint.
 */
const painted = (page: Page): Promise<number> =>
  page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))');

/** The timeline's elements and images now, and the page's JS heap. */
function timelineCounts(page: Page): Promise<{ elements: number; images: number; heap: number }> {
  // A string, evaluated in the page: this file is type-checked without the DOM's types.
  return page.evaluate(`({
    elements: document.querySelectorAll('.timeline *').length,
    images: document.querySelectorAll('.timeline img').length,
    heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
  })`);
}

async function measure(page: Page, projectPath: string, count: number, steps: number): Promise<Omit<Row, 'renderer'>> {
  await page.getByRole('button', { name: '← Projects' }).click().catch(() => undefined);
  await page.getByLabel('Project folder').fill(projectPath);
  const started = await page.evaluate(() => performance.now());
  await page.getByLabel('Project folder').press('Enter');
  await page.locator('[data-testid=chunk-segment]').first().waitFor({ timeout: 120_000 });
  const openMs = (await painted(page)) - started;
  const opened = await timelineCounts(page);

  // The closest zoom: the most chunks a view could hold, drawn as wide as they get.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 12; i++) await page.keyboard.press('+');
  await painted(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const start = await metrics();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const before = await page.evaluate(() => performance.now());
    await page.keyboard.press('ArrowRight');
    times.push((await painted(page)) - before);
  }
  const end = await metrics();
  // Chromium's own accounting of the steps: seconds of script, style and layout, per step in ms.
  const perStep = (name: string) => (((end[name] ?? 0) - (start[name] ?? 0)) * 1000) / steps;
  await cdp.detach();
  times.sort((a, b) => a - b);
  const dom = await timelineCounts(page);
  return {
    chunks: count,
    minutes: (count * LONG_TAKE_CHUNK_FRAMES) / LONG_TAKE_FPS / 60,
    openMs,
    stepMsMedian: times[Math.floor(times.length / 2)] ?? 0,
    stepMsP95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0,
    stepScriptMs: perStep('ScriptDuration'),
    stepStyleLayoutMs: perStep('RecalcStyleDuration') + perStep('LayoutDuration'),
    openElements: opened.elements,
    timelineElements: dom.elements,
    previewImages: dom.images,
    heapMb: dom.heap / 2 ** 20,
  };
}

/** A checkout of `rev` beside this one, sharing its node_modules, for building that renderer. */
function checkout(rev: string): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'longshot-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', root, rev], { stdio: 'ignore' });
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  return {
    root,
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', root], { stdio: 'ignore' });
      if (existsSync(root)) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Measures every length with the renderer of `rendererRoot`, labelled `label`. */
async function measureRenderer(label: string, rendererRoot: string | undefined, counts: readonly number[], steps: number): Promise<Row[]> {
  const studio = await openStudio('bench-timeline', { ...(rendererRoot && { rendererRoot }) });
  const rows: Row[] = [];
  try {
    for (const count of counts) {
      const projectPath = await writeLongTake(studio.server.ctx, `Long ${count}`, count);
      rows.push({ renderer: label, ...(await measure(studio.page, projectPath, count, steps)) });
      console.log(`${label}: measured ${count} chunks`);
    }
  } finally {
    await studio.close();
  }
  return rows;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { chunks: { type: 'string', default: '500,2000,8000' }, steps: { type: 'string', default: '40' }, baseline: { type: 'string' } },
  });
  const counts = values.chunks.split(',').map(Number);
  const steps = Number(values.steps);
  const rows = await measureRenderer('this checkout', undefined, counts, steps);
  if (values.baseline) {
    const baseline = checkout(values.baseline);
    try {
      rows.push(...(await measureRenderer(values.baseline, baseline.root, counts, steps)));
    } finally {
      baseline.remove();
    }
  }
  console.table(rows.map((r) => ({
    renderer: r.renderer, chunks: r.chunks, minutes: r.minutes.toFixed(1), 'open ms': r.openMs.toFixed(0), 'step ms (median)': r.stepMsMedian.toFixed(1),
    'step ms (p95)': r.stepMsP95.toFixed(1), 'script ms/step': r.stepScriptMs.toFixed(1), 'style+layout ms/step': r.stepStyleLayoutMs.toFixed(1), 'elements (fit)': r.openElements, 'elements (closest)': r.timelineElements, 'preview images': r.previewImages, 'heap MB': r.heapMb.toFixed(1),
  })));
  const ratios = values.baseline
    ? counts.map((chunks) => {
      const now = rows.find((r) => r.renderer === 'this checkout' && r.chunks === chunks);
      const then = rows.find((r) => r.renderer === values.baseline && r.chunks === chunks);
      return now && then ? { chunks, openFaster: then.openMs / now.openMs, stepFaster: then.stepMsMedian / now.stepMsMedian, fewerElements: then.openElements / now.openElements } : null;
    }).filter((r) => r !== null)
    : [];
  if (ratios.length > 0) {
    console.log(`\n${values.baseline} over this checkout (higher is better here):`);
    console.table(ratios.map((r) => ({ chunks: r.chunks, 'open x': r.openFaster.toFixed(2), 'step x': r.stepFaster.toFixed(2), 'elements (fit) x': r.fewerElements.toFixed(1) })));
  }
  const file = path.join('bench-results', 'timeline.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg(), node: process.version },
    settings: { chunkFrames: LONG_TAKE_CHUNK_FRAMES, fps: LONG_TAKE_FPS, steps, viewport: '1280x800', browser: '/usr/bin/chromium', baseline: values.baseline ?? null },
    rows,
    ratios,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${file}`);
  return 0;
}

process.exitCode = await main();
