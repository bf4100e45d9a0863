/**
 * `longshot eval consistency` end to end at the micro scale: a pretrained-memory model and a
 * no-memory model, each fine-tuned a few steps with two training seeds, continue held-out storyboards through the app's
 * generation loop from the real opening shot; the judge reads the revisited shot. The results,
 * table and chart agree, and every model is judged on the same frames and characters as the
 * held-out video itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../main/data/index';
import { initEngine } from '../../main/engine/backend/index';
import type { ConsistencyResults } from '../../main/eval/consistency/run';
import { findSegment } from '../../main/eval/consistency/segments';
import { trainAttributeJudge } from '../../main/eval/judge';
import { verdictWord } from '../../main/eval/orderings';
import { fixed } from '../../main/eval/report-common';
import { decodePng, readJson, runCli, storyworld, tempDir } from './helpers';

const temp = tempDir('consistency');
let data: string;
let run: { code: number; out: string; err: string };

beforeAll(async () => {
  await initEngine();
  data = await storyworld(join(temp.dir, 'data'), 8, 32);
  await trainAttributeJudge({
    data: [data], out: join(temp.dir, 'judge'), steps: 40, batch: 16, learningRate: 3e-3, seed: 1,
    validationFraction: 0.25, trainVideos: 40, trainSeconds: 9, frameStep: 12,
  });
  run = await runCli([
    'eval', 'consistency', '--data', data, '--scale', 'micro', '--budget', '2', '--finetune', '2', '--arms', 'pretrained,no-memory',
    '--videos', '2', '--score-seconds', '4', '--sampling-steps', '1', '--seeds', '2', '--validation', '0.25', '--judge', join(temp.dir, 'judge'),
    '--out', join(temp.dir, 'out'),
  ]);
}, 120_000);

afterAll(() => temp.remove());

describe('longshot eval consistency', () => {
  it('continues held-out storyboards with each model and judges the revisits', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const results = readJson(join(temp.dir, 'out', 'consistency.json')) as ConsistencyResults;
    expect(results.rows.map((r) => [r.id, r.pretrainSteps, r.finetuneSteps])).toEqual([['pretrained', 2, 2], ['no-memory', 0, 4]]);
    expect(results.settings.videos).toHaveLength(2);
    const dataset = openDataset(data);
    let generated = 0;
    let judged = 0;
    for (const id of results.settings.videos) {
      const segment = findSegment(dataset.video(id), 2, 32);
      expect(segment).not.toBeNull();
      generated += segment?.generatedFrames ?? 0;
      judged += segment?.scoredFrames.length ?? 0;
      // Each model's continuation is a project of the app, its chunks saved by the generation loop;
      // the second seed's models continue under seed-2/.
      for (const arm of ['pretrained', 'no-memory']) {
        for (const root of [join(temp.dir, 'out'), join(temp.dir, 'out', 'seed-2')]) {
          const takeDir = join(root, 'consistency', arm, `${id}.longshot`, 'media', 'runs', 'run-1', 'take-1');
          expect(readdirSync(takeDir).filter((f) => f.endsWith('.frames'))).toHaveLength((segment?.generatedFrames ?? 0) / 2);
        }
      }
    }
    expect(results.settings.generatedFrames).toBe(generated);
    expect(results.settings.judgedFrames).toBe(judged);
    // Every model's verdicts pool its two seeds: twice the judged frames and characters of the video itself.
    expect(results.reference.counts.place.total).toBe(judged);
    expect(results.settings.seeds).toEqual([1, 2]);
    for (const row of results.rows) {
      const { counts } = row.scores;
      expect(counts.place.total).toBe(2 * judged);
      expect(counts.identity.total).toBe(2 * results.reference.counts.identity.total);
      expect(counts.clothing.total).toBe(2 * results.reference.counts.identity.total);
      expect(row.seeds?.map((s) => s.seed)).toEqual([1, 2]);
      expect(row.seeds?.[0]?.sha256).not.toBe(row.seeds?.[1]?.sha256);
      const perVideo = row.byVideo ?? [];
      expect(perVideo).toHaveLength(2);
      expect(perVideo.reduce((n, c) => n + c.place.total, 0)).toBe(2 * judged);
      // Each seed's own tallies are kept, and add up to the pooled ones.
      expect(row.byVideoPerSeed).toHaveLength(2);
      expect((row.byVideoPerSeed ?? []).flat().reduce((n, c) => n + c.identity.consistent, 0)).toBe(counts.identity.consistent);
    }
    expect(results.reference.counts.identity.total).toBeGreaterThan(0);
    expect(results.judge.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes the table and the bar chart from the results', () => {
    const results = readJson(join(temp.dir, 'out', 'consistency.json')) as ConsistencyResults;
    const markdown = readFileSync(join(temp.dir, 'out', 'consistency.md'), 'utf8');
    for (const row of results.rows) {
      const { identity, clothing, place, counts } = row.scores;
      expect(markdown).toContain(`| ${row.label} | ${fixed(identity, 1)} (${counts.identity.consistent}/${counts.identity.total}) | `
        + `${fixed(clothing, 1)} (${counts.clothing.consistent}/${counts.clothing.total}) | ${fixed(place, 1)} (${counts.place.consistent}/${counts.place.total}) |`);
    }
    expect(markdown).toContain('| Held-out video itself (judge ceiling) |');
    // How far back each revisit reaches, beside the micro scale's 2 s history.
    expect(results.settings.historySeconds).toBe(2);
    expect(results.settings.revisitSeconds).toHaveLength(results.settings.videos.length);
    const beyond = (results.settings.revisitSeconds ?? []).filter((s) => s > 2).length;
    expect(markdown).toContain(`every model was trained on 2 s histories, so ${beyond} of ${results.settings.videos.length} revisits ask its memory to reach further back`);
    // Only the claim between the two models run is checked, on each measure with verdicts.
    expect(new Set(results.orderings.map((o) => o.claim))).toEqual(new Set(['Pretrained memory > No memory (window)']));
    expect(results.orderings.length).toBeGreaterThanOrEqual(1);
    for (const check of results.orderings) expect(markdown).toContain(`${check.claim} (${check.metric}): **${verdictWord(check)}**`);
    // Every check has an interval, and it resamples the two seeds as well as the videos.
    expect(results.orderings.every((check) => check.interval?.seeds === 2)).toBe(true);
    const png = decodePng(join(temp.dir, 'out', 'consistency.png'));
    expect([png.width, png.height]).toEqual([720, 440]);
    expect(existsSync(join(temp.dir, 'out', 'consistency.md'))).toBe(true);
  });
});
