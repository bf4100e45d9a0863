/**
 * Paired bootstrap over videos (issue 13, item 3): two arms scored on the same held-out videos
 * differ by some figure; resampling the videos with replacement, and recomputing that figure of
 * both arms on each resample, gives the spread the difference would have on other videos from the
 * same world. Videos, not frames or clips, are the unit, because frames of one video share its
 * places and characters and are far from independent. Pure arithmetic, no tfjs: reports and the
 * app's server use it.
 */
import { Rng } from '../engine/optim/rng';

/** How many resamples every interval is drawn from, and its coverage. */
export const BOOTSTRAP_RESAMPLES = 2000;
export const INTERVAL_LEVEL = 0.95;

/** A measured difference (left - right) with its percentile interval. */
export interface DifferenceInterval {
  /** The difference on the videos as measured. */
  difference: number;
  low: number;
  high: number;
  /** Videos resampled. */
  videos: number;
  /** Training seeds resampled per arm, where the arms had more than one (absent: the videos alone). */
  seeds?: number;
  resamples: number;
  level: number;
}

/**
 * The interval of `difference(indices)`, a figure of both arms computed on the videos at `indices`
 * (repeats allowed), over `videos` paired videos. The seed fixes the resamples, so a report
 * computed again from the same scores prints the same interval. Null when there are no videos.
 */
export function pairedBootstrap(videos: number, difference: (indices: readonly number[]) => number, seed = 1): DifferenceInterval | null {
  if (videos === 0) return null;
  const all = Array.from({ length: videos }, (_, i) => i);
  const rng = Rng.fromSeed(seed);
  const draws: number[] = [];
  const indices = new Array<number>(videos);
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    for (let i = 0; i < videos; i++) indices[i] = rng.int(videos);
    const value = difference(indices);
    if (Number.isFinite(value)) draws.push(value);
  }
  return percentileInterval(draws, difference(all), { videos });
}

/** The percentile interval of bootstrap `draws` around the `measured` difference. */
function percentileInterval(draws: number[], measured: number, counts: { videos: number; seeds?: number }): DifferenceInterval {
  draws.sort((a, b) => a - b);
  const tail = (1 - INTERVAL_LEVEL) / 2;
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.floor(q * draws.length)))] as number;
  const extent = draws.length === 0 ? { low: measured, high: measured } : { low: at(tail), high: at(1 - tail) };
  return { difference: measured, ...extent, ...counts, resamples: draws.length, level: INTERVAL_LEVEL };
}

/** The mean of `values` at `indices`, skipping nulls; NaN when all are null. */
function meanAt(values: readonly (number | null)[], indices: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const i of indices) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    sum += value;
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * Interval of mean(left) - mean(right) for one figure per video, e.g. each video's PSNR. A video
 * missing from either arm (null) is left out of both, so the two means stay paired.
 */
export function meanDifferenceInterval(left: readonly (number | null)[], right: readonly (number | null)[], seed = 1): DifferenceInterval | null {
  const paired = left.flatMap((l, i) => (l === null || right[i] === null || right[i] === undefined ? [] : [[l, right[i] as number] as const]));
  const l = paired.map(([a]) => a);
  const r = paired.map(([, b]) => b);
  return pairedBootstrap(paired.length, (indices) => meanAt(l, indices) - meanAt(r, indices), seed);
}

/** A figure of one arm from the seeds and videos drawn (repeats allowed). */
type SeededFigure = (seeds: readonly number[], indices: readonly number[]) => number;

/**
 * The two-level bootstrap both seeded intervals share: each resample draws `videos` paired video
 * indices and each arm's seeds with replacement (one seed is drawn as itself, so with one seed per
 * arm the draws are pairedBootstrap's; the same draws for both arms when `sameModels`), and takes
 * left's figure minus right's.
 */
function seededBootstrap(
  videos: number, seedCounts: readonly [number, number], left: SeededFigure, right: SeededFigure, options: { sameModels?: boolean; seed?: number },
): DifferenceInterval {
  const [leftCount, rightCount] = seedCounts;
  const every = (n: number) => Array.from({ length: n }, (_, i) => i);
  const measured = left(every(leftCount), every(videos)) - right(every(rightCount), every(videos));
  const rng = Rng.fromSeed(options.seed ?? 1);
  const draw = (n: number) => (n === 1 ? [0] : Array.from({ length: n }, () => rng.int(n)));
  const draws: number[] = [];
  const indices = new Array<number>(videos);
  for (let k = 0; k < BOOTSTRAP_RESAMPLES; k++) {
    for (let i = 0; i < videos; i++) indices[i] = rng.int(videos);
    const leftSeeds = draw(leftCount);
    const rightSeeds = options.sameModels && leftCount === rightCount ? leftSeeds : draw(rightCount);
    const d = left(leftSeeds, indices) - right(rightSeeds, indices);
    if (Number.isFinite(d)) draws.push(d);
  }
  const seeds = Math.max(leftCount, rightCount);
  return percentileInterval(draws, measured, seeds > 1 ? { videos, seeds } : { videos });
}

/** Hits out of trials, per video. */
export interface VideoTally {
  consistent: number;
  total: number;
}

/**
 * Interval of the difference in percent of two arms' pooled hit rates (100 x all hits / all
 * trials of the resampled videos), e.g. identity judged with memory and with it zeroed.
 */
export function rateDifferenceInterval(left: readonly VideoTally[], right: readonly VideoTally[], seed = 1): DifferenceInterval | null {
  return seededRateDifferenceInterval([left], [right], { seed });
}

/**
 * The same for arms trained with several seeds (`left[s][v]`: seed s's tally on video v, videos
 * in the same order for both arms): each resample draws the videos, paired, and each arm's seeds
 * with replacement (once for both when `sameModels`), and pools the hits of every drawn seed and
 * video. With one seed per arm it is rateDifferenceInterval's.
 */
export function seededRateDifferenceInterval(
  left: readonly (readonly VideoTally[])[], right: readonly (readonly VideoTally[])[], options: { sameModels?: boolean; seed?: number } = {},
): DifferenceInterval | null {
  const videos = Math.min(...left.map((t) => t.length), ...right.map((t) => t.length));
  if (left.length === 0 || right.length === 0 || videos === 0) return null;
  const rate = (arm: readonly (readonly VideoTally[])[], seeds: readonly number[], indices: readonly number[]) => {
    let hits = 0;
    let total = 0;
    for (const s of seeds) {
      for (const i of indices) {
        const tally = (arm[s] as readonly VideoTally[])[i] as VideoTally;
        hits += tally.consistent;
        total += tally.total;
      }
    }
    return total === 0 ? Number.NaN : (100 * hits) / total;
  };
  return seededBootstrap(videos, [left.length, right.length], (seeds, indices) => rate(left, seeds, indices), (seeds, indices) => rate(right, seeds, indices), options);
}

/** One arm's per-video figures for each of its training seeds, keyed by video. */
export interface SeededByVideo {
  videos: readonly string[];
  /** Per seed, per video (in `videos`' order); null where the video had no such figure. */
  seeds: readonly (readonly (number | null)[])[];
}

/**
 * Interval of mean(left) - mean(right), each arm's figure the mean over its seeds of the mean over
 * videos, resampling both sources of spread: the videos (paired between the arms, matched by key)
 * and each arm's training seeds (with replacement). Seeds are drawn independently per arm, or
 * once for both when `sameModels` (a model against itself with its memory zeroed). Videos without
 * a figure in some seed of either arm are left out. With one seed per arm this is
 * meanDifferenceInterval's interval over the paired videos, draw for draw.
 */
export function pairedSeedVideoInterval(left: SeededByVideo, right: SeededByVideo, options: { sameModels?: boolean; seed?: number } = {}): DifferenceInterval | null {
  const rightIndex = new Map(right.videos.map((video, i) => [video, i]));
  const complete = (arm: SeededByVideo, i: number) => arm.seeds.every((values) => values[i] !== null && values[i] !== undefined);
  const pairs = left.videos.flatMap((video, i) => {
    const j = rightIndex.get(video);
    return j !== undefined && complete(left, i) && complete(right, j) ? [[i, j] as const] : [];
  });
  const matrix = (arm: SeededByVideo, pick: (pair: readonly [number, number]) => number) => arm.seeds.map((values) => pairs.map((pair) => values[pick(pair)] as number));
  const l = matrix(left, ([i]) => i);
  const r = matrix(right, ([, j]) => j);
  const videos = pairs.length;
  if (videos === 0 || l.length === 0 || r.length === 0) return null;
  const value = (arm: number[][], seeds: readonly number[], indices: readonly number[]) => {
    let sum = 0;
    for (const s of seeds) sum += meanAt(arm[s] as number[], indices);
    return sum / seeds.length;
  };
  return seededBootstrap(videos, [l.length, r.length], (seeds, indices) => value(l, seeds, indices), (seeds, indices) => value(r, seeds, indices), options);
}
