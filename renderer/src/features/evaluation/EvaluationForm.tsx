/**
 * Starting an evaluation: which comparison (frame retrieval across memory encoders, or
 * consistency of continuations with and without pretrained memory), on which Storyworld dataset
 * (the project's own, written on first use, or a folder), at which scale and budget, with which
 * models; and how long that should take. The main side checks every value with the evaluation's
 * own schema, so its message is shown as it comes.
 */
import { useState, type FormEvent } from 'react';
import type { ApiError, CallInput, CallOutput } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { formatBytes, formatDuration } from '../../shared/format';
import { useSession } from '../project/session-context';
import { estimate, type EvalPlan } from './estimate';
import type { Evaluation } from './results';

type Choices = CallOutput<'evaluations.choices'>;
type What = 'retrieval' | 'consistency';

const WHATS: Record<What, string> = {
  retrieval: 'Frame retrieval: how well each memory encoder rebuilds past frames (paper Table 1)',
  consistency: 'Consistency: do returning characters and places stay the same in continuations (paper Table 2)',
};

/** Defaults that finish in minutes on a CPU at scale `small`. */
const DEFAULTS = { scale: 'small', budget: '100', clips: '8', videos: '2', finetune: '100' };

const count = (text: string): number => Number(text.trim() === '' ? Number.NaN : text);

export function EvaluationForm({ choices, evaluations }: { choices: Choices; evaluations: readonly Evaluation[] }) {
  const session = useSession();
  const [what, setWhat] = useState<What>('retrieval');
  const [source, setSource] = useState<'project' | 'folder'>('project');
  const [folder, setFolder] = useState('');
  const [values, setValues] = useState(DEFAULTS);
  const [off, setOff] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const arms = choices.arms[what];
  const chosen = arms.filter((arm) => !off.has(`${what}:${arm.id}`));
  const set = (key: keyof typeof DEFAULTS) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  const toggle = (id: string) => {
    const next = new Set(off);
    if (!next.delete(`${what}:${id}`)) next.add(`${what}:${id}`);
    setOff(next);
  };

  const plan: EvalPlan = what === 'retrieval'
    ? { what, scale: values.scale, budget: count(values.budget), models: chosen.length, clips: count(values.clips) }
    : { what, scale: values.scale, budget: count(values.budget), models: chosen.length, pretrainedModels: chosen.filter((arm) => arm.pretrained).length, finetune: count(values.finetune), videos: count(values.videos) };
  const forecast = estimate(plan, evaluations);

  async function start(event: FormEvent) {
    event.preventDefault();
    const input: CallInput<'evaluations.start'> = {
      projectId: session.projectId, what, scale: values.scale, budget: count(values.budget), arms: chosen.map((arm) => arm.id),
      ...(source === 'folder' && { data: folder.trim() }),
      ...(what === 'retrieval' ? { clips: count(values.clips) } : { videos: count(values.videos), finetune: count(values.finetune) }),
    };
    setBusy(true);
    const answer = await session.api.evaluations.start(input);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setError(null);
    session.jobs.upsert([answer.value]);
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
        <label className="field">
          <span>{what === 'retrieval' ? 'Training steps per model' : 'Pretraining steps'}</span>
          <input value={values.budget} onChange={set('budget')} inputMode="numeric" />
        </label>
        {what === 'retrieval' ? (
          <label className="field">
            <span>Held-out clips</span>
            <input value={values.clips} onChange={set('clips')} inputMode="numeric" />
          </label>
        ) : (
          <>
            <label className="field">
              <span>Fine-tuning steps</span>
              <input value={values.finetune} onChange={set('finetune')} inputMode="numeric" />
            </label>
            <label className="field">
              <span>Storyboards continued</span>
              <input value={values.videos} onChange={set('videos')} inputMode="numeric" />
            </label>
          </>
        )}
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
      <p className="muted eval-estimate" data-testid="eval-estimate">
        {forecast === null || !Number.isFinite(forecast.seconds)
          ? 'No time estimate for these values.'
          : `About ${formatDuration(forecast.seconds)}${forecast.basis === 'project' ? ", from this project's last retrieval run at this scale" : ' on a 2-core CPU; much less on a GPU'}. Models already trained with the same data, scale and seed are reused.`}
      </p>
      {error && <ErrorNotice error={error} />}
      <button type="submit" className="primary" disabled={busy || chosen.length === 0}>
        {busy ? 'Preparing data…' : 'Start evaluation'}
      </button>
    </form>
  );
}
