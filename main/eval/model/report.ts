/**
 * `eval model` results as Markdown: the retrieval table, the continuation table and the bar's
 * checks. The pieces are exported because the default model's card (main/cli/commands/
 * train-card.ts) shows the same tables under its own headings.
 */
import { RETRIEVAL_METHODS, type FrameScores } from '../../engine/train/index';
import { consistencyCells, judgeLine } from '../consistency/report';
import { orderingLines, orderingSummary } from '../orderings';
import type { RenderedResults } from '../outputs';
import { fixed, provenanceLines, revisitSentence, table } from '../report-common';
import { scoreCells } from '../retrieval-report';
import { METHOD_LABELS } from './checks';
import type { ModelEvalResults } from './run';

/** What the model is: path, weights hash, memory. */
export function modelLine(results: ModelEvalResults): string {
  const m = results.model;
  return `Model \`${m.path}\` (\`${m.sha256?.slice(0, 12) ?? 'unhashed'}\`): preset \`${m.preset}\`, memory \`${m.variant}\` trained at \`${m.compression}\`, `
    + `${m.memoryTokens} memory tokens for a ${m.historySeconds} s (${m.historyFrames}-frame) history, recent window ${m.windowFrames} frame${m.windowFrames === 1 ? '' : 's'}`
    + `${m.memoryGate === null ? '' : `, memory gate ${fixed(m.memoryGate, 3)}`}.`;
}

/** How the retrieval was measured, and its table. */
export function retrievalLines(results: ModelEvalResults): string[] {
  const { retrieval: r, model: m } = results;
  const window = Math.max(1, m.windowFrames);
  const nearest = window === 1
    ? 'the history\'s last frame, the one frame of the generator\'s recent window (all it sees without memory)'
    : `of the generator's recent window (the history's last ${window} frames, all it sees without memory) the frame nearest in time to the target`;
  return [
    `${r.clips} held-out clips x ${r.targets} random frames of each clip's ${m.historyFrames}-frame history, reconstructed from the compressed memory alone `
      + `(null caption), in one sampling step (x0 at t = 1) and in ${r.fewSteps}. Baselines: the same weights with the memory zeroed; `
      + `the nearest frame the generator sees without memory: ${nearest}; the clip's mean frame; and an oracle that has seen the target's shot, `
      + `the mean of the history's frames in that shot. `
      + `PSNR in dB on 0-255, pooled per video (the PSNR of its frames' mean squared error) and averaged over ${r.byVideo?.videos.length ?? 'the'} held-out videos; `
      + `SSIM, high-frequency error (mean absolute difference of image gradients), PSNR inside the characters' boxes. `
      + `Validation loss of the retrieval task ${fixed(r.valLoss, 4)}.`,
    '',
    ...table(['Retrieved by', 'PSNR dB', 'SSIM', 'HF error', 'PSNR dB in boxes'], RETRIEVAL_METHODS.flatMap((method) => {
      const scores = r.scores[method] as FrameScores | undefined; // results stored before a method existed lack it
      return scores ? [[method === 'fewStep' ? `model, ${r.fewSteps} sampling steps` : METHOD_LABELS[method], ...scoreCells(scores)]] : [];
    })),
  ];
}

/** How far back the revisits reach, beside the history the model was trained on (results stored before it lack the figures). */
function revisitLine(results: ModelEvalResults): string[] {
  const gaps = results.continuation.revisitSeconds;
  return gaps && gaps.length > 0 ? ['', revisitSentence(gaps, results.model.historySeconds, 'the model was')] : [];
}

/** How the continuations were judged, and their table. */
export function continuationLines(results: ModelEvalResults): string[] {
  const c = results.continuation;
  return [
    `${c.videos.length} held-out storyboard${c.videos.length === 1 ? '' : 's'} (${c.videos.join(', ')}), each continued from its real opening shot through a cut away and back to the opening's place: `
      + `${c.generatedFrames} generated frames in all, ${c.samplingSteps} sampling step${c.samplingSteps === 1 ? '' : 's'}, guidance ${c.guidance}; the judge reads the first `
      + `${c.scoreSeconds} s of each revisit (${c.judgedFrames} frames). Identity: a returning character's shape and colour both right; clothing: its pattern right; `
      + 'place: the revisited place\'s kind right. Each returning character is found where it is drawn (the judge\'s presence head searches the frame; '
        + 'the found character nearest its true box is read) and counts as not consistent where none is found. Memory zeroed: the same weights with the memory gate at 0.',
    ...revisitLine(results),
    '',
    judgeLine(c.judge),
    '',
    ...table(['Continued by', 'Identity %', 'Clothing %', 'Place %'], [
      ['model, with memory', ...consistencyCells(c.withMemory)],
      ...(c.memoryZeroed === null ? [] : [['model, memory zeroed', ...consistencyCells(c.memoryZeroed)]]),
      ['held-out video itself (judge ceiling)', ...consistencyCells(c.reference)],
    ]),
  ];
}

/** The checks of the issue's bar and a one-line summary. */
export function checkLines(results: ModelEvalResults): string[] {
  const { retrieval, continuation } = results.checks;
  return [
    ...orderingLines(retrieval, 'dB'),
    ...orderingLines(continuation, 'points', 1),
    '',
    orderingSummary([...retrieval, ...continuation], 'each is called on its 95% interval over the held-out videos (paired bootstrap, main/eval/bootstrap.ts) where per-video figures exist.'),
  ];
}

/** The section's Markdown. */
export function modelMarkdown(results: ModelEvalResults): string {
  return [
    '## A trained model: retrieval and continuation (`eval model`)',
    '',
    ...provenanceLines(results.provenance),
    '',
    modelLine(results),
    '',
    '### Retrieval from memory',
    '',
    ...retrievalLines(results),
    '',
    '### Continuations judged by the attribute judge',
    '',
    ...continuationLines(results),
    '',
    '### Above the baselines, as measured',
    '',
    ...checkLines(results),
  ].join('\n');
}

/** The evaluation ready to write (no chart). */
export function renderModelEval(results: ModelEvalResults): RenderedResults {
  return { kind: 'model', json: results, markdown: () => modelMarkdown(results), png: null };
}
