/**
 * A terminal progress bar for long commands: on a terminal one line redrawn in place
 * (`[#########...........]  45%  chunk 3 of 8, step 2 of 4  eta 1m05s`), elsewhere (pipes, logs,
 * tests) nothing until a `line`, so captured output stays readable. Lines printed meanwhile
 * clear the bar first and it is drawn again on the next update.
 */
import type { CommandIo } from '../command';
import { formatDuration } from './train-progress';

/** The bar itself: `width` cells filled in proportion to `fraction` (clamped to [0, 1]). */
export function renderBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** One progress report. */
export interface BarUpdate {
  step: number;
  total: number;
  etaSec: number | null;
  message?: string;
}

/** A progress bar drawn on `terminal` when it is one (process.stdout by default). */
export class ProgressBar {
  private drawn = false;

  constructor(
    private readonly io: Pick<CommandIo, 'out'>,
    private readonly terminal: { isTTY?: boolean; write(text: string): unknown } = process.stdout,
  ) {}

  /** Redraws the bar (on a terminal only). */
  update({ step, total, etaSec, message }: BarUpdate): void {
    if (!this.terminal.isTTY) return;
    const fraction = total > 0 ? step / total : 0;
    const eta = etaSec === null ? '' : `  eta ${formatDuration(etaSec)}`;
    this.terminal.write(`\r${renderBar(fraction)} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${message ?? `${step}/${total}`}${eta}\u001b[K`);
    this.drawn = true;
  }

  /** Prints a line above the bar. */
  line(text: string): void {
    this.clear();
    this.io.out(text);
  }

  /** Removes the bar (before the command's last words). */
  clear(): void {
    if (!this.drawn) return;
    this.terminal.write('\r\u001b[K');
    this.drawn = false;
  }
}
