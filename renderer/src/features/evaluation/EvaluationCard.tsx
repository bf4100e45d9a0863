/**
 * One stored evaluation: what it measured and when, its table, its chart, the paper's orderings
 * as found, and where the numbers came from.
 */
import { formatWhen } from '../../shared/format';
import { ModelFigures } from './ModelFigures';
import { OrderingList } from './OrderingList';
import { ProvenanceLine } from './ProvenanceLine';
import { ConsistencyTable, JudgeTable, RetrievalTable } from './ResultTables';
import { KIND_TITLES, type EvalResults, type Evaluation } from './results';
import { ScoreBars } from './ScoreBars';

function Figures({ results }: { results: EvalResults }) {
  switch (results.kind) {
    case 'retrieval':
      return (
        <>
          <RetrievalTable results={results} />
          <ScoreBars
            title="Retrieval PSNR per encoder, one step"
            unit="dB"
            series={['PSNR', 'PSNR, memory zeroed']}
            groups={results.rows.map((r) => ({ label: `${r.label} (${r.memoryTokens} tokens)`, values: [r.oneStep.psnr, r.zeroMemory.psnr] }))}
            reference={{ label: "Clip's mean frame", value: results.meanFrame.psnr }}
          />
          <OrderingList checks={results.orderings} unit="dB" seeds={results.settings.seeds?.length ?? 1} />
        </>
      );
    case 'consistency':
      return (
        <>
          <ConsistencyTable results={results} />
          <ScoreBars
            title="Consistent frames per model"
            unit="%"
            series={['Identity', 'Clothing', 'Place']}
            max={100}
            groups={[...results.rows, { label: 'Held-out video itself', scores: results.reference }].map((r) => ({
              label: r.label,
              values: [r.scores.identity, r.scores.clothing, r.scores.place],
            }))}
          />
          <OrderingList checks={results.orderings} unit="points" seeds={results.settings.seeds?.length ?? 1} />
        </>
      );
    case 'judge':
      return <JudgeTable results={results} />;
    case 'model':
      return <ModelFigures results={results} />;
    default:
      return results satisfies never;
  }
}

export function EvaluationCard({ evaluation }: { evaluation: Evaluation }) {
  const { results } = evaluation;
  return (
    <article className="eval-card" data-testid="evaluation" data-kind={evaluation.kind} data-eval-id={evaluation.id}>
      <header className="eval-card-head">
        <h3>
          {KIND_TITLES[evaluation.kind]} <span className="muted">#{evaluation.id}</span>
        </h3>
        <span className="fact-detail">
          {formatWhen(evaluation.createdAt)}
          {evaluation.jobId !== null && ` · job #${evaluation.jobId}`}
        </span>
      </header>
      {results === null ? (
        <p className="muted">{evaluation.problem}</p>
      ) : (
        <>
          <Figures results={results} />
          <ProvenanceLine provenance={results.provenance} />
        </>
      )}
    </article>
  );
}
