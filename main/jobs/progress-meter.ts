/**
 * Rate and ETA learned from the steps a job has completed so far: an exponential moving average
 * of the step duration. It is honest at the start: the first report only sets the baseline (a
 * resumed job may start at step 40 with no timing behind it), and there is no ETA until a couple
 * of steps have been timed.
 */

/** Rate and time left; null where the meter has not seen enough steps to say. */
export interface ProgressEstimate {
  /** Steps per second. */
  rate: number | null;
  /** Seconds until `total`. */
  etaSec: number | null;
}

/** Tuning of a ProgressMeter. */
export interface ProgressMeterOptions {
  /** Weight of one new step in the average (0..1]; higher follows changes faster. */
  alpha?: number;
  /** Steps that must have been timed before an ETA is given. */
  minTimedSteps?: number;
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

/** Turns successive (step, total) reports of one job into a rate and an ETA. */
export class ProgressMeter {
  private readonly alpha: number;
  private readonly minTimedSteps: number;
  private readonly now: () => number;
  private last: { step: number; time: number } | undefined;
  private stepMs: number | undefined;
  private timedSteps = 0;

  constructor(options: ProgressMeterOptions = {}) {
    this.alpha = options.alpha ?? 0.2;
    this.minTimedSteps = options.minTimedSteps ?? 2;
    this.now = options.now ?? (() => performance.now());
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${this.alpha}`);
  }

  /** Records that `step` of `total` steps are complete now and returns the current estimate. */
  update(step: number, total: number): ProgressEstimate {
    const time = this.now();
    if (this.last === undefined || step < this.last.step) {
      // First report, or the runner started counting again: no duration to learn from yet.
      this.last = { step, time };
      this.stepMs = undefined;
      this.timedSteps = 0;
    } else if (step > this.last.step) {
      const steps = step - this.last.step;
      const perStep = (time - this.last.time) / steps;
      // Several steps in one report weigh as much as the same steps reported one by one.
      const weight = 1 - (1 - this.alpha) ** steps;
      this.stepMs = this.stepMs === undefined ? perStep : this.stepMs + weight * (perStep - this.stepMs);
      this.timedSteps += steps;
      this.last = { step, time };
    }
    return this.estimate(step, total);
  }

  private estimate(step: number, total: number): ProgressEstimate {
    if (this.stepMs === undefined) return { rate: null, etaSec: null };
    const rate = this.stepMs > 0 ? 1000 / this.stepMs : null;
    const etaSec =
      this.timedSteps >= this.minTimedSteps ? (Math.max(0, total - step) * this.stepMs) / 1000 : null;
    return { rate, etaSec };
  }
}
