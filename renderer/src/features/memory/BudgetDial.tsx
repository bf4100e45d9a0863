/**
 * The memory budget dial: the three compression rates side by side with their memory tokens,
 * compression ratio, estimated peak memory and time per chunk for this project, computed before
 * anything runs. Choosing one saves it as the project's memory preset.
 */
import { useState } from 'react';
import { memoryPreset, type ApiError } from '../../../../preload/api';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { formatBytes, formatDuration } from '../../shared/format';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

const PRESETS = memoryPreset.options;
const DESCRIPTIONS: Record<(typeof PRESETS)[number], string> = {
  '4x4x2': 'Most compressed: long histories on small cards',
  '2x2x2': 'Balanced',
  '2x2x1': 'Finest detail, most memory',
};

export function BudgetDial() {
  const session = useSession();
  const settings = useObservable(session.settings);
  const model = useObservable(session.model);
  const opening = useObservable(session.footage).at(-1);
  // The memory holds the opening footage too: the forecast is of the whole history.
  const openingSec = opening ? opening.frameCount / opening.fps : 0;
  const historySec = settings.durationSec + openingSec;
  const [error, setError] = useState<ApiError | null>(null);
  const preset = model.state === 'ok' ? model.value.preset : null;
  const [forecasts] = useLoad(async () => {
    if (preset === null) return { ok: false as const, error: { code: 'loading', message: 'reading the model…' } };
    const answers = await Promise.all(PRESETS.map((rate) => session.api.memory.budget({
      modelPreset: preset, memoryPreset: rate, durationSec: historySec, samplingSteps: settings.samplingSteps, guidance: settings.guidance,
    })));
    const failed = answers.find((answer) => !answer.ok);
    if (failed && !failed.ok) return failed;
    return { ok: true as const, value: answers.map((answer) => (answer.ok ? answer.value : null)) };
  }, [session, preset, settings, historySec]);

  async function choose(rate: (typeof PRESETS)[number]) {
    const answer = await session.api.projects.updateSettings({ projectId: session.projectId, patch: { memoryPreset: rate } });
    if (!answer.ok) return setError(answer.error);
    setError(null);
    session.settingsSaved(answer.value);
  }

  return (
    <section className="panel" aria-labelledby="budget-title">
      <h2 id="budget-title">Memory budget</h2>
      <p className="muted panel-intro">
        The whole history ({openingSec > 0 ? `${openingSec.toFixed(1)} s of footage and ` : ''}{settings.durationSec} s of video) is compressed into memory tokens. Less compression keeps more detail and costs memory and time.
      </p>
      {forecasts.state === 'error' && <ErrorNotice error={forecasts.error} />}
      <div className="dial" role="radiogroup" aria-label="Memory budget">
        {PRESETS.map((rate, index) => {
          const forecast = forecasts.state === 'ok' ? forecasts.value[index] : null;
          const chosen = settings.memoryPreset === rate;
          return (
            <button key={rate} type="button" role="radio" aria-checked={chosen} className={`dial-option${chosen ? ' chosen' : ''}`} onClick={() => void choose(rate)}>
              <span className="dial-rate">{rate}</span>
              <span className="dial-note">{DESCRIPTIONS[rate]}</span>
              {forecast && (
                <span className="dial-figures">
                  <span>tokens</span>
                  <strong>{forecast.tokens.toLocaleString()}</strong>
                  <span>compression</span>
                  <strong>{forecast.compressionRatio.toFixed(0)}×</strong>
                  <span>memory</span>
                  <strong>{formatBytes(forecast.estimatedBytes)}</strong>
                  <span>per chunk</span>
                  <strong>
                    {formatDuration(forecast.secondsPerChunk)}
                    {forecast.timeBasis === 'assumed' ? '*' : ''}
                  </strong>
                </span>
              )}
            </button>
          );
        })}
      </div>
      {forecasts.state === 'ok' && forecasts.value.some((f) => f?.timeBasis === 'assumed') && (
        <p className="muted footnote">* estimated from a planning figure until a generation has run on this machine</p>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
