/**
 * A trained model scored as it is (`longshot eval model`, the figures of the model card): which
 * model, what its baselines are, retrieval from its memory and judged continuations, and the
 * checks that it beats each baseline, as found.
 */
import { OrderingList } from './OrderingList';
import { ModelContinuationTable, ModelRetrievalTable } from './ResultTables';
import { fixed, type ModelResults } from './results';
import { ScoreBars } from './ScoreBars';

function ModelLine({ model }: { model: ModelResults['model'] }) {
  const window = `recent window ${model.windowFrames} frame${model.windowFrames === 1 ? '' : 's'}`;
  return (
    <p data-testid="eval-model">
      <code title={model.path}>{model.path}</code> <span className="muted">({model.sha256?.slice(0, 12) ?? 'unhashed'})</span>: preset {model.preset}, memory{' '}
      {model.variant} trained at {model.compression}, {model.memoryTokens} memory tokens for a {model.historySeconds} s ({model.historyFrames}-frame) history, {window}
      {model.memoryGate !== null && `, memory gate ${fixed(model.memoryGate, 3)}`}.
    </p>
  );
}

/** What each baseline stands for: the figures mean something only beside them. */
function BaselineLine({ windowFrames }: { windowFrames: number }) {
  const nearest = windowFrames <= 1
    ? "the history's last frame, the one frame the generator sees without memory"
    : `of the last ${windowFrames} frames the generator sees without memory, the one nearest in time to the target`;
  return (
    <p className="muted" data-testid="eval-baselines">
      Baselines: <em>memory zeroed</em> is the same weights with the memory switched off; <em>nearest frame</em> is {nearest}; the <em>mean frame</em> is
      the clip&apos;s average, a scene that never moves. A memory that does its job beats all three. The held-out video itself, judged the same way, is the
      most the judge can score.
    </p>
  );
}

export function ModelFigures({ results }: { results: ModelResults }) {
  const { scores, fewSteps } = results.retrieval;
  return (
    <>
      <ModelLine model={results.model} />
      <BaselineLine windowFrames={results.model.windowFrames} />
      <ModelRetrievalTable results={results} />
      <ScoreBars
        title="Retrieval PSNR: the model beside its baselines"
        unit="dB"
        series={['PSNR', 'PSNR in boxes']}
        groups={[
          { label: 'Model, 1 step', scores: scores.oneStep },
          { label: `Model, ${fewSteps} steps`, scores: scores.fewStep },
          { label: 'Memory zeroed', scores: scores.zeroMemory },
          { label: 'Nearest frame', scores: scores.nearestFrame },
        ].map(({ label, scores: s }) => ({ label, values: [s.psnr, s.boxPsnr] }))}
        reference={{ label: "Clip's mean frame", value: scores.meanFrame.psnr }}
      />
      <ModelContinuationTable results={results} />
      <OrderingList title="Retrieval above each baseline, as measured" checks={results.checks.retrieval} unit="dB" />
      <OrderingList title="Continuations with memory above memory zeroed, as measured" checks={results.checks.continuation} unit="points" />
    </>
  );
}
