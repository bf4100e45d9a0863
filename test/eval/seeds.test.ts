/**
 * Training seeds of an evaluation: consecutive seeds from the first, each beyond the first in its
 * own folder (so runs trained before seeds existed are found again), and figures averaged over
 * seeds per video, a figure some seed could not score staying unscored.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArmSetup } from '../../main/eval/arms';
import { EvalError } from '../../main/eval/errors';
import { averageScores, averageVideoPsnrs, seedSetup, seedSpread, trainingSeeds } from '../../main/eval/seeds';

const setup: ArmSetup = { data: ['d'], out: '/runs/eval', scale: 'micro', seed: 7, batch: 2, validationFraction: 0.1, log: () => {} };

describe('training seeds', () => {
  it('counts on from the first seed and refuses a count below one', () => {
    expect(trainingSeeds(7, 3)).toEqual([7, 8, 9]);
    expect(trainingSeeds(1, 1)).toEqual([1]);
    expect(() => trainingSeeds(1, 0)).toThrow(EvalError);
    expect(() => trainingSeeds(1, 1.5)).toThrow(/seeds/);
  });

  it('keeps the first seed in the evaluation folder and puts each other seed in its own', () => {
    expect(seedSetup(setup, 7)).toBe(setup);
    const second = seedSetup(setup, 8);
    expect(second.seed).toBe(8);
    expect(second.out).toBe(join('/runs/eval', 'seed-8'));
    expect(second.data).toBe(setup.data);
  });

  it('averages every score over seeds, and a box figure only where every seed has one', () => {
    const mean = averageScores([
      { psnr: 12, ssim: 0.2, hfError: 10, boxPsnr: 9 },
      { psnr: 14, ssim: 0.4, hfError: 12, boxPsnr: 11 },
    ]);
    expect(mean.psnr).toBeCloseTo(13, 10);
    expect(mean.ssim).toBeCloseTo(0.3, 10);
    expect(mean.hfError).toBeCloseTo(11, 10);
    expect(mean.boxPsnr).toBeCloseTo(10, 10);
    expect(averageScores([{ psnr: 1, ssim: 0, hfError: 0, boxPsnr: null }, { psnr: 3, ssim: 0, hfError: 0, boxPsnr: 5 }]).boxPsnr).toBeNull();
    expect(() => averageScores([])).toThrow(EvalError);
  });

  it('averages each video over seeds, in the videos\' order', () => {
    const mean = averageVideoPsnrs([
      { psnr: [10, 20, 30], boxPsnr: [5, null, 7] },
      { psnr: [12, 22, 34], boxPsnr: [7, 8, 9] },
    ]);
    expect(mean.psnr).toEqual([11, 21, 32]);
    expect(mean.boxPsnr).toEqual([6, null, 8]);
    expect(() => averageVideoPsnrs([{ psnr: [1], boxPsnr: [null] }, { psnr: [1, 2], boxPsnr: [null, null] }])).toThrow(/different numbers of videos/);
  });

  it('states the spread of the seeds\' figures', () => {
    const run = (seed: number, figure: number | null) => ({ seed, model: `m${seed}`, sha256: null, figure });
    expect(seedSpread(undefined)).toBe('1 seed');
    expect(seedSpread([run(1, 12)])).toBe('1 seed');
    expect(seedSpread([run(1, 12.345), run(2, 11.9), run(3, 12.1)])).toBe('3 seeds 11.90-12.35');
    expect(seedSpread([run(1, 40), run(2, 45.54)], 1)).toBe('2 seeds 40.0-45.5');
    expect(seedSpread([run(1, null), run(2, null)])).toBe('2 seeds');
  });
});
