// Training from the app, in a real browser against a real server whose engine runs in a child
// process with every runner, as `longshot serve` runs it. Follows the user's path: create a
// project, import two short clips (one is held out for validation), write a caption on the
// timeline and one for the second clip in its footage panel, fine-tune
// the tiny preset for a few steps from the Training view, watch its progress and the loss and
// validation charts fill (read from the charts' legends, compared with the run's rows in the
// project's SQLite), find the model listed and make it the project's. Then: cancel a second run
// once it has checkpointed, find the checkpoint kept, make a model of it, Retry, and see the run
// continue from it to a second model. Screenshots in test-results/. Needs /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../main/media/index';
import { getSettings, listFootage, listJobs, listModels, listTrainingMetrics, listTrainingRuns, type TrainingMetric } from '../../main/project/index';
import type { LongshotServer } from '../../main/server/index';
import { chartOf, seriesLabel } from '../../renderer/src/features/training/metric-series';
import { openStudio, screenshot, type Studio } from './harness';
import { writeCaption } from './timeline-driver';

let studio: Studio;
let server: LongshotServer;
let page: Page;
let problems: string[];
/** Two 12 s clips, long enough for the tiny preset's 10 s of history plus a chunk. */
let clips: string[];

beforeAll(async () => {
  studio = await openStudio('training');
  ({ server, page, problems } = studio);
  const ffmpeg = (await locateFfmpeg()).path;
  clips = ['testsrc2', 'mandelbrot'].map((source) => {
    const clip = join(studio.home, `${source}.mp4`);
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', `${source}=size=96x96:rate=8`, '-t', '12', '-pix_fmt', 'yuv420p', clip]);
    return clip;
  });
});

afterAll(() => studio?.close());

/** The open project 'Workshop', as the server holds it. */
function workshop() {
  const open = server.ctx.projects.list().find(({ project }) => project.path.endsWith('Workshop.longshot'));
  if (!open) throw new Error('Workshop is not open');
  return open.project;
}

/** The project's training jobs, oldest first. */
const trainingJobs = () => listJobs(workshop().db).filter((job) => job.kind === 'train');

/** A job's line in the Runs panel, in a status. */
const jobLine = (id: number, status: string) => page.locator(`[data-testid=job][data-job-id="${id}"][data-status=${status}]`);

/** The id of the training job a click queued: the one beyond the `before` already there. */
async function queuedJob(before: number): Promise<number> {
  await expect.poll(() => trainingJobs().length).toBe(before + 1);
  return trainingJobs().at(-1)?.id ?? 0;
}

/** The chart whose caption is `title`. */
const chart = (title: string) => page.locator('figure.chart').filter({ has: page.getByText(title, { exact: true }) });

/**
 * The legend of a chart with the cursor at its left or right edge (uPlot snaps it to the first or
 * last step): series label to the value shown, '' where that series has no value at that step.
 */
async function legendAt(figure: Locator, edge: 'left' | 'right'): Promise<Record<string, string>> {
  const box = await figure.locator('.u-over').boundingBox();
  if (!box) throw new Error('the chart is not drawn');
  await page.mouse.move(edge === 'left' ? box.x + 1 : box.x + box.width - 1, box.y + box.height / 2);
  // Every legend row holds one label and one value cell.
  const rows = figure.locator('.u-legend tr.u-series');
  const [labels, values] = await Promise.all([rows.locator('.u-label').allTextContents(), rows.locator('.u-value').allTextContents()]);
  return Object.fromEntries(labels.map((label, i) => [label, values[i] ?? '']));
}

/**
 * What a chart's legend shows at `step` for the run's stored rows: a label (the app's own names)
 * for every metric the chart draws, with its value as uPlot formats numbers in this en-US page.
 */
function expectedLegend(rows: readonly TrainingMetric[], chartName: 'loss' | 'retrieval', step: number): Record<string, string> {
  const format = new Intl.NumberFormat('en-US').format;
  const names = [...new Set(rows.filter((row) => chartOf(row.name) === chartName).map((row) => row.name))];
  return Object.fromEntries([['step', format(step)], ...names.map((name) => {
    const row = rows.find((r) => r.step === step && r.name === name);
    return [seriesLabel(name), row ? format(row.value) : ''];
  })]);
}

/** Fills the Train form (its data left as it chose) and starts a run. */
async function startTraining(stage: RegExp, steps: number): Promise<void> {
  const form = page.getByRole('region', { name: 'Train' });
  await form.getByRole('radio', { name: stage }).check();
  await form.getByLabel('Preset').selectOption('tiny');
  await form.getByLabel('Steps').fill(String(steps));
  await form.getByRole('button', { name: 'Start training' }).click();
}

/** The step checkpoints in a run folder. */
const checkpoints = (runDir: string) => readdirSync(runDir).filter((name) => /^step-\d+$/.test(name)).sort();

describe('training in the app', () => {
  it('fine-tunes on the footage and its caption, charts the run, and makes its model the project\'s', async () => {
    const create = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) });
    await create.getByLabel('Name').fill('Workshop');
    await create.getByLabel('Duration (s)').fill('12');
    await create.getByLabel('Model').selectOption('random:tiny');
    await create.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Workshop', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Storyboard' }).click();
    for (const clip of clips) {
      await page.getByLabel('Video file path').fill(clip);
      await page.getByRole('button', { name: 'Import' }).click();
    }
    // Straight to Training while the imports run: once the clips arrive, they are the form's data.
    await page.getByRole('tab', { name: 'Training' }).click();
    const footage = page.getByRole('region', { name: 'Train' }).getByRole('radio', { name: /^Project footage \(2 clips/ });
    await footage.waitFor({ timeout: 30_000 });
    expect(await footage.isChecked()).toBe(true);
    await writeCaption(page, 0, 6, 'a test card drifts past the lens');
    await page.getByText('Saved', { exact: true }).waitFor();
    // The second clip gets its own caption; the first keeps the storyboard's.
    await page.getByRole('tab', { name: 'Storyboard' }).click();
    const [, fractal] = listFootage(workshop().db);
    await page.getByLabel(`What happens in footage ${fractal?.id}`).fill('a fractal blooms');
    await page.getByLabel(`What happens in footage ${fractal?.id}`).press('Enter');
    await expect.poll(() => listFootage(workshop().db).map((clip) => clip.caption)).toEqual(['', 'a fractal blooms']);
    await page.getByRole('tab', { name: 'Training' }).click();
    await startTraining(/^Fine-tune generator/, 3);
    const id = await queuedJob(0);
    const running = jobLine(id, 'running');
    await running.waitFor({ timeout: 30_000 });
    // The step-0 evaluation lands while the job still runs: the charts fill live.
    await chart('Validation retrieval (held-out clips)').locator('.u-over').waitFor({ timeout: 60_000 });
    expect(await running.count()).toBe(1);
    await screenshot(page, 'training-running');
    await expect.poll(() => running.locator('.job-line').textContent(), { timeout: 60_000 }).toMatch(/loss \d+\.\d{4}/);
    await jobLine(id, 'done').waitFor({ timeout: 90_000 });

    const db = workshop().db;
    const [run] = listTrainingRuns(db);
    expect(run).toMatchObject({ stage: 'finetune', status: 'done' });
    // No dataset folders in its params: it trained on the project's footage, each clip with its caption.
    expect(run?.config).not.toHaveProperty('data');
    const captionsOf = (clip: number) => {
      const [dataset] = readdirSync(join(workshop().path, 'training')).filter((name) => name.startsWith('footage-'));
      const video = JSON.parse(readFileSync(join(workshop().path, 'training', dataset ?? '', 'videos', `footage-${clip}`, 'video.json'), 'utf8')) as { storyboard: { text: string }[] };
      return video.storyboard.map((row) => row.text);
    };
    const [testCard, fractalClip] = listFootage(db);
    expect(captionsOf(testCard?.id ?? 0)).toEqual(['a test card drifts past the lens']);
    expect(captionsOf(fractalClip?.id ?? 0)).toEqual(['a fractal blooms']);
    const rows = listTrainingMetrics(db, run?.id ?? 0);
    // Evaluations at steps 0 and 3, the averaged training loss at the last step.
    expect([...new Set(rows.map((row) => row.step))]).toEqual([0, 3]);
    const loss = chart('Loss');
    await expect.poll(() => legendAt(loss, 'right')).toEqual(expectedLegend(rows, 'loss', 3));
    const first = await legendAt(loss, 'left');
    expect(first).toEqual(expectedLegend(rows, 'loss', 0));
    // At step 0 only the evaluation has a value: no step has been trained to average a loss over.
    expect(first).toMatchObject({ 'training loss': '', 'validation loss': expect.stringMatching(/^\d/) });
    const retrieval = chart('Validation retrieval (held-out clips)');
    expect(await legendAt(retrieval, 'right')).toEqual(expectedLegend(rows, 'retrieval', 3));
    expect(await legendAt(retrieval, 'left')).toEqual(expectedLegend(rows, 'retrieval', 0));
    await screenshot(page, 'training-charts');

    const [model] = listModels(db);
    expect(model).toMatchObject({ kind: 'model', preset: 'tiny', trainingRunId: run?.id });
    const listed = page.getByRole('region', { name: 'Models and checkpoints' }).getByRole('listitem');
    await expect.poll(() => listed.count()).toBe(1);
    const stored = model?.metrics as Record<string, number>;
    const shown = await listed.locator('.fact-detail').textContent();
    expect(shown).toContain(`val/loss ${stored['val/loss']?.toFixed(3)}`);
    expect(shown).toContain(`retrieval/oneStep/psnr ${stored['retrieval/oneStep/psnr']?.toFixed(3)}`);
    await listed.getByRole('button', { name: 'Use in this project' }).click();
    await listed.getByText('in use', { exact: true }).waitFor();
    expect(getSettings(db).modelId).toBe(String(model?.id));
    await screenshot(page, 'training-model');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => page.getByLabel('Model', { exact: true }).inputValue()).toBe(String(model?.id));
    expect(problems).toEqual([]);
  }, 240_000);

  it('cancels a run with its last checkpoint kept, and Retry continues from it', async () => {
    await page.getByRole('tab', { name: 'Training' }).click();
    await startTraining(/^Pretrain memory/, 6);
    const id = await queuedJob(1);
    const running = jobLine(id, 'running');
    // A 6-step run checkpoints every step; the loop saves a step before it looks at a cancel.
    await expect.poll(async () => Number(await running.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 90_000 }).toBeGreaterThanOrEqual(33);
    await running.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = jobLine(id, 'cancelled');
    await cancelled.waitFor({ timeout: 30_000 });
    await screenshot(page, 'training-cancelled');

    const db = workshop().db;
    const stopped = listTrainingRuns(db).at(-1);
    expect(stopped).toMatchObject({ stage: 'pretrain', status: 'cancelled' });
    expect(trainingJobs().map((job) => job.status)).toEqual(['done', 'cancelled']);
    await expect.poll(() => page.getByRole('region', { name: 'Runs' }).getByRole('combobox').locator('option').first().textContent()).toMatch(new RegExp(`^#${stopped?.id} pretrain · cancelled`));
    const runDir = (stopped?.config as { runDir: string }).runDir;
    const kept = checkpoints(runDir).at(-1) ?? '';
    const keptStep = Number(kept.slice('step-'.length));
    expect(keptStep).toBeGreaterThanOrEqual(2);
    expect(keptStep).toBeLessThan(6);

    // The stopped run's checkpoint can be used as it is: a model of it joins the list.
    const runsPanel = page.getByRole('region', { name: 'Runs' });
    await runsPanel.getByRole('button', { name: `Make a model from step ${keptStep}` }).click();
    await runsPanel.getByText('listed under Models and checkpoints').waitFor({ timeout: 30_000 });
    const fromCheckpoint = listModels(db).find((model) => model.kind === 'checkpoint');
    expect(fromCheckpoint).toMatchObject({ trainingRunId: stopped?.id, path: expect.stringMatching(new RegExp(`model-${kept}$`)) });
    const models = page.getByRole('region', { name: 'Models and checkpoints' }).getByRole('listitem');
    // Named by its run folder and step: "Checkpoint pretrain-…/model-step-…".
    await models.filter({ hasText: new RegExp(`^Checkpoint [^/]+/model-${kept}`) }).waitFor();
    await screenshot(page, 'training-checkpoint-model');

    await cancelled.getByRole('button', { name: 'Retry' }).click();
    const retry = await queuedJob(2);
    await expect.poll(() => jobLine(retry, 'running').locator('.job-line').textContent(), { timeout: 60_000, interval: 50 })
      .toMatch(new RegExp(`continuing from step ${keptStep}`));
    await screenshot(page, 'training-retried');
    await jobLine(retry, 'done').waitFor({ timeout: 90_000 });
    // The retry continues the same run (one row, one chart) from its checkpoint.
    const runs = listTrainingRuns(db);
    expect(runs).toHaveLength(2);
    expect(runs.at(-1)).toMatchObject({ id: stopped?.id, stage: 'pretrain', status: 'done', config: { runDir } });
    // It trained only the steps after the checkpoint: no fresh start, so a single step-0 evaluation.
    const metrics = listTrainingMetrics(db, stopped?.id ?? 0);
    expect(metrics.filter((row) => row.step === 0 && row.name === 'val/loss')).toHaveLength(1);
    const afterCancel = metrics.map((row) => row.step).filter((step) => step > 0);
    expect(Math.min(...afterCancel)).toBeGreaterThan(keptStep);
    expect(Math.max(...afterCancel)).toBe(6);
    expect(listModels(db).map((model) => model.kind)).toEqual(['model', 'checkpoint', 'model']);
    await expect.poll(() => models.count()).toBe(3);
    expect(problems).toEqual([]);
  }, 240_000);
});
