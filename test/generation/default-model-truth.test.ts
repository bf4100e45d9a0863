// The shipped default model against the ground truth (issue 13): held-out Storyworld storyboards
// (video seeds no training dataset derives) generated through the product's own path with the
// demo's sampling settings, compared frame by frame with the videos Storyworld renders for them.
// The weights shipped before the fix drew a mosaic of unrelated patches: 7.3 and 8.7 dB, below
// the dataset's mean frame (12.2 and 11.5 dB), which the first check fails. The second is the
// issue's full bar (blockiness at most 1.3 as well), which the tiny model does not reach yet: it
// is an expected failure, so the day a model meets it this test fails and says to make it a plain check.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../main/cli/commands/demo';
import { initEngine } from '../../main/engine/backend';
import { BLOCKINESS_BAR } from '../../main/cli/commands/eval-truth';
import { compareWithTruth, storyworldMeanFrame, type TruthComparison } from '../../main/eval/model/storyboard-truth';
import { DEFAULT_MODEL_DIR, loadGenerationModel } from '../../main/jobs/generation/model-source';
import { runCli } from '../cli-helpers';

/** Held-out storyboards: the first 6 s of Storyworld videos of these seeds. */
const SEEDS = [11, 12];
const SECONDS = 6;

let results: TruthComparison[] = [];

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  const { settings } = loadDemo();
  const loaded = loadGenerationModel({ kind: 'checkpoint', dir: DEFAULT_MODEL_DIR }, settings.memoryPreset);
  // The default recipe's dataset (seed 1, 30 s videos), as `longshot eval truth` takes it.
  const datasetMean = storyworldMeanFrame({ seed: 1, videos: 40, seconds: 30, width: settings.width, height: settings.height, fps: settings.fps });
  try {
    results = [];
    for (const seed of SEEDS) {
      results.push(await compareWithTruth(loaded, {
        source: { seed, seconds: 20, width: settings.width, height: settings.height, fps: settings.fps },
        seconds: SECONDS, samplingSteps: settings.samplingSteps, guidance: settings.guidance, seed: settings.seed, datasetMean,
      }));
    }
  } finally {
    loaded.model.dispose();
  }
}, 300_000);

describe('the default model on held-out storyboards', () => {
  it('draws the storyboard\'s places: PSNR at least 2 dB above the dataset\'s mean frame', () => {
    for (const r of results) {
      expect(r.frames).toBe(SECONDS * 8);
      expect(r.psnr).toBeGreaterThan(r.datasetMeanPsnr + 2);
      expect(r.blockiness).toBeLessThan(3.5);
    }
  });

  it.fails('meets the full bar: blockiness at most 1.3 too (expected to fail until a model reaches it)', () => {
    for (const r of results) {
      expect(r.psnr).toBeGreaterThan(r.datasetMeanPsnr);
      expect(r.blockiness).toBeLessThanOrEqual(BLOCKINESS_BAR);
    }
  });
});

describe('longshot eval truth', () => {
  it('prints each storyboard\'s figures against the bar, writes the contact sheet and JSON, and refuses bad seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'longshot-eval-truth-'));
    try {
      const sheet = join(dir, 'sheet.png');
      const json = join(dir, 'truth.json');
      const run = await runCli(['eval', 'truth', '--seeds', '13', '--seconds', '1', '--steps', '1', '--guidance', '1', '--shift', '1', '--stochasticity', '0.5', '--sheet', sheet, '--json', json]);
      expect(run.code).toBe(0);
      expect(run.out[0]).toMatch(/^storyboard 13: 8 frames, PSNR [\d.]+ dB vs the dataset's mean frame [\d.]+ dB .*blockiness [\d.]+ \(truth [\d.]+, bar 1\.3\): (meets|below) the bar$/);
      expect(readFileSync(sheet).subarray(1, 4).toString()).toBe('PNG');
      const figures = JSON.parse(readFileSync(json, 'utf8'));
      expect(figures.results[0]).toMatchObject({ seed: 13, frames: 8 });
      expect(figures.shift).toBe(1);
      expect(figures.stochasticity).toBe(0.5);
      expect(figures.results[0].psnr).toBeGreaterThan(0);
      const bad = await runCli(['eval', 'truth', '--seeds', '1,x']);
      expect(bad.code).toBe(2);
      expect(bad.err.join('\n')).toMatch(/--seeds must be whole numbers/);
      const shift = await runCli(['eval', 'truth', '--shift', '0']);
      expect(shift.code).toBe(2);
      expect(shift.err.join('\n')).toMatch(/--shift must be/);
      const eta = await runCli(['eval', 'truth', '--stochasticity', '1.5']);
      expect(eta.code).toBe(2);
      expect(eta.err.join('\n')).toMatch(/--stochasticity must be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
