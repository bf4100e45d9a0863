/**
 * What a section of `npm run bench:engine` is, and how its rows print. A row compares a
 * "before" (e.g. the stock kernel) with an "after" measured in the same run, so the ratio holds
 * even when other processes share the cores.
 */

import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `compute`, reads its result (unless `read` is false) and frees it, and everything it made on the way.
 * tf.tidy keeps what its function returns, so a timing loop of `tf.tidy(run)` keeps every
 * result: the kernel section did, filled wasm's 4 GiB heap (3 GB in 4,186 tensors) and the next
 * section crashed with "memory access out of bounds" (issue 14).
 */
export function computeAndFree(compute: () => tf.Tensor, read = true): void {
  const result = tf.tidy(compute);
  // wasm computes synchronously; reading is for the model rows, whose figures include it as users' calls do.
  if (read) result.dataSync();
  result.dispose();
}

/** One measured case. */
export interface BenchRow {
  op: string;
  shape: string;
  unit: string;
  /** The baseline, or null where there is none (e.g. a kernel wasm does not have). */
  before: number | null;
  after: number;
  /** Anything a reader must know about the row, e.g. that the baseline computes wrong values. */
  note?: string;
  /**
   * GFLOP/s rows: each figure as a fraction of the 2-D matMul ceiling measured in the same run
   * (the section's ceiling row, overridden kernel), so figures of different runs and machines compare.
   */
  ofCeiling?: { before: number | null; after: number };
}

/** True for the row that measures the 2-D matMul ceiling. */
const isCeiling = (row: BenchRow): boolean => /ceiling/.test(row.op) && row.unit === 'GFLOP/s';

/** The rows with `ofCeiling` on every GFLOP/s figure, from the section's own ceiling row (unchanged where it has none). */
export function withCeilingFractions(rows: readonly BenchRow[]): BenchRow[] {
  const ceiling = rows.find(isCeiling)?.after;
  if (ceiling === undefined || !(ceiling > 0)) return [...rows];
  return rows.map((row) => (row.unit !== 'GFLOP/s' ? row : {
    ...row, ofCeiling: { before: row.before === null ? null : row.before / ceiling, after: row.after / ceiling },
  }));
}

/** A group of cases with its own file under test/bench/. */
export interface BenchSection {
  /** Selects the section on the command line, and keys it in the JSON. */
  name: string;
  title: string;
  beforeLabel: string;
  afterLabel: string;
  /** Measures every case; `log` reports progress. */
  run(log: (line: string) => void): Promise<BenchRow[]>;
}

const fixed = (value: number | null): string => (value === null ? '-' : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2));

/** The section's rows as an aligned text table with a speed-up column. */
export function formatTable(section: BenchSection, rows: readonly BenchRow[]): string {
  const header = ['op', 'shape', `${section.beforeLabel}`, `${section.afterLabel}`, 'unit', 'speed-up', 'note'];
  const lines = rows.map((row) => [
    row.op, row.shape, fixed(row.before), fixed(row.after), row.unit,
    row.before === null || row.before === 0 ? '-' : `${(row.after / row.before).toFixed(1)}x`, row.note ?? '',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const render = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}
