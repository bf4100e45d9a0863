/**
 * Starting a training job: what to train on (the project's footage or generated Storyworld
 * videos), which stage (pretraining the memory encoder by frame retrieval, which needs no
 * captions; or fine-tuning the generator on captioned clips), the preset, steps and seed.
 */
import { useState, type FormEvent } from 'react';
import type { CallInput } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useObservable } from '../../shared/use-observable';
import { useJobStart } from '../jobs/use-job-start';
import type { Footage } from '../project/project-session';
import { useSession } from '../project/session-context';

type Start = CallInput<'training.start'>;

const STAGES: Record<Start['stage'], string> = {
  pretrain: 'Pretrain memory: learn to retrieve any past frame (no captions needed)',
  finetune: 'Fine-tune generator: continue captioned clips from their memory',
};

/**
 * The footage choice in words: how many clips, and how each is captioned for fine-tuning (its own
 * caption from the footage panel, else the storyboard's opening captions).
 */
function footageCaptions(footage: readonly Footage[]): string {
  const clips = `${footage.length} clip${footage.length === 1 ? '' : 's'}`;
  const captioned = footage.filter((clip) => clip.caption !== '').length;
  if (footage.length > 0 && captioned === footage.length) return `${clips}, each with its caption`;
  if (captioned === 0) return `${clips}, storyboard as captions`;
  return `${clips}, ${captioned} with its own caption, the rest with the storyboard's`;
}

export function TrainingForm() {
  const session = useSession();
  const footage = useObservable(session.footage);
  // Until the user picks, the data follows the footage: it may arrive after the form opens (an
  // import still running, the list still loading), and then the project's own clips are the choice.
  const [picked, setData] = useState<NonNullable<Start['data']> | null>(null);
  const data = picked ?? (footage.length > 0 ? 'footage' : 'storyworld');
  const [stage, setStage] = useState<Start['stage']>('pretrain');
  const [preset, setPreset] = useState('tiny');
  const [steps, setSteps] = useState('200');
  const [seed, setSeed] = useState('');
  const { error, setError, busy, queue } = useJobStart();

  async function start(event: FormEvent) {
    event.preventDefault();
    const stepCount = Number(steps);
    if (!Number.isInteger(stepCount) || stepCount < 1) return setError({ code: 'invalid_input', message: 'Steps is a whole number of optimizer steps, e.g. 200' });
    if (data === 'footage' && footage.length === 0) return setError({ code: 'invalid_input', message: 'This project has no footage: import a clip in Storyboard, or train on Storyworld' });
    await queue(session.api.training.start({
      projectId: session.projectId, stage, modelPreset: preset, steps: stepCount, data, ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
    }));
  }

  return (
    <section className="panel" aria-labelledby="train-title">
      <h2 id="train-title">Train</h2>
      <form onSubmit={start}>
        <fieldset className="choice-list">
          <legend>Data</legend>
          <label>
            <input type="radio" name="data" checked={data === 'footage'} onChange={() => setData('footage')} disabled={footage.length === 0} />
            Project footage ({footageCaptions(footage)})
          </label>
          <label>
            <input type="radio" name="data" checked={data === 'storyworld'} onChange={() => setData('storyworld')} />
            Storyworld (generated videos with exact ground truth)
          </label>
        </fieldset>
        <fieldset className="choice-list">
          <legend>Stage</legend>
          {(Object.keys(STAGES) as Start['stage'][]).map((value) => (
            <label key={value}>
              <input type="radio" name="stage" checked={stage === value} onChange={() => setStage(value)} />
              {STAGES[value]}
            </label>
          ))}
        </fieldset>
        <div className="fields three">
          <label className="field">
            <span>Preset</span>
            <select value={preset} onChange={(e) => setPreset(e.target.value)}>
              <option value="tiny">tiny (CPU)</option>
              <option value="base">base (GPU)</option>
            </select>
          </label>
          <label className="field">
            <span>Steps</span>
            <input value={steps} onChange={(e) => setSteps(e.target.value)} inputMode="numeric" />
          </label>
          <label className="field">
            <span>Seed</span>
            <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="project seed" inputMode="numeric" />
          </label>
        </div>
        {error && <ErrorNotice error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Preparing data…' : 'Start training'}
        </button>
      </form>
    </section>
  );
}
