/**
 * Choosing a project's model: the shipped default, a random stand-in (to try the whole pipeline
 * before a model is trained), models trained in the project, or any model folder on disk.
 */
import { useId } from 'react';
import type { CallOutput } from '../../../preload/api';
import { baseName } from './format';

type ModelRow = CallOutput<'models.list'>[number];

/** A model the project has registered (trained or imported). */
export interface ModelChoice {
  value: string;
  label: string;
}

/** Models every project can use; the random ones run every part of the app, but their frames mean nothing. */
export const BUILT_IN_MODELS: readonly ModelChoice[] = [
  { value: 'storyworld-tiny', label: 'Default: Storyworld tiny' },
  { value: 'random:tiny', label: 'Random tiny (pipeline test)' },
  { value: 'random:base', label: 'Random base (GPU pipeline test)' },
];

/**
 * The project's registered models as choices: finished runs' models, and models made of a stopped
 * run's checkpoint (Training → Runs), each named by its folder and preset.
 */
export function registeredModelChoices(models: readonly Pick<ModelRow, 'id' | 'kind' | 'path' | 'preset'>[]): ModelChoice[] {
  return models.map((m) => ({ value: String(m.id), label: `${m.kind === 'model' ? 'Trained' : 'Checkpoint'}: ${baseName(m.path)} (${m.preset})` }));
}

/** Whether a model id names a random stand-in (built in, nothing trained). */
export const isRandomStandIn = (modelId: string): boolean => modelId.startsWith('random:');

const FOLDER = '__folder__';

interface Props {
  value: string;
  onChange: (value: string) => void;
  registered?: readonly ModelChoice[];
  /** Leaves out the random stand-ins, where only trained weights make sense (scoring a model). */
  trainedOnly?: boolean;
}

export function ModelField({ value, onChange, registered = [], trainedOnly = false }: Props) {
  const id = useId();
  const builtIn = trainedOnly ? BUILT_IN_MODELS.filter((choice) => !isRandomStandIn(choice.value)) : BUILT_IN_MODELS;
  const choices = [...builtIn, ...registered];
  const isFolder = !choices.some((choice) => choice.value === value);
  return (
    <div className="field model-field">
      <label htmlFor={id}>Model</label>
      <select id={id} value={isFolder ? FOLDER : value} onChange={(event) => onChange(event.target.value === FOLDER ? '' : event.target.value)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
        <option value={FOLDER}>A model folder…</option>
      </select>
      {isFolder && (
        <input
          aria-label="Model folder"
          value={value}
          placeholder="/path/to/model (holds config.json)"
          onChange={(event) => onChange(event.target.value)}
          autoComplete="off"
        />
      )}
    </div>
  );
}
