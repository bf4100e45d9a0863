/**
 * The table of each kind of evaluation, with the columns docs/results.md prints: one row per
 * compared model and a baseline row (the clip's mean frame; the held-out video itself).
 */
import type { ReactNode } from 'react';
import { fixed, type ConsistencyResults, type JudgeResults, type RetrievalResults } from './results';

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

export function RetrievalTable({ results }: { results: RetrievalResults }) {
  const { settings, rows, meanFrame } = results;
  const head = ['Encoder', 'Memory tokens', 'Steps', 'Training min', 'PSNR', 'SSIM', 'HF error', 'PSNR in boxes', `PSNR, ${settings.fewSteps} steps`, 'PSNR, memory zeroed', 'Memory gate'];
  const scores = (s: RetrievalResults['meanFrame']) => [fixed(s.psnr), fixed(s.ssim, 3), fixed(s.hfError, 1), fixed(s.boxPsnr)];
  return (
    <Table
      caption={`PSNR in dB, one sampling step unless said; ${settings.clips} held-out clips × ${settings.targets} frames from ${settings.historyFrames}-frame histories`}
      head={head}
      rows={[
        ...rows.map((r) => [r.label, String(r.memoryTokens), String(r.steps), fixed(r.trainSeconds / 60, 1), ...scores(r.oneStep), fixed(r.fewStep.psnr), fixed(r.zeroMemory.psnr), fixed(r.memoryGate, 3)]),
        ["Clip's mean frame (baseline)", '–', '–', '–', ...scores(meanFrame), '–', '–', '–'],
      ]}
    />
  );
}

const consistencyCells = (s: ConsistencyResults['reference']): string[] =>
  (['identity', 'clothing', 'place'] as const).map((key) => `${fixed(s[key], 1)} (${s.counts[key].consistent}/${s.counts[key].total})`);

export function ConsistencyTable({ results }: { results: ConsistencyResults }) {
  const { settings } = results;
  return (
    <Table
      caption={`% of judged frames consistent (consistent/judged); ${settings.videos.length} held-out storyboards, ${settings.judgedFrames} frames judged`}
      head={['Model', 'Identity %', 'Clothing %', 'Place %']}
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
