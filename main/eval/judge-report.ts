/** The judge's training and held-out accuracy as a Markdown section. */
import { JUDGE_SCORES, LOCATED_MIN_IOU } from '../engine/judge/index';
import type { JudgeReport } from './judge';
import type { RenderedResults } from './outputs';
import type { Provenance } from './provenance';
import { fixed, provenanceLines, table } from './report-common';

/** A judge evaluation, as saved to JSON and SQLite. */
export interface JudgeResults {
  kind: 'judge';
  version: 1;
  provenance: Provenance;
  settings: { steps: number; batch: number; learningRate: number; trainVideos: number; trainSeconds: number; frameStep: number; validationFraction: number; data: string[] };
  report: JudgeReport;
}

/** The section's Markdown. */
export function judgeMarkdown(results: JudgeResults): string {
  const { report, settings } = results;
  return [
    '## Attribute judge',
    '',
    ...provenanceLines(results.provenance),
    '',
    `Trained for ${settings.steps} steps (batch ${settings.batch}) on ${report.trainFrames} frames with ${report.trainCharacters} judgeable characters `
      + `of ${settings.trainVideos} fresh Storyworld videos of ${settings.trainSeconds} s; scored on every frame of the datasets' held-out videos `
      + `(${Math.round(settings.validationFraction * 100)}% of each dataset, the split training uses). Place from the whole frame; shape, colour and pattern `
      + 'from each fully visible, uncovered character cropped at its box. Presence: "a whole character is centred in this crop", called at each '
      + 'character\'s box and at one box of its size where none is; location: each character searched for over the whole frame by the presence head '
      + `(the way continuations are judged) and found within IoU ${LOCATED_MIN_IOU} of its box.`,
    '',
    ...table(['Head', 'Held-out accuracy %', 'Correct / judged'], JUDGE_SCORES.flatMap((head) => {
      const score = report.accuracy[head] as (typeof report.accuracy)[typeof head] | undefined; // judges trained before presence lack the last two
      return score ? [[head, fixed(100 * score.accuracy, 1), `${score.correct} / ${score.total}`]] : [];
    })),
  ].join('\n');
}

/** The evaluation ready to write (no chart). */
export function renderJudge(results: JudgeResults): RenderedResults {
  return { kind: 'judge', json: results, markdown: () => judgeMarkdown(results), png: null };
}
