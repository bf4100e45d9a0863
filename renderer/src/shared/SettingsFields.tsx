/** Labelled inputs for the chosen settings fields of a draft. */
import { useId, type ChangeEvent } from 'react';
import { ModelField, type ModelChoice } from './ModelField';
import { MEMORY_PRESETS, RESOLUTIONS, type Draft, type DraftKey } from './settings-draft';

const LABELS: Record<DraftKey, string> = {
  name: 'Name',
  durationSec: 'Duration (s)',
  fps: 'Frames per second',
  resolution: 'Resolution',
  modelId: 'Model',
  memoryPreset: 'Memory preset',
  seed: 'Seed',
  samplingSteps: 'Sampling steps',
  guidance: 'Guidance',
};

function choices(key: DraftKey, current: string): readonly string[] | undefined {
  if (key === 'memoryPreset') return MEMORY_PRESETS;
  if (key === 'resolution') return RESOLUTIONS.includes(current as (typeof RESOLUTIONS)[number]) ? RESOLUTIONS : [current, ...RESOLUTIONS];
  return undefined;
}

interface Props {
  draft: Draft;
  keys: readonly DraftKey[];
  onChange: (draft: Draft) => void;
  /** Placeholders, e.g. "random" for a blank seed. */
  hints?: Partial<Record<DraftKey, string>>;
  /** Models the project registered, offered beside the built-in ones. */
  models?: readonly ModelChoice[];
}

export function SettingsFields({ draft, keys, onChange, hints = {}, models }: Props) {
  const prefix = useId();
  const set = (key: DraftKey) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange({ ...draft, [key]: event.target.value });
  return (
    <div className="fields">
      {keys.map((key) => {
        if (key === 'modelId') {
          return <ModelField key={key} value={draft.modelId} registered={models} onChange={(modelId) => onChange({ ...draft, modelId })} />;
        }
        const options = choices(key, draft[key]);
        const id = `${prefix}-${key}`;
        return (
          <label key={key} htmlFor={id} className="field">
            <span>{LABELS[key]}</span>
            {options ? (
              <select id={id} value={draft[key]} onChange={set(key)}>
                {options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                value={draft[key]}
                onChange={set(key)}
                placeholder={hints[key]}
                inputMode={key === 'name' ? 'text' : 'decimal'}
                autoComplete="off"
              />
            )}
          </label>
        );
      })}
    </div>
  );
}
