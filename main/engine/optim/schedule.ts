/** Learning rate: linear warm-up to a peak, then cosine decay to a floor at the last step. */
import { OptimError } from './errors';

/** The schedule's shape; steps count from 0. */
export interface CosineSchedule {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  /** The rate at and after `totalSteps`; 0 by default. */
  floor?: number;
}

/** Checks a schedule once, so a bad config fails before training starts. */
export function validateSchedule(schedule: CosineSchedule): void {
  const { peak, warmupSteps, totalSteps, floor = 0 } = schedule;
  const problem =
    !(Number.isFinite(peak) && peak > 0) ? `peak must be positive, got ${peak}`
    : !(Number.isInteger(warmupSteps) && warmupSteps >= 0) ? `warmupSteps must be a non-negative integer, got ${warmupSteps}`
    : !(Number.isInteger(totalSteps) && totalSteps > warmupSteps) ? `totalSteps (${totalSteps}) must be an integer above warmupSteps (${warmupSteps})`
    : !(Number.isFinite(floor) && floor >= 0 && floor <= peak) ? `floor must be in [0, peak], got ${floor}`
    : undefined;
  if (problem) throw new OptimError('invalid_option', `learning-rate schedule: ${problem}`);
}

/**
 * The learning rate for step `step` (0-based): `peak * (step + 1) / warmupSteps` during warm-up
 * (so the first step is not wasted at 0), then `floor + (peak - floor) * (1 + cos(pi * p)) / 2`
 * with p going from 0 after warm-up to 1 at `totalSteps`, then `floor`.
 */
export function learningRateAt(step: number, schedule: CosineSchedule): number {
  validateSchedule(schedule);
  if (!(Number.isInteger(step) && step >= 0)) throw new OptimError('invalid_option', `step must be a non-negative integer, got ${step}`);
  const { peak, warmupSteps, totalSteps, floor = 0 } = schedule;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
  return floor + ((peak - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
}
