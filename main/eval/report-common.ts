/** Markdown pieces every evaluation section shares: where the numbers came from, and number formats. */
import type { Provenance } from './provenance';

/** A number with `digits` decimals, or '–' when there is none. */
export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A Markdown table from a header row and body rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** The lines saying which command made a section, when, on what, with which models. */
export function provenanceLines(p: Provenance): string[] {
  const m = p.machine;
  const backend = `${m.backend}${m.threads !== null ? `, ${m.threads} thread${m.threads === 1 ? '' : 's'}` : ''}${m.simd ? ', SIMD' : ''}${m.kernelOverrides ? ', kernel overrides' : ''}`;
  const lines = [
    `Made by \`${p.command}\` (seed ${p.seed}), ${p.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(p.seconds)} s, on ${m.cpu} `
      + `(${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, backend ${backend}).`,
  ];
  for (const d of p.data) {
    lines.push('', `Data: \`${d.dir}\`, ${d.source}, ${d.videos} videos of ${d.seconds} s at ${d.width}x${d.height}, ${d.fps} fps, seed ${d.seed}`
      + `${d.recreate ? ` (written by \`${d.recreate}\`)` : ''}.`);
  }
  if (p.models.length > 0) {
    lines.push('', `Models (sha256 of the weights): ${p.models.map((model) => `${model.role} \`${model.sha256?.slice(0, 12) ?? 'untrained'}\``).join(', ')}.`);
  }
  return lines;
}

/**
 * The sentence on training seeds: one seed, or several whose figures are averaged per video
 * (`pooled` says how, where averaging is not the rule); the intervals resample seeds and videos.
 */
export function seedsSentence(seeds: readonly number[], pooled = 'each figure, and each video\'s, is the mean over seeds'): string {
  if (seeds.length <= 1) return `One training seed (${seeds[0] ?? '–'}).`;
  return `Every model trained with ${seeds.length} seeds (${seeds.join(', ')}), on the same held-out frames; ${pooled}, and the intervals resample both the videos and each model's seeds.`;
}

/**
 * How far back the judged revisits reach beside the trained history: a revisit later than the
 * history asks the memory for a place it can no longer hold (issue 13, item 3).
 */
export function revisitSentence(gaps: readonly number[], historySeconds: number, trained: string): string {
  const longer = gaps.filter((g) => g > historySeconds).length;
  return `The revisits begin ${fixed(Math.min(...gaps), 1)}-${fixed(Math.max(...gaps), 1)} s after their videos' start; ${trained} trained on `
    + `${historySeconds} s histories, so ${longer} of ${gaps.length} revisits ask its memory to reach further back than training ever did.`;
}
