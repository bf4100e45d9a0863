/**
 * Training metrics (rows of name, step, value) as chart series: grouped by chart, aligned on one
 * step axis (a series without a value at a step has a gap there), and named for people.
 */

/** One stored metric value. */
export interface MetricRow {
  name: string;
  step: number;
  value: number;
}

/** Series aligned on shared steps, as uPlot takes them: [steps, ...values]. */
export interface AlignedSeries {
  names: string[];
  steps: number[];
  values: (number | null)[][];
}

/** Which chart a metric belongs to: losses, or retrieval PSNR of the memory on held-out clips. */
export function chartOf(name: string): 'loss' | 'retrieval' | null {
  if (name === 'train/loss' || name === 'val/loss') return 'loss';
  if (/^retrieval\/[^/]+\/psnr$/.test(name)) return 'retrieval';
  return null;
}

/** "val/loss" -> "validation loss", "retrieval/oneStep/psnr" -> "one step". */
export function seriesLabel(name: string): string {
  if (name === 'train/loss') return 'training loss';
  if (name === 'val/loss') return 'validation loss';
  const method = /^retrieval\/([^/]+)\/psnr$/.exec(name)?.[1];
  if (method) return method.replace(/([A-Z])/g, ' $1').toLowerCase();
  return name;
}

/** The rows of one chart aligned on their steps; a repeated step keeps its last value. */
export function alignSeries(rows: readonly MetricRow[], chart: 'loss' | 'retrieval'): AlignedSeries {
  const mine = rows.filter((row) => chartOf(row.name) === chart);
  const names = [...new Set(mine.map((row) => row.name))].sort();
  const steps = [...new Set(mine.map((row) => row.step))].sort((a, b) => a - b);
  const stepIndex = new Map(steps.map((step, i) => [step, i]));
  const values = names.map(() => steps.map((): number | null => null));
  for (const row of mine) {
    const series = values[names.indexOf(row.name)] as (number | null)[];
    series[stepIndex.get(row.step) as number] = row.value;
  }
  return { names, steps, values };
}
