/** The Training view: start a run, watch its charts, use what it made; below, evaluations that compare trained models. */
import { EvaluationPanel } from '../evaluation/EvaluationPanel';
import { ModelList } from './ModelList';
import { TrainingForm } from './TrainingForm';
import { TrainingRuns } from './TrainingRuns';

export function TrainingView() {
  return (
    <div className="view-grid training">
      <div className="stack">
        <TrainingForm />
        <ModelList />
      </div>
      <TrainingRuns />
      <EvaluationPanel />
    </div>
  );
}
