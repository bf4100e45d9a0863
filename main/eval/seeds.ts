/**
 * Training seeds of an evaluation (issue 13, item 3: "3 seeds per arm"). Every arm is trained
 * once per seed; the held-out clips, target frames and storyboards stay those of the first seed,
 * so the seeds differ only in the models' initial weights and training draws, and each video's
 * figure can be averaged over seeds before the paired bootstrap over videos. Pure arithmetic
 * and paths, no tfjs: reports and the app's server use it.
 */
import { join } from 'node:path';
import type { FrameScores, VideoPsnrs } from '../engine/train/index';
import type { ArmSetup } from './arms';
import { EvalError } from './errors';

/** The training seeds: `count` consecutive seeds from `first`. */
export function trainingSeeds(first: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new EvalError('invalid_option', `seeds: ${count} is not a positive whole number`);
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * The arm setup of one training seed. The first seed keeps the evaluation's own folders, so runs
 * trained before seeds existed are found again; each further seed trains under `seed-S/`.
 */
export function seedSetup(setup: ArmSetup, seed: number): ArmSetup {
  if (seed === setup.seed) return setup;
  return { ...setup, seed, out: join(setup.out, `seed-${seed}`) };
}

/** The mean of numbers; null when any is null (a figure some seed could not score). */
export function meanOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}

/** Each score averaged over seeds. */
export function averageScores(perSeed: readonly FrameScores[]): FrameScores {
  if (perSeed.length === 0) throw new EvalError('invalid_option', 'no seed was scored');
  const mean = (pick: (s: FrameScores) => number) => perSeed.reduce((sum, s) => sum + pick(s), 0) / perSeed.length;
  return { psnr: mean((s) => s.psnr), ssim: mean((s) => s.ssim), hfError: mean((s) => s.hfError), boxPsnr: meanOrNull(perSeed.map((s) => s.boxPsnr)) };
}

/** Each video's PSNRs averaged over seeds; every seed scored the same videos in the same order. */
export function averageVideoPsnrs(perSeed: readonly VideoPsnrs[]): VideoPsnrs {
  const [first] = perSeed;
  if (first === undefined) throw new EvalError('invalid_option', 'no seed was scored');
  if (perSeed.some((p) => p.psnr.length !== first.psnr.length)) throw new EvalError('invalid_option', 'the seeds scored different numbers of videos');
  return {
    psnr: first.psnr.map((_, i) => perSeed.reduce((sum, p) => sum + (p.psnr[i] as number), 0) / perSeed.length),
    boxPsnr: first.boxPsnr.map((_, i) => meanOrNull(perSeed.map((p) => p.boxPsnr[i] ?? null))),
  };
}

/** How one seed's model of an arm was made and what it scored, kept beside the seeds' mean. */
export interface SeedRun {
  seed: number;
  model: string;
  sha256: string | null;
  /** The seed's headline figure: retrieval PSNR at one step, or a consistency arm's identity %. */
  figure: number | null;
}

/** The spread of the seeds' headline figures, e.g. "3 seeds 11.9-12.4". */
export function seedSpread(runs: readonly SeedRun[] | undefined, digits = 2): string {
  if (runs === undefined || runs.length < 2) return '1 seed';
  const figures = runs.flatMap((r) => (r.figure === null ? [] : [r.figure]));
  if (figures.length === 0) return `${runs.length} seeds`;
  return `${runs.length} seeds ${Math.min(...figures).toFixed(digits)}-${Math.max(...figures).toFixed(digits)}`;
}
