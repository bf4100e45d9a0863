/**
 * Plain-text tables for the `longshot project` commands: columns padded to their widest cell,
 * so the output lines up in a terminal and stays easy to grep.
 */

/** Formats rows (the first is the header) as aligned lines. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}
