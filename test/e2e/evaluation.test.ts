// An evaluation from the app, in a real browser against a real server whose engine runs in a
// child process with every runner, as `longshot serve` runs it: the Training view's Evaluation
// section explains what it measures, refuses a folder that is not a dataset, starts a micro
// retrieval evaluation of two encoders on a tiny Storyworld dataset made here, follows its job,
// and shows the stored results: the table with the numbers the project's SQLite holds, the
// orderings as found and the provenance. Then it scores a micro model trained here through the
// form's model choice and shows both of its tables with the stored numbers. Screenshots in
// test-results/. Needs /usr/bin/chromium.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStoryworldDataset } from '../../main/data/index';
import { initEngine } from '../../main/engine/backend/index';
import { trainArm } from '../../main/eval/arms';
import type { ModelEvalResults, RetrievalResults } from '../../main/eval/index';
import { encoderArm } from '../../main/eval/scales';
import { listEvalResults } from '../../main/project/index';
import type { LongshotServer } from '../../main/server/index';
import { openStudio, screenshot, type Studio } from './harness';

let studio: Studio;
let home: string;
let data: string;
let server: LongshotServer;
let page: Page;
let problems: string[];
/** A micro model trained two steps on the dataset: the model the second test scores. */
let modelDir: string;

beforeAll(async () => {
  studio = await openStudio('evaluation', {
    prepare: async (dir) => {
      const storyworld = join(dir, 'storyworld');
      await writeStoryworldDataset({ dir: storyworld, videos: 8, seconds: 12, width: 32, height: 32, fps: 8, seed: 3 });
      await initEngine();
      const setup = { data: [storyworld], out: join(dir, 'arms'), scale: 'micro', seed: 1, batch: 2, validationFraction: 0.1, log: () => undefined } as const;
      modelDir = (await trainArm(setup, { arm: encoderArm('pfp', '4x4x2'), stage: 'pretrain', steps: 2, start: { from: 'scratch' } })).dir;
    },
  });
  ({ home, server, page, problems } = studio);
  data = join(home, 'storyworld');
});

afterAll(() => studio?.close());

/** The two encoders compared: the others are unticked, to keep the run to seconds. */
const COMPARED = ['Proposed 4x4x2', 'Only LR 4x4x2'];
const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

/** The newest stored result of the open project 'Measured'. */
function newestStored() {
  const open = server.ctx.projects.list().find(({ project }) => project.path.endsWith('Measured.longshot'));
  if (!open) throw new Error('Measured is not open');
  return listEvalResults(open.project.db)[0];
}

/** Every body row of a table, as the texts of its header and data cells. */
async function tableCells(table: Locator): Promise<string[][]> {
  return Promise.all((await table.locator('tbody tr').all()).map((row) => row.locator('th, td').allTextContents()));
}

describe('evaluation in the app', () => {
  it('starts a retrieval evaluation and shows the stored results', async () => {
    const create = page.locator('form', { has: page.getByRole('button', { name: 'Create project' }) });
    await create.getByLabel('Name').fill('Measured');
    await create.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Measured', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect.poll(() => page.getByTestId('eval-empty').textContent()).toMatch(/pretrained to preserve frames/);

    const form = page.getByRole('form', { name: 'Start an evaluation' });
    const folder = form.getByRole('textbox', { name: 'Dataset folder' });
    await form.getByRole('radio', { name: /^A dataset folder/ }).check();
    await folder.fill(join(home, 'nowhere'));
    await form.getByRole('button', { name: 'Start evaluation' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/is not a Storyworld dataset.*\(invalid_data\)/);

    await folder.fill(data);
    await form.getByLabel('Scale').selectOption('micro');
    await form.getByLabel('Training steps per model').fill('2');
    await form.getByLabel('Held-out clips').fill('2');
    await form.getByLabel('Training seeds per model').fill('2');
    for (const arm of await form.locator('.eval-arms label').all()) {
      if (!COMPARED.includes(((await arm.textContent()) ?? '').trim())) await arm.getByRole('checkbox').uncheck();
    }
    await expect.poll(() => form.getByTestId('eval-estimate').textContent()).toMatch(/^About \d+(\.\d)? s on a 2-core CPU/);
    await form.getByRole('button', { name: 'Start evaluation' }).click();
    await page.locator('[data-testid=job][data-status=done]').filter({ hasText: 'Evaluation #' }).waitFor({ timeout: 90_000 });

    const card = page.getByTestId('evaluation').first();
    await card.waitFor({ timeout: 15_000 });
    const stored = newestStored();
    const results = stored?.results as unknown as RetrievalResults;
    expect(results.rows.map((r) => r.label).sort()).toEqual([...COMPARED].sort());
    expect(await card.getAttribute('data-eval-id')).toBe(String(stored?.id));

    // The table, row by row, against the stored numbers (as the UI and docs/results.md format them).
    const cells = await tableCells(card.getByTestId('eval-table'));
    const expected = [
      ...results.rows.map((r) => [
        r.label, String(r.memoryTokens), String(r.steps), fixed(r.trainSeconds / 60, 1), fixed(r.oneStep.psnr), fixed(r.oneStep.ssim, 3),
        fixed(r.oneStep.hfError, 1), fixed(r.oneStep.boxPsnr), fixed(r.fewStep.psnr), fixed(r.zeroMemory.psnr), fixed(r.memoryGate, 3),
      ]),
      ["Clip's mean frame (baseline)", '–', '–', '–', fixed(results.meanFrame.psnr), fixed(results.meanFrame.ssim, 3), fixed(results.meanFrame.hfError, 1), fixed(results.meanFrame.boxPsnr), '–', '–', '–'],
    ];
    expect(cells).toEqual(expected);
    expect(results.settings.seeds).toEqual([1, 2]);
    expect(await card.getByTestId('eval-table').locator('caption').textContent()).toContain('2 training seeds per model (1, 2), each figure the mean over them');
    expect(await card.locator('.orderings .footnote').textContent()).toContain('2 training seeds, averaged,');

    const orderings = card.getByTestId('orderings').locator('li');
    expect(await orderings.count()).toBe(results.orderings.length);
    expect(await card.locator('[data-holds=true]').count()).toBe(results.orderings.filter((o) => o.holds).length);
    const provenance = (await card.getByTestId('eval-provenance').textContent()) ?? '';
    expect(provenance).toContain(`Seed ${results.provenance.seed}`);
    for (const row of results.rows) expect(provenance).toContain(row.sha256?.slice(0, 12));
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation');
    expect(problems).toEqual([]);
  }, 150_000);

  it('scores a trained model chosen in the form and shows both of its tables', async () => {
    const form = page.getByRole('form', { name: 'Start an evaluation' });
    await form.getByRole('radio', { name: /^A trained model/ }).check();
    await form.getByRole('textbox', { name: 'Dataset folder' }).fill(data);
    await form.getByLabel('Model', { exact: true }).selectOption({ label: 'A model folder…' });
    await form.getByRole('textbox', { name: 'Model folder' }).fill(modelDir);
    await form.getByLabel('Held-out clips').fill('2');
    await form.getByLabel('Storyboards continued').fill('1');
    await form.getByRole('button', { name: 'Start evaluation' }).click();
    const card = page.locator('[data-testid=evaluation][data-kind=model]');
    await card.waitFor({ timeout: 90_000 });
    expect(await form.getByRole('alert').count()).toBe(0);

    const stored = newestStored();
    expect(await card.getAttribute('data-eval-id')).toBe(String(stored?.id));
    const { retrieval, continuation, model, provenance } = stored?.results as unknown as ModelEvalResults;
    const scores = (s: ModelEvalResults['retrieval']['scores']['oneStep']) => [fixed(s.psnr), fixed(s.ssim, 3), fixed(s.hfError, 1), fixed(s.boxPsnr)];
    const judged = (s: ModelEvalResults['continuation']['reference']) =>
      (['identity', 'clothing', 'place'] as const).map((key) => `${fixed(s[key], 1)} (${s.counts[key].consistent}/${s.counts[key].total})`);
    const [retrievalTable, continuationTable] = await card.getByTestId('eval-table').all();
    if (!retrievalTable || !continuationTable) throw new Error('the model card shows fewer than two tables');
    expect(await tableCells(retrievalTable)).toEqual([
      ['Model, 1 sampling step', ...scores(retrieval.scores.oneStep)],
      [`Model, ${retrieval.fewSteps} sampling steps`, ...scores(retrieval.scores.fewStep)],
      ['Model, memory zeroed (baseline)', ...scores(retrieval.scores.zeroMemory)],
      ['Nearest frame seen without memory (baseline)', ...scores(retrieval.scores.nearestFrame)],
      ["Clip's mean frame (baseline)", ...scores(retrieval.scores.meanFrame)],
    ]);
    if (continuation.memoryZeroed === null) throw new Error('a pfp model has a memory to zero');
    expect(await tableCells(continuationTable)).toEqual([
      ['Model, with memory', ...judged(continuation.withMemory)],
      ['Model, memory zeroed (baseline)', ...judged(continuation.memoryZeroed)],
      ['Held-out video itself (judge ceiling)', ...judged(continuation.reference)],
    ]);
    expect(await card.getByTestId('eval-model').textContent()).toContain(`${model.sha256?.slice(0, 12)}`);
    expect(await card.getByTestId('eval-baselines').textContent()).toMatch(/memory zeroed.*nearest frame.*mean frame/);
    expect(await card.getByTestId('eval-provenance').textContent()).toContain(`Seed ${provenance.seed}`);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-model');
    expect(problems).toEqual([]);
  }, 120_000);
});
