/**
 * The models a model evaluation can score, listed as the project's model setting lists them
 * (shared/ModelField: the shipped default, the models trained in this project, a model folder),
 * with the preset each was trained from, which the time estimate needs.
 */
import { isRandomStandIn, registeredModelChoices, type ModelChoice } from '../../shared/ModelField';
import { useLoad } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { useSession } from '../project/session-context';

/** Model settings that mean the shipped default, trained from the `tiny` preset (`npm run train:default`). */
const DEFAULT_IDS: readonly string[] = ['default', 'storyworld-tiny'];

/** The project's trained models for ModelField, and what the form needs to know of a choice. */
export interface ModelChoices {
  registered: readonly ModelChoice[];
  /** The preset of a listed model or the default; null for a folder (read only when it runs) or a random stand-in. */
  presetOf(modelId: string): string | null;
  /** The project's own model (the shipped default while it uses a random stand-in): what the evaluation scores unless another is chosen. */
  initial: string;
}

export function useModelChoices(): ModelChoices {
  const session = useSession();
  const revision = useObservable(session.revision);
  const { modelId } = useObservable(session.settings);
  const [models] = useLoad(() => session.api.models.list({ projectId: session.projectId }), [session, revision]);
  const trained = models.state === 'ok' ? models.value : [];
  return {
    registered: registeredModelChoices(trained),
    presetOf: (id) => (DEFAULT_IDS.includes(id) ? 'tiny' : (trained.find((m) => String(m.id) === id)?.preset ?? null)),
    initial: isRandomStandIn(modelId) ? 'storyworld-tiny' : modelId,
  };
}
