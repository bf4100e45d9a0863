/**
 * Paired intervals over videos and the orderings they decide (issue 13, item 3): a claim is
 * called only when its 95% interval excludes 0.
 */
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_RESAMPLES, meanDifferenceInterval, pairedBootstrap, pairedSeedVideoInterval, rateDifferenceInterval, seededRateDifferenceInterval } from '../../main/eval/bootstrap';
import { checkOrdering, orderingLines, orderingSummary, verdictWord } from '../../main/eval/orderings';
import { Rng } from '../../main/engine/optim/rng';

describe('paired bootstrap over videos', () => {
  it('is tight around a constant paired difference, however noisy the videos', () => {
    const rng = Rng.fromSeed(4);
    const base = Array.from({ length: 30 }, () => 10 + 8 * rng.next());
    const interval = meanDifferenceInterval(base.map((x) => x + 0.5), base);
    expect(interval).not.toBeNull();
    expect(interval?.difference).toBeCloseTo(0.5, 9);
    expect(interval?.low).toBeCloseTo(0.5, 9);
    expect(interval?.high).toBeCloseTo(0.5, 9);
    expect(interval?.videos).toBe(30);
    expect(interval?.resamples).toBe(BOOTSTRAP_RESAMPLES);
  });

  it('covers 0 for differences that are noise, and excludes it for a clear shift', () => {
    const rng = Rng.fromSeed(5);
    const draws = Array.from({ length: 40 }, () => rng.normal());
    const mean = draws.reduce((x, y) => x + y, 0) / draws.length;
    const noise = draws.map((x) => x - mean); // a measured difference of exactly 0
    const zeros = noise.map(() => 0);
    const none = meanDifferenceInterval(noise, zeros) as NonNullable<ReturnType<typeof meanDifferenceInterval>>;
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    // The interval of a mean of 40 unit-variance values is about +-1.96 / sqrt(40) = +-0.31 wide.
    expect(none.high - none.low).toBeGreaterThan(0.4);
    expect(none.high - none.low).toBeLessThan(0.9);
    const shifted = meanDifferenceInterval(noise.map((x) => x + 1), zeros) as NonNullable<ReturnType<typeof meanDifferenceInterval>>;
    expect(shifted.low).toBeGreaterThan(0);
  });

  it('gives the same interval for the same scores and seed', () => {
    const left = [3, 1, 4, 1, 5, 9, 2, 6];
    const right = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(meanDifferenceInterval(left, right)).toEqual(meanDifferenceInterval(left, right));
    expect(pairedBootstrap(0, () => 0)).toBeNull();
  });

  it('pairs only the videos both arms scored, by key, and skips missing figures', () => {
    const interval = pairedSeedVideoInterval(
      { videos: ['a', 'b', 'c', 'd'], seeds: [[10, 20, null, 40]] },
      { videos: ['d', 'c', 'b', 'x'], seeds: [[39, 5, 19, 0]] },
    );
    // b and d are paired (c has no left figure, a and x no partner): both differ by 1.
    expect(interval).toMatchObject({ difference: 1, low: 1, high: 1, videos: 2 });
    expect(interval?.seeds).toBeUndefined();
  });

  it('with one seed per arm, is the interval over paired videos alone, draw for draw', () => {
    const base = Array.from({ length: 30 }, (_, i) => 10 + Math.sin(i * 1.7) * 2);
    const other = base.map((x, i) => x + 0.2 + Math.cos(i * 2.3) * 0.5);
    const videos = base.map((_, i) => `v${i}`);
    expect(pairedSeedVideoInterval({ videos, seeds: [other] }, { videos, seeds: [base] })).toEqual(meanDifferenceInterval(other, base));
  });

  it('widens the interval by the seeds\' spread, which averaging seeds first would hide', () => {
    const videos = Array.from({ length: 30 }, (_, i) => `v${i}`);
    const base = videos.map((_, i) => 10 + Math.sin(i * 1.7));
    // Left's three seeds sit 0.3 dB apart, each a constant shift over the same videos.
    const left = { videos, seeds: [0, 0.3, 0.6].map((shift) => base.map((x) => x + 0.3 + shift)) };
    const right = { videos, seeds: [base] };
    const seeded = pairedSeedVideoInterval(left, right) as NonNullable<ReturnType<typeof pairedSeedVideoInterval>>;
    const averaged = meanDifferenceInterval(base.map((x) => x + 0.6), base) as NonNullable<ReturnType<typeof meanDifferenceInterval>>;
    expect(seeded.difference).toBeCloseTo(0.6, 9);
    expect(averaged.high - averaged.low).toBeLessThan(1e-9);
    expect(seeded.low).toBeLessThan(0.45);
    expect(seeded.high).toBeGreaterThan(0.75);
    expect(seeded.seeds).toBe(3);
    // The same models with and without something: the seed draws are shared, so a constant
    // difference per seed stays exact.
    const zeroed = { videos, seeds: left.seeds.map((values) => values.map((x) => x - 0.5)) };
    expect(pairedSeedVideoInterval(left, zeroed, { sameModels: true })).toMatchObject({ low: expect.closeTo(0.5, 9), high: expect.closeTo(0.5, 9) });
    expect(pairedSeedVideoInterval({ videos: [], seeds: [[]] }, right)).toBeNull();
  });

  it('pools hit rates over seeds and videos, and resamples the seeds too', () => {
    const tally = (consistent: number) => ({ consistent, total: 10 });
    const videos = 20;
    // Left's two seeds judge every video 9/10 and 5/10: pooled 70%, against right's 50%.
    const left = [Array.from({ length: videos }, () => tally(9)), Array.from({ length: videos }, () => tally(5))];
    const right = [Array.from({ length: videos }, () => tally(5))];
    const seeded = seededRateDifferenceInterval(left, right);
    expect(seeded?.difference).toBeCloseTo(20, 9);
    expect(seeded?.seeds).toBe(2);
    // A seed drawn twice gives 0 or 40 points: the interval spans both, where pooling seeds first would give exactly 20.
    expect(seeded?.low).toBeCloseTo(0, 9);
    expect(seeded?.high).toBeCloseTo(40, 9);
    const pooled = rateDifferenceInterval(Array.from({ length: videos }, () => ({ consistent: 14, total: 20 })), Array.from({ length: videos }, () => ({ consistent: 10, total: 20 })));
    expect([pooled?.low, pooled?.high]).toEqual([20, 20]);
  });

  it('pools hit rates over the resampled videos', () => {
    const left = [{ consistent: 3, total: 4 }, { consistent: 1, total: 1 }, { consistent: 0, total: 0 }];
    const right = [{ consistent: 1, total: 4 }, { consistent: 0, total: 1 }, { consistent: 0, total: 0 }];
    const interval = rateDifferenceInterval(left, right);
    expect(interval?.difference).toBeCloseTo(100 * 4 / 5 - 100 * 1 / 5, 9);
    expect(interval?.low).toBeGreaterThan(0);
  });
});

describe('orderings decided by an interval', () => {
  const a = { label: 'a', value: 17.4 };
  const b = { label: 'b', value: 17.1 };
  const interval = (low: number, high: number) => ({ difference: 0.3, low, high, videos: 30, resamples: 2000, level: 0.95 });

  it('holds only when the whole interval is above 0, and is not decided while it covers 0', () => {
    expect(checkOrdering('PSNR', a, '>', b, interval(0.1, 0.5))).toMatchObject({ holds: true, decided: true });
    expect(checkOrdering('PSNR', a, '>', b, interval(-0.1, 0.7))).toMatchObject({ holds: false, decided: false });
    expect(checkOrdering('PSNR', b, '>', a, interval(-0.5, -0.1))).toMatchObject({ holds: false, decided: true });
    expect(checkOrdering('PSNR', b, '>=', a, interval(-0.5, 0.1))).toMatchObject({ holds: true, decided: false });
    // An interval within the printed resolution of 0 (a memory gate still near 0 against the same
    // model zeroed: 11.13 vs 11.13 dB, interval +0.00 to +0.00) decides nothing.
    const same = { label: 'zeroed', value: 17.4 };
    expect(checkOrdering('PSNR', a, '>', same, interval(1e-6, 3e-6))).toMatchObject({ holds: false, decided: false });
    expect(checkOrdering('PSNR', a, '>=', same, interval(-3e-6, -1e-6))).toMatchObject({ holds: true, decided: false });
    // Without an interval the figures alone decide, as before.
    expect(checkOrdering('PSNR', a, '>', b)).toMatchObject({ holds: true, decided: true });
  });

  it('prints the verdict and the interval, and counts undecided checks apart', () => {
    const undecided = checkOrdering('PSNR', a, '>', b, interval(-0.1, 0.7));
    const held = checkOrdering('PSNR', a, '>', b, interval(0.1, 0.5));
    expect(verdictWord(undecided)).toBe('not decided');
    expect(orderingLines([undecided], 'dB')[0]).toBe('- a > b (PSNR): **not decided** — 17.40 vs 17.10 dB (+0.30; 95% interval -0.10 to +0.70 over 30 videos)');
    expect(orderingSummary([undecided, held], 'note.')).toBe('No checked ordering fails in this run. 1 of 2 are not decided: their 95% interval includes 0.');
    expect(orderingSummary([held], 'note.')).toBe('All 1 checked orderings hold in this run.');
  });
});
