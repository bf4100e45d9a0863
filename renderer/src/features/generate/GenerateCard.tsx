/**
 * Starting a generation: the seed (the project's by default), the opening footage, what the
 * storyboard checks found, and the forecast of the memory budget (tokens and time) before it runs.
 */
import { useState, type FormEvent } from 'react';
import { validateStoryboard } from '../../editor/validation';
import { formatDuration } from '../../shared/format';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';
import { useTimelineFrame } from '../timeline/timeline-context';
import { startGeneration } from './generate-actions';

export function GenerateCard() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const model = useObservable(session.model);
  const footage = useObservable(session.footage);
  const { captions } = useObservable(session.editor);
  const frame = useTimelineFrame();
  const [seed, setSeed] = useState('');
  const [useFootage, setUseFootage] = useState(true);
  const [busy, setBusy] = useState(false);
  const preset = model.state === 'ok' ? model.value.preset : null;
  const opening = footage.at(-1);
  const [budget] = useLoad(
    async () => (preset === null ? { ok: false as const, error: { code: 'loading', message: 'reading the model…' } } : session.api.memory.budget({
      modelPreset: preset, memoryPreset: settings.memoryPreset, durationSec: settings.durationSec, samplingSteps: settings.samplingSteps, guidance: settings.guidance,
    })),
    [session, preset, settings],
  );
  const problems = validateStoryboard(captions, { chunkSec: frame.chunkSec ?? 0, durationSec: frame.durationSec });
  const seedValue = seed.trim() === '' ? undefined : Number(seed);
  const seedProblem = seedValue !== undefined && (!Number.isInteger(seedValue) || seedValue < 0 || seedValue > 0xffff_ffff);

  async function generate(event: FormEvent) {
    event.preventDefault();
    if (seedProblem) return;
    setBusy(true);
    await startGeneration(session, { ...(seedValue === undefined ? {} : { seed: seedValue }), ...(opening && !useFootage ? { footageId: null } : {}) });
    setBusy(false);
  }

  return (
    <section className="panel" aria-labelledby="generate-title">
      <h2 id="generate-title">Generate</h2>
      <form onSubmit={generate}>
        <div className="fields">
          <label className="field">
            <span>Seed</span>
            <input value={seed} onChange={(e) => setSeed(e.target.value)} placeholder={`project seed ${settings.seed}`} inputMode="numeric" aria-invalid={seedProblem} />
          </label>
          <label className="field">
            <span>Opening memory</span>
            <select value={opening && useFootage ? 'footage' : 'none'} onChange={(e) => setUseFootage(e.target.value === 'footage')} disabled={!opening}>
              {opening && <option value="footage">Footage ({(opening.frameCount / opening.fps).toFixed(1)} s)</option>}
              <option value="none">None</option>
            </select>
          </label>
        </div>
        {seedProblem && <p className="inline-problem">The seed is a whole number from 0 to 4294967295, or blank for the project's.</p>}
        <p className="forecast">
          {settings.durationSec} s at {model.state === 'ok' ? `${model.value.fps} fps` : '…'} · {settings.samplingSteps} steps · memory {settings.memoryPreset}
          {budget.state === 'ok' && (
            <>
              {' · '}about <strong>{formatDuration(budget.value.totalSeconds)}</strong> ({formatDuration(budget.value.secondsPerChunk)} a chunk,{' '}
              {budget.value.timeBasis === 'measured' ? 'measured here' : 'estimated'})
            </>
          )}
        </p>
        {captions.length === 0 && <p className="warning-text">The storyboard is empty: the model generates without captions.</p>}
        {problems.length > 0 && <p className="warning-text">{problems.length} storyboard check{problems.length === 1 ? '' : 's'} failed (see Storyboard); you can still generate.</p>}
        <button type="submit" className="primary large" disabled={busy || seedProblem} title="Generate (Ctrl+Enter)">
          {busy ? 'Queuing…' : 'Generate video'}
        </button>
      </form>
    </section>
  );
}
