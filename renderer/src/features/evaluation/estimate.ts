/**
 * How long an evaluation will take, before it starts: its training steps and scored clips or
 * continued videos times the cost of each at the chosen scale (for a model evaluation, the scale
 * of the model's preset). The costs are measured: by default on the 2-core CPU (wasm, one thread)
 * this repository documents its runs on, or, once this project has a retrieval result at the
 * scale, from that result's own training times.
 */
import type { Evaluation } from './results';

/** Seconds of one model's training step, of scoring one held-out clip, of continuing one storyboard. */
export interface ScaleCost {
  step: number;
  clip: number;
  video: number;
}

/**
 * Per scale, averaged over the compared models (a 2x2x1 encoder costs about four times a 4x4x2
 * one): `small` from docs/results.md's retrieval run at 64x64; `micro` (32x32) and `tiny` (64x64)
 * from short runs of `longshot eval retrieval|consistency` beside a training run; `long` (small
 * with a 24 s history) from a 20-step run of its 4x4x2 encoder beside another evaluation (1.8 s a
 * step against small's 0.5 there), its continuation cost scaled with its memory.
 */
export const CPU_COSTS: Readonly<Record<string, ScaleCost>> = {
  micro: { step: 0.15, clip: 0.1, video: 3 },
  small: { step: 0.7, clip: 1.2, video: 40 },
  long: { step: 2.5, clip: 3, video: 90 },
  tiny: { step: 2.6, clip: 1.8, video: 130 },
};

/** What an evaluation will run. */
export type EvalPlan =
  | { what: 'retrieval'; scale: string; budget: number; models: number; clips: number; seeds: number }
  | { what: 'consistency'; scale: string; budget: number; models: number; pretrainedModels: number; finetune: number; videos: number; seeds: number }
  /** `preset`: the scored model's, or null where it is not known before the run. */
  | { what: 'model'; preset: string | null; clips: number; videos: number };

/** An estimate and what it rests on. */
export interface Estimate {
  seconds: number;
  basis: 'project' | 'cpu';
}

/** The training cost per step this project measured at `scale`: its newest retrieval result there. */
function measuredStep(evaluations: readonly Evaluation[], scale: string): number | null {
  for (const { results } of evaluations) {
    if (results?.kind !== 'retrieval' || results.settings.scale !== scale) continue;
    const trained = results.rows.filter((row) => row.trainSeconds > 0);
    // A row's training time is summed over its seeds' models; its steps are one model's.
    const steps = trained.reduce((sum, row) => sum + row.steps * (row.seeds?.length ?? 1), 0);
    if (steps > 0) return trained.reduce((sum, row) => sum + row.trainSeconds, 0) / steps;
  }
  return null;
}

/** The scale whose costs fit a plan: main/eval's scales train presets named `tiny-SCALE` (scales.ts); the shipped one is `tiny`. */
function costScale(plan: EvalPlan): string | null {
  if (plan.what !== 'model') return plan.scale;
  return plan.preset === null ? null : plan.preset.replace(/^tiny-/, '');
}

/** The estimate of `plan`, or null for a scale without a measured cost. */
export function estimate(plan: EvalPlan, evaluations: readonly Evaluation[]): Estimate | null {
  const scale = costScale(plan);
  const cost = scale === null ? undefined : CPU_COSTS[scale];
  if (scale === null || !cost) return null;
  const measured = measuredStep(evaluations, scale);
  const step = measured ?? cost.step;
  const basis = measured === null ? 'cpu' : 'project';
  switch (plan.what) {
    case 'retrieval':
      return { seconds: plan.seeds * plan.models * (plan.budget * step + plan.clips * cost.clip), basis };
    case 'consistency':
      return { seconds: plan.seeds * ((plan.pretrainedModels * plan.budget + plan.models * plan.finetune) * step + plan.models * plan.videos * cost.video), basis };
    case 'model':
      // Nothing is trained; every storyboard is continued twice, with the memory and with it zeroed.
      return { seconds: plan.clips * cost.clip + 2 * plan.videos * cost.video, basis: 'cpu' };
    default:
      return plan satisfies never;
  }
}
