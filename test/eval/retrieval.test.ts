/**
 * `longshot eval retrieval` end to end at the micro scale: two encoders, each trained with two
 * seeds a few steps through the real training job, scored on held-out clips (every figure the
 * mean of the two seeds); the table, JSON, chart, docs section
 * and project row all come from the same results, and a second run loads the trained encoders
 * and reproduces the figures exactly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictWord } from '../../main/eval/orderings';
import { fixed } from '../../main/eval/report-common';
import type { RetrievalResults } from '../../main/eval/retrieval';
import { closeProject, createProject, listEvalResults, openProject } from '../../main/project/index';
import { decodePng, readJson, runCli, storyworld, tempDir } from './helpers';

const temp = tempDir('retrieval');
let data: string;
let project: string;
let first: { code: number; out: string; err: string };

const args = (): string[] => [
  'eval', 'retrieval', '--data', data, '--scale', 'micro', '--budget', '3', '--arms', 'pfp-4x4x2,large-patchifier-4x4x2',
  '--clips', '3', '--targets', '2', '--few-steps', '2', '--seeds', '2', '--validation', '0.25', '--out', join(temp.dir, 'out'), '--docs', join(temp.dir, 'docs'),
  '--project', project,
];

beforeAll(async () => {
  data = await storyworld(join(temp.dir, 'data'), 8, 32);
  const created = createProject(temp.dir, 'evaluated');
  project = created.path;
  closeProject(created);
  first = await runCli(args());
}, 120_000);

afterAll(() => temp.remove());

describe('longshot eval retrieval', () => {
  it('trains both encoders for the budget and scores them beside the baselines', () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const results = readJson(join(temp.dir, 'out', 'retrieval.json')) as RetrievalResults;
    expect(results.rows.map((r) => r.id)).toEqual(['large-patchifier-4x4x2', 'pfp-4x4x2']);
    for (const row of results.rows) {
      expect(row.steps).toBe(3);
      expect(row.samplesSeen).toBe(6);
      expect(row.memoryTokens).toBe(8); // 16 frames of a 4x4 token grid at 4x4x2: 1 x 1 x 8
      expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
      for (const scores of [row.oneStep, row.fewStep, row.zeroMemory]) {
        expect(scores.psnr).toBeGreaterThan(3);
        expect(scores.psnr).toBeLessThan(60);
        expect(scores.ssim).toBeGreaterThan(-1);
        expect(scores.boxPsnr).not.toBeNull();
      }
    }
    expect(results.meanFrame.psnr).toBeGreaterThan(5);
    expect(results.settings).toMatchObject({ budget: 3, clips: 3, targets: 2, historyFrames: 16, scale: 'micro', seeds: [1, 2] });
    expect(results.provenance.command).toContain('eval retrieval --data');
    expect(results.provenance.machine.cores).toBeGreaterThan(0);
    expect(results.provenance.data[0]?.recreate).toContain('longshot data storyworld --videos 8 --seconds 12 --width 32');
    expect(results.orderings.map((o) => o.claim)).toContain('Proposed 4x4x2 > mean frame');
  });

  it('trains every encoder once per seed, in its own folder, and reports the mean of the seeds', () => {
    const results = readJson(join(temp.dir, 'out', 'retrieval.json')) as RetrievalResults;
    for (const row of results.rows) {
      const seeds = row.seeds ?? [];
      expect(seeds.map((s) => s.seed)).toEqual([1, 2]);
      expect(seeds[0]?.model).toBe(join(temp.dir, 'out', row.id, 'pretrain-3', 'model'));
      expect(seeds[1]?.model).toBe(join(temp.dir, 'out', 'seed-2', row.id, 'pretrain-3', 'model'));
      // Different initial weights and draws: different models, different figures.
      expect(seeds[0]?.sha256).not.toBe(seeds[1]?.sha256);
      expect(seeds[0]?.figure).not.toBe(seeds[1]?.figure);
      expect(row.oneStep.psnr).toBeCloseTo(((seeds[0]?.figure ?? 0) + (seeds[1]?.figure ?? 0)) / 2, 10);
      // Both seeds scored the same held-out videos; the intervals pair them by video.
      expect(row.byVideo?.videos).toEqual(results.meanFrameByVideo?.videos);
      expect(row.byVideo?.perSeed).toHaveLength(2);
      expect(row.byVideo?.oneStep.psnr[0]).toBeCloseTo(((row.byVideo?.perSeed?.[0]?.oneStep.psnr[0] ?? 0) + (row.byVideo?.perSeed?.[1]?.oneStep.psnr[0] ?? 0)) / 2, 10);
    }
    // The intervals resample the two seeds as well as the videos.
    const withInterval = results.orderings.filter((o) => o.interval !== undefined);
    expect(withInterval.length).toBeGreaterThan(0);
    for (const check of withInterval) expect(check.interval?.seeds).toBe(2);
    expect(results.provenance.models.map((m) => m.role)).toContain('retrieval pfp-4x4x2 seed 2');
  });

  it('writes a table, a chart and the docs section from those results', () => {
    const results = readJson(join(temp.dir, 'out', 'retrieval.json')) as RetrievalResults;
    const markdown = readFileSync(join(temp.dir, 'out', 'retrieval.md'), 'utf8');
    for (const row of results.rows) {
      const line = markdown.split('\n').find((l) => l.startsWith(`| ${row.label} |`));
      expect(line).toContain(`| ${row.memoryTokens} | ${row.samplesSeen} | ${fixed(row.trainSeconds / 60, 1)} | ${fixed(row.oneStep.psnr)} | ${fixed(row.oneStep.ssim, 3)} |`);
    }
    expect(markdown).toContain(`| Clip's mean frame (baseline) | – | – | – | ${fixed(results.meanFrame.psnr)} |`);
    expect(markdown).toContain('Every model trained with 2 seeds (1, 2), on the same held-out frames');
    const figures = (results.rows[0]?.seeds ?? []).map((s) => s.figure as number);
    expect(markdown).toContain(`| 2 seeds ${Math.min(...figures).toFixed(2)}-${Math.max(...figures).toFixed(2)} |`);
    for (const check of results.orderings) expect(markdown).toContain(`${check.claim} (${check.metric}): **${verdictWord(check)}**`);
    const png = decodePng(join(temp.dir, 'out', 'retrieval.png'));
    expect([png.width, png.height]).toEqual([720, 440]);
    // The whole-frame series is drawn in the first series colour.
    let blue = 0;
    for (let i = 0; i < png.rgb.length; i += 3) if (png.rgb[i] === 0 && png.rgb[i + 1] === 114 && png.rgb[i + 2] === 178) blue++;
    expect(blue).toBeGreaterThan(40);
    const docs = readFileSync(join(temp.dir, 'docs', 'results.md'), 'utf8');
    expect(docs).toContain(markdown.trim().replace('](retrieval.png)', '](results/retrieval.png)'));
    expect(existsSync(join(temp.dir, 'docs', 'results', 'retrieval.png'))).toBe(true);
  });

  it('stores the results in the project', () => {
    const opened = openProject(project);
    try {
      const stored = listEvalResults(opened.db, 'retrieval');
      expect(stored).toHaveLength(1);
      expect(stored[0]?.results).toEqual(readJson(join(temp.dir, 'out', 'retrieval.json')));
    } finally {
      closeProject(opened);
    }
  });

  it('loads the trained encoders when run again and reproduces every figure', async () => {
    const before = readJson(join(temp.dir, 'out', 'retrieval.json')) as RetrievalResults;
    const again = await runCli(args());
    expect(again.code).toBe(0);
    expect(again.out).toContain('Proposed 4x4x2: loading pretrain 3 steps');
    expect(again.out).not.toContain('training pretrain');
    const after = readJson(join(temp.dir, 'out', 'retrieval.json')) as RetrievalResults;
    expect(after.rows.map((r) => [r.oneStep, r.fewStep, r.zeroMemory, r.sha256])).toEqual(before.rows.map((r) => [r.oneStep, r.fewStep, r.zeroMemory, r.sha256]));
    const opened = openProject(project);
    expect(listEvalResults(opened.db, 'retrieval')).toHaveLength(2);
    closeProject(opened);
  }, 60_000);

  it('refuses an output folder holding another scale\'s models instead of loading them as this scale\'s', async () => {
    const other = await runCli(['eval', 'retrieval', '--data', data, '--scale', 'small', '--budget', '3', '--arms', 'pfp-4x4x2', '--seeds', '1',
      '--validation', '0.25', '--out', join(temp.dir, 'out')]);
    expect(other.code).not.toBe(0);
    expect(other.err).toMatch(/holds Proposed 4x4x2 models of another setup \(preset: checkpoint "tiny-micro", model "tiny-small"\).*another --out/);
    expect(existsSync(join(temp.dir, 'out', 'pfp-4x4x2', 'pretrain-3', 'model'))).toBe(true);
  });

  it('refuses unknown options with the option named', async () => {
    const bad = await runCli(['eval', 'retrieval', '--data', data, '--arms', 'pfp-9x9x9']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--arms');
    const scale = await runCli(['eval', 'retrieval', '--data', data, '--scale', 'huge']);
    expect(scale.err).toContain('--scale');
  });
});
