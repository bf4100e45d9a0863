/**
 * The tables of each kind of evaluation, with the columns docs/results.md and the model card
 * print: one row per compared model (or per way of retrieving a frame) and the baseline rows
 * (the clip's mean frame; the held-out video itself).
 */
import type { ReactNode } from 'react';
import { fixed, type ConsistencyResults, type ConsistencyScores, type FrameScores, type JudgeResults, type ModelResults, type RetrievalResults } from './results';

function Table({ caption, head, rows }: { caption: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[] }) {
  return (
    <div className="eval-table-wrap">
      <table className="eval-table" data-testid="eval-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr key={r}>
              {cells.map((cell, c) => (c === 0 ? <th key={c} scope="row">{cell}</th> : <td key={c}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SCORE_HEAD = ['PSNR', 'SSIM', 'HF error', 'PSNR in boxes'];
const scoreCells = (s: FrameScores): string[] => [fixed(s.psnr), fixed(s.ssim, 3), fixed(s.hfError, 1), fixed(s.boxPsnr)];

/** The caption's note on training seeds; none for one seed (and for results stored before seeds). */
const seedsNote = (seeds: readonly number[] | undefined, how: string): string =>
  seeds === undefined || seeds.length < 2 ? '' : `; ${seeds.length} training seeds per model (${seeds.join(', ')}), ${how}`;

export function RetrievalTable({ results }: { results: RetrievalResults }) {
  const { settings, rows, meanFrame } = results;
  const head = ['Encoder', 'Memory tokens', 'Steps', 'Training min', ...SCORE_HEAD, `PSNR, ${settings.fewSteps} steps`, 'PSNR, memory zeroed', 'Memory gate'];
  return (
    <Table
      caption={`PSNR in dB, one sampling step unless said; ${settings.clips} held-out clips × ${settings.targets} frames from ${settings.historyFrames}-frame histories${seedsNote(settings.seeds, 'each figure the mean over them')}`}
      head={head}
      rows={[
        ...rows.map((r) => [r.label, String(r.memoryTokens), String(r.steps), fixed(r.trainSeconds / 60, 1), ...scoreCells(r.oneStep), fixed(r.fewStep.psnr), fixed(r.zeroMemory.psnr), fixed(r.memoryGate, 3)]),
        ["Clip's mean frame (baseline)", '–', '–', '–', ...scoreCells(meanFrame), '–', '–', '–'],
      ]}
    />
  );
}

const consistencyCells = (s: ConsistencyScores): string[] =>
  (['identity', 'clothing', 'place'] as const).map((key) => `${fixed(s[key], 1)} (${s.counts[key].consistent}/${s.counts[key].total})`);

const CONSISTENCY_HEAD = ['Identity %', 'Clothing %', 'Place %'];
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function ConsistencyTable({ results }: { results: ConsistencyResults }) {
  const { settings } = results;
  return (
    <Table
      caption={`% of judged frames consistent (consistent/judged); ${settings.videos.length} held-out storyboards, ${settings.judgedFrames} frames judged${seedsNote(settings.seeds, 'verdicts pooled over them')}`}
      head={['Model', ...CONSISTENCY_HEAD]}
      rows={[...results.rows.map((r) => [r.label, ...consistencyCells(r.scores)]), ['Held-out video itself (judge ceiling)', ...consistencyCells(results.reference)]]}
    />
  );
}

export function JudgeTable({ results }: { results: JudgeResults }) {
  const { report } = results;
  return (
    <Table
      caption={`Held-out accuracy after ${report.steps} training steps on ${report.trainFrames} frames`}
      head={['Head', 'Held-out accuracy %', 'Correct / judged']}
      rows={Object.entries(report.accuracy).map(([head, score]) => [head, fixed(100 * score.accuracy, 1), `${score.correct} / ${score.total}`])}
    />
  );
}

/** The model's ways of retrieving a frame from memory, then the baselines, in main/eval's order. */
export function ModelRetrievalTable({ results }: { results: ModelResults }) {
  const { retrieval: r, model } = results;
  const rows: [string, FrameScores][] = [
    ['Model, 1 sampling step', r.scores.oneStep],
    [`Model, ${plural(r.fewSteps, 'sampling step')}`, r.scores.fewStep],
    ['Model, memory zeroed (baseline)', r.scores.zeroMemory],
    ['Nearest frame seen without memory (baseline)', r.scores.nearestFrame],
    ["Clip's mean frame (baseline)", r.scores.meanFrame],
  ];
  return (
    <Table
      caption={`Retrieval from memory, PSNR in dB; ${r.clips} held-out clips × ${r.targets} frames from ${model.historyFrames}-frame histories; validation loss ${fixed(r.valLoss, 4)}`}
      head={['Retrieved by', ...SCORE_HEAD]}
      rows={rows.map(([label, scores]) => [label, ...scoreCells(scores)])}
    />
  );
}

/** Continuations with the model's memory and with it zeroed, beside the judge's ceiling. */
export function ModelContinuationTable({ results }: { results: ModelResults }) {
  const c = results.continuation;
  const rows: [string, ConsistencyScores][] = [
    ['Model, with memory', c.withMemory],
    ...(c.memoryZeroed === null ? [] : [['Model, memory zeroed (baseline)', c.memoryZeroed] as [string, ConsistencyScores]]),
    ['Held-out video itself (judge ceiling)', c.reference],
  ];
  return (
    <Table
      caption={`Continuations, % of judged frames consistent (consistent/judged); ${plural(c.videos.length, 'held-out storyboard')}, ${c.judgedFrames} frames judged, ${plural(c.samplingSteps, 'sampling step')}, guidance ${c.guidance}`}
      head={['Continued by', ...CONSISTENCY_HEAD]}
      rows={rows.map(([label, scores]) => [label, ...consistencyCells(scores)])}
    />
  );
}
