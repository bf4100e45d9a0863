/**
 * Starting an evaluation: which one (frame retrieval across memory encoders, consistency of
 * continuations with and without pretrained memory, or one trained model scored as it is), on
 * which Storyworld dataset (the project's own, written on first use, or a folder), at which scale
 * and budget with which models, or which model to score; and how long that should take. The main
 * side checks every value with the evaluation's own schema, so its message is shown as it comes.
 */
import { useState, type FormEvent } from 'react';
import type { CallInput, CallOutput } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { formatBytes, formatDuration } from '../../shared/format';
import { ModelField } from '../../shared/ModelField';
import { useJobStart } from '../jobs/use-job-start';
import { useSession } from '../project/session-context';
import { estimate, type EvalPlan } from './estimate';
import { useModelChoices } from './model-choices';
import type { Evaluation } from './results';

type Choices = CallOutput<'evaluations.choices'>;
type What = 'retrieval' | 'consistency' | 'model';

const WHATS: Record<What, string> = {
  retrieval: 'Frame retrieval: how well each memory encoder rebuilds past frames (paper Table 1)',
  consistency: 'Consistency: do returning characters and places stay the same in continuations (paper Table 2)',
  model: 'A trained model: retrieval from its memory and judged continuations, each beside baselines (the model card\'s figures)',
};

/** Defaults that finish in minutes on a CPU at scale `small`. */
const DEFAULTS = { scale: 'small', budget: '100', clips: '8', videos: '2', finetune: '100', seeds: '1' };
type Values = typeof DEFAULTS;

const count = (text: string): number => Number(text.trim() === '' ? Number.NaN : text);

function CountField({ label, value, onChange }: { label: string; value: string; onChange: (event: { target: { value: string } }) => void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input value={value} onChange={onChange} inputMode="numeric" />
    </label>
  );
}

export function EvaluationForm({ choices, evaluations }: { choices: Choices; evaluations: readonly Evaluation[] }) {
  const session = useSession();
  const models = useModelChoices();
  const [what, setWhat] = useState<What>('retrieval');
  const [source, setSource] = useState<'project' | 'folder'>('project');
  const [folder, setFolder] = useState('');
  const [values, setValues] = useState(DEFAULTS);
  const [modelId, setModelId] = useState(models.initial);
  const [off, setOff] = useState<ReadonlySet<string>>(new Set());
  const { error, busy, queue } = useJobStart();
  const arms = what === 'model' ? [] : choices.arms[what];
  const chosen = arms.filter((arm) => !off.has(`${what}:${arm.id}`));
  const set = (key: keyof Values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const toggle = (id: string) => {
    const next = new Set(off);
    if (!next.delete(`${what}:${id}`)) next.add(`${what}:${id}`);
    setOff(next);
  };

  // What the estimate needs, and what the start sends besides the project, the kind and the data.
  const [plan, options] = ((): [EvalPlan, Omit<CallInput<'evaluations.start'>, 'projectId' | 'what' | 'data'>] => {
    const [scale, budget, clips, videos, finetune, seeds] = [values.scale, count(values.budget), count(values.clips), count(values.videos), count(values.finetune), count(values.seeds)];
    const arms = chosen.map((arm) => arm.id);
    switch (what) {
      case 'retrieval':
        return [{ what, scale, budget, models: arms.length, clips, seeds }, { scale, budget, arms, clips, seeds }];
      case 'consistency':
        return [
          { what, scale, budget, models: arms.length, pretrainedModels: chosen.filter((arm) => arm.pretrained).length, finetune, videos, seeds },
          { scale, budget, arms, videos, finetune, seeds },
        ];
      case 'model':
        return [{ what, preset: models.presetOf(modelId.trim()), clips, videos }, { modelId: modelId.trim(), clips, videos }];
      default:
        return what satisfies never;
    }
  })();
  const forecast = estimate(plan, evaluations);
  const ready = what === 'model' ? modelId.trim() !== '' : chosen.length > 0;

  async function start(event: FormEvent) {
    event.preventDefault();
    const input: CallInput<'evaluations.start'> = { projectId: session.projectId, what, ...options, ...(source === 'folder' && { data: folder.trim() }) };
    await queue(session.api.evaluations.start(input));
  }

  const { dataset } = choices;
  return (
    <form onSubmit={start} className="eval-form" aria-label="Start an evaluation">
      <fieldset className="choice-list">
        <legend>Measure</legend>
        {(Object.keys(WHATS) as What[]).map((value) => (
          <label key={value}>
            <input type="radio" name="eval-what" checked={what === value} onChange={() => setWhat(value)} />
            {WHATS[value]}
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-list">
        <legend>Storyworld data (generated videos with exact ground truth)</legend>
        <label>
          <input type="radio" name="eval-data" checked={source === 'project'} onChange={() => setSource('project')} />
          This project&apos;s dataset: {dataset.videos} videos of {dataset.seconds} s at {dataset.width}×{dataset.height}, {dataset.fps} fps (
          {dataset.exists ? 'ready' : `${formatBytes(dataset.bytes)}, written when the evaluation starts`})
        </label>
        <label>
          <input type="radio" name="eval-data" checked={source === 'folder'} onChange={() => setSource('folder')} />
          <span>
            A dataset folder written by <code>longshot data storyworld</code>
          </span>
        </label>
        {source === 'folder' && (
          <input aria-label="Dataset folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/storyworld-dataset" />
        )}
      </fieldset>
      {what === 'model' ? (
        <>
          <ModelField value={modelId} onChange={setModelId} registered={models.registered} trainedOnly />
          <div className="fields three">
            <CountField label="Held-out clips" value={values.clips} onChange={set('clips')} />
            <CountField label="Storyboards continued" value={values.videos} onChange={set('videos')} />
          </div>
        </>
      ) : (
        <>
          <div className="fields three">
            <label className="field">
              <span>Scale</span>
              <select value={values.scale} onChange={set('scale')}>
                {choices.scales.map((scale) => (
                  <option key={scale} value={scale}>
                    {scale}
                  </option>
                ))}
              </select>
            </label>
            <CountField label={what === 'retrieval' ? 'Training steps per model' : 'Pretraining steps'} value={values.budget} onChange={set('budget')} />
            {what === 'retrieval' ? (
              <CountField label="Held-out clips" value={values.clips} onChange={set('clips')} />
            ) : (
              <>
                <CountField label="Fine-tuning steps" value={values.finetune} onChange={set('finetune')} />
                <CountField label="Storyboards continued" value={values.videos} onChange={set('videos')} />
              </>
            )}
            <CountField label="Training seeds per model" value={values.seeds} onChange={set('seeds')} />
          </div>
          <fieldset className="choice-list eval-arms">
            <legend>Models compared</legend>
            {arms.map((arm) => (
              <label key={arm.id}>
                <input type="checkbox" checked={!off.has(`${what}:${arm.id}`)} onChange={() => toggle(arm.id)} />
                {arm.label}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <p className="muted eval-estimate" data-testid="eval-estimate">
        {forecast === null || !Number.isFinite(forecast.seconds)
          ? 'No time estimate for these values.'
          : `About ${formatDuration(forecast.seconds)}${forecast.basis === 'project' ? ", from this project's last retrieval run at this scale" : ' on a 2-core CPU; much less on a GPU'}.`
            + (what === 'model' ? '' : ' Models already trained with the same data, scale and seed are reused.')}
      </p>
      {error && <ErrorNotice error={error} />}
      <button type="submit" className="primary" disabled={busy || !ready}>
        {busy ? 'Preparing data…' : 'Start evaluation'}
      </button>
    </form>
  );
}
