/** The consistency evaluation as a Markdown section and a grouped bar chart. */
import { orderingLines, orderingSummary } from '../orderings';
import type { RenderedResults } from '../outputs';
import { barPng } from '../plot/charts';
import { fixed, provenanceLines, revisitSentence, seedsSentence, table } from '../report-common';
import { seedSpread } from '../seeds';
import type { ConsistencyResults, ConsistencyScores } from './run';

/** Identity, clothing and place cells: each percentage with the counts behind it. */
export const consistencyCells = (s: ConsistencyScores): string[] => [
  `${fixed(s.identity, 1)} (${s.counts.identity.consistent}/${s.counts.identity.total})`,
  `${fixed(s.clothing, 1)} (${s.counts.clothing.consistent}/${s.counts.clothing.total})`,
  `${fixed(s.place, 1)} (${s.counts.place.consistent}/${s.counts.place.total})`,
];

/** The judge's held-out accuracy per head and its weights hash, as one line. */
export function judgeLine(judge: { sha256: string; accuracy: Record<string, number> }): string {
  const accuracy = Object.entries(judge.accuracy).map(([name, value]) => `${name.replace(/^judge\/|\/accuracy$/g, '')} ${fixed(100 * value, 1)}%`).join(', ');
  return `Judge: held-out accuracy ${accuracy} (\`${judge.sha256.slice(0, 12)}\`).`;
}

/** The section's Markdown, with the chart at `imagePath`. */
export function consistencyMarkdown(results: ConsistencyResults, imagePath: string): string {
  const { settings, rows, reference, judge } = results;
  const seeds = settings.seeds ?? [results.provenance.seed];
  return [
    '## Consistency of returning characters and revisited places (paper.md Table 2, in kind)',
    '',
    ...provenanceLines(results.provenance),
    '',
    `${settings.videos.length} held-out storyboards (${settings.videos.join(', ')}): each model continues the real opening shot through a cut away and back, `
      + `${settings.generatedFrames} generated frames in all, ${settings.samplingSteps} sampling steps, guidance ${settings.guidance}; `
      + `the judge reads the ${settings.judgedFrames} frames of the revisited shots. Identity: a returning character's shape and colour both right; `
      + 'clothing: its pattern right; place: the revisited place\'s kind right. Each returning character is found where it is drawn by the judge\'s presence head '
      + '(the found character nearest its true box is read; none found counts as not consistent). '
      + `Pretrained arms: ${settings.pretrainSteps} stage-1 steps, then ${settings.finetuneSteps} fine-tuning steps; the others: `
      + `${settings.pretrainSteps + settings.finetuneSteps} fine-tuning steps from scratch, the same total; batches of ${settings.batch} clips at scale \`${settings.scale}\`. `
      + `${seedsSentence(seeds, 'each model\'s verdicts are pooled over its seeds')} The last column gives the spread of the seeds' identity %.`,
    ...(settings.revisitSeconds && settings.revisitSeconds.length > 0 && settings.historySeconds !== undefined
      ? ['', revisitSentence(settings.revisitSeconds, settings.historySeconds, 'every model was')] : []),
    '',
    judgeLine(judge),
    '',
    ...table(['Model', 'Identity %', 'Clothing %', 'Place %', 'Identity per seed'], [
      ...rows.map((r) => [r.label, ...consistencyCells(r.scores), seedSpread(r.seeds, 1)]),
      ['Held-out video itself (judge ceiling)', ...consistencyCells(reference), '–'],
    ]),
    '',
    '### Orderings expected by the paper, as measured',
    '',
    ...orderingLines(results.orderings, 'points', 1),
    '',
    orderingSummary(results.orderings, `${seeds.length} seed${seeds.length === 1 ? '' : 's'} and ${settings.judgedFrames} judged frames per seed.`),
    '',
    `![Consistency per model](${imagePath})`,
  ].join('\n');
}

/** Identity, clothing and place percentages per model, and the judge's ceiling. */
export function consistencyChart(results: ConsistencyResults): Buffer {
  const group = (label: string, s: ConsistencyScores) => ({ label, values: [s.identity, s.clothing, s.place] });
  return barPng({
    title: 'Returning characters and revisited places',
    yLabel: 'Judged consistent (%)',
    series: ['Identity', 'Clothing', 'Place'],
    groups: [...results.rows.map((r) => group(r.label, r.scores)), group('Real video', results.reference)],
  });
}

/** The evaluation ready to write. */
export function renderConsistency(results: ConsistencyResults): RenderedResults {
  return { kind: 'consistency', json: results, markdown: (imagePath) => consistencyMarkdown(results, imagePath), png: consistencyChart(results) };
}
