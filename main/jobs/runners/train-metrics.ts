/**
 * Where a training job's numbers go: always a `metrics.jsonl` in the run folder (one line per
 * record: step, time, named values), and through the job's hook to the project's SQLite. Step
 * metrics are averaged over a few steps before they are recorded, so a long run stores a chart's
 * worth of rows rather than one per step. A resumed run repeats the steps after its last
 * checkpoint; readers keep the last record of a step.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StepReport } from '../../engine/train/index';

/** The file name of the metrics log inside a run folder. */
export const METRICS_FILE = 'metrics.jsonl';

/** Receives every record: step and named values. */
export type MetricsSink = (step: number, metrics: Record<string, number>) => void;

/** A sink appending JSON lines to `path`. */
export function jsonlSink(path: string): MetricsSink {
  mkdirSync(dirname(path), { recursive: true });
  return (step, metrics) => appendFileSync(path, `${JSON.stringify({ step, time: new Date().toISOString(), metrics })}\n`);
}

/** Averages step reports over `every` steps (and at the run's last step) into one record. */
export class StepAverager {
  private loss = 0;
  private gradNorm = 0;
  private samples = 0;
  private seconds = 0;
  private count = 0;

  constructor(private readonly every: number, private readonly sink: MetricsSink) {}

  add(report: StepReport): void {
    if (!report.skipped) {
      this.loss += report.loss;
      this.gradNorm += report.gradNorm;
      this.count += 1;
    }
    this.samples += report.samples;
    this.seconds += report.stepSeconds;
    if (report.step % this.every !== 0 && report.step !== report.steps) return;
    const metrics: Record<string, number> = { 'train/lr': report.learningRate, 'train/samplesPerSecond': this.seconds > 0 ? this.samples / this.seconds : 0 };
    if (this.count > 0) {
      metrics['train/loss'] = this.loss / this.count;
      metrics['train/gradNorm'] = this.gradNorm / this.count;
    }
    this.sink(report.step, metrics);
    this.loss = 0;
    this.gradNorm = 0;
    this.samples = 0;
    this.seconds = 0;
    this.count = 0;
  }
}
