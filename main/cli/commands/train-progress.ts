/**
 * Terminal output of `longshot train`: a progress line (step, loss, samples/s, ETA from the
 * measured rate) at most every few seconds, evaluations with their baselines, checkpoints, and
 * one-line messages for every typed failure a training run can end with.
 */
import { CheckpointError } from '../../engine/checkpoint/errors';
import { CancelledError } from '../../engine/flow/errors';
import { ModelError } from '../../engine/model/errors';
import { MemoryBudgetError } from '../../engine/presets';
import { TrainError, type Evaluation, type StepReport } from '../../engine/train/index';
import { DatasetError } from '../../data/index';
import { CliError } from '../command';

/** `1h02m`, `4m10s`, `12s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One evaluation as a line: validation loss, then retrieval PSNR (SSIM) beside its baselines. */
export function formatEvaluation(evaluation: Evaluation): string {
  const { oneStep, fewStep, zeroMemory, meanFrame } = evaluation.retrieval;
  const db = (value: number): string => `${value.toFixed(2)} dB`;
  const boxes = oneStep.boxPsnr !== null && meanFrame.boxPsnr !== null
    ? ` | in character boxes ${db(oneStep.boxPsnr)}, mean frame ${db(meanFrame.boxPsnr)}` : '';
  return `eval @${evaluation.step}: val loss ${evaluation.valLoss.toFixed(4)} | retrieval PSNR 1 step ${db(oneStep.psnr)} (SSIM ${oneStep.ssim.toFixed(3)}), `
    + `${evaluation.fewSteps} steps ${db(fewStep.psnr)}, memory zeroed ${db(zeroMemory.psnr)}, mean frame ${db(meanFrame.psnr)} (SSIM ${meanFrame.ssim.toFixed(3)})${boxes}`;
}

/** Prints progress lines at most every `intervalMs`, always the last step's. */
export class ProgressPrinter {
  private lastPrinted = 0;
  private secondsPerSample: number | null = null;

  constructor(private readonly out: (line: string) => void, private readonly intervalMs = 5_000) {}

  step(report: StepReport): void {
    const perSample = report.stepSeconds / report.samples;
    // Smoothed, so one slow step (an evaluation's neighbour, a busy machine) does not swing the ETA.
    this.secondsPerSample = this.secondsPerSample === null ? perSample : 0.9 * this.secondsPerSample + 0.1 * perSample;
    const now = Date.now();
    if (now - this.lastPrinted < this.intervalMs && report.step !== report.steps) return;
    this.lastPrinted = now;
    const rate = 1 / this.secondsPerSample;
    const eta = (report.steps - report.step) * report.samples * this.secondsPerSample;
    const loss = report.skipped ? 'skipped (non-finite)' : report.loss.toFixed(4);
    this.out(`step ${report.step}/${report.steps}  loss ${loss}  lr ${report.learningRate.toExponential(1)}  ${rate.toFixed(2)} samples/s  eta ${formatDuration(eta)}`);
  }
}

/** Turns the typed failures of a training run into one-line CLI errors. */
export function trainFailure(error: unknown): never {
  if (error instanceof TrainError || error instanceof CheckpointError || error instanceof ModelError || error instanceof MemoryBudgetError) {
    throw new CliError(`${error.message} [${error.code}]`);
  }
  if (error instanceof DatasetError) throw new CliError(`${error.message} [${error.code}]`, error.code === 'cancelled' ? 130 : 1);
  if (error instanceof CancelledError) {
    throw new CliError(`stopped at step ${error.step} of ${error.total} (checkpoint saved); run the same command to continue`, 130);
  }
  throw error;
}
