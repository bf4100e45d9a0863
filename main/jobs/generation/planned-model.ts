/**
 * Which weights a model setting means, pinned without loading them. The setting names, in order:
 *   - a registered model (its id or its path, see main/project/models.ts),
 *   - 'default' (or the settings' own default 'storyworld-tiny'): the shipped model in
 *     assets/models/default when it exists, else a seeded, randomly initialised `tiny` model with
 *     a warning (its frames mean nothing, but every part of the app runs),
 *   - 'random:PRESET': that random model on purpose (benchmarks, tests of the plumbing),
 *   - a checkpoint folder, absolute or relative to the project folder.
 *
 * A run records the pinned model in its plan when it is created: the folder, its preset and the
 * sha256 of its weights (as the folder's manifest lists them, so pinning reads two small files
 * and no tensors, and the service layer can do it). Generation then loads exactly those weights
 * and refuses others (model-source.ts), and export names them: a model retrained after a take
 * began can neither continue that take nor be credited with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { decodeConfig } from '../../engine/checkpoint/config';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { PRESET_NAMES, type PresetName } from '../../engine/presets';
import { listModels, type Db } from '../../project/index';
import { GenerationError } from './errors';

/** The shipped default model's folder (issue 4 trains it). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../assets/models/default', import.meta.url));
/** Model settings that mean "the shipped default". */
export const DEFAULT_MODEL_IDS: readonly string[] = ['default', 'storyworld-tiny'];
/** The seed of every random stand-in model, so one setting always means one network. */
export const RANDOM_MODEL_SEED = 1;

/** Where a model's weights come from. */
export type ModelSource =
  | { kind: 'checkpoint'; dir: string }
  | { kind: 'random'; preset: PresetName; seed: number; reason: string | null };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A model as a run's plan records it (see the file comment). */
export const plannedModelSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('checkpoint'), path: z.string().min(1), preset: z.string().min(1), sha256: hex64 }),
  z.strictObject({
    source: z.literal('random'), preset: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]), seed: z.int(),
    /** Why a random model stands in (the default is not installed), or null when it was asked for. */
    reason: z.string().nullable(),
  }),
]);
/** A model as a run's plan records it. */
export type PlannedModel = z.output<typeof plannedModelSchema>;

const isCheckpointDir = (dir: string): boolean => existsSync(join(dir, CHECKPOINT_FILES.config));

/** Resolves a project's model setting (see the file comment); throws 'model_not_found'. */
export function resolveModelSource(db: Db, projectPath: string, modelId: string): ModelSource {
  const registered = listModels(db).find((m) => String(m.id) === modelId || m.path === modelId);
  if (registered) return { kind: 'checkpoint', dir: resolve(projectPath, registered.path) };
  if (DEFAULT_MODEL_IDS.includes(modelId)) {
    if (isCheckpointDir(DEFAULT_MODEL_DIR)) return { kind: 'checkpoint', dir: DEFAULT_MODEL_DIR };
    const reason = `the default model is not installed (${DEFAULT_MODEL_DIR} has no ${CHECKPOINT_FILES.config}): `
      + 'generating with a randomly initialised tiny model, whose frames mean nothing';
    return { kind: 'random', preset: 'tiny', seed: RANDOM_MODEL_SEED, reason };
  }
  const random = /^random:(.+)$/.exec(modelId)?.[1];
  if (random !== undefined) {
    const preset = PRESET_NAMES.find((name) => name === random);
    if (preset) return { kind: 'random', preset, seed: RANDOM_MODEL_SEED, reason: null };
  }
  const dir = isAbsolute(modelId) ? modelId : resolve(projectPath, modelId);
  if (isCheckpointDir(dir)) return { kind: 'checkpoint', dir };
  throw new GenerationError('model_not_found', `the model '${modelId}' is neither a registered model, 'default', `
    + `'random:${PRESET_NAMES.join('|')}' nor a model folder`);
}

const manifestSchema = z.object({ files: z.array(z.object({ name: z.string(), sha256: hex64 })) });

/** The sha256 a checkpoint folder's manifest lists for its weights. */
function manifestWeightsHash(dir: string): string {
  try {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, CHECKPOINT_FILES.manifest), 'utf8')));
    const weights = manifest.files.find((file) => file.name === CHECKPOINT_FILES.model);
    if (weights) return weights.sha256;
  } catch (error) {
    throw new GenerationError('invalid_model', `${dir} has no readable ${CHECKPOINT_FILES.manifest}: it is not a complete model folder`, { cause: error });
  }
  throw new GenerationError('invalid_model', `the ${CHECKPOINT_FILES.manifest} of ${dir} lists no ${CHECKPOINT_FILES.model}`);
}

type PlannedCheckpoint = Extract<PlannedModel, { source: 'checkpoint' }>;

function pinCheckpoint(dir: string): PlannedCheckpoint {
  const configFile = join(dir, CHECKPOINT_FILES.config);
  let preset: string;
  try {
    preset = decodeConfig(readFileSync(configFile), configFile).preset;
  } catch (error) {
    throw new GenerationError('invalid_model', `${dir} is not a usable model folder: ${(error as Error).message}`, { cause: error });
  }
  return { source: 'checkpoint', path: dir, preset, sha256: manifestWeightsHash(dir) };
}

/** Pins a source to the weights it holds now (reads the folder's config and manifest only). */
export function pinModel(source: ModelSource): PlannedModel {
  switch (source.kind) {
    case 'checkpoint':
      return pinCheckpoint(source.dir);
    case 'random':
      return { source: 'random', preset: source.preset, seed: source.seed, reason: source.reason };
  }
}

/** Where a planned model's weights are loaded from. */
export function plannedSource(model: PlannedModel): ModelSource {
  switch (model.source) {
    case 'checkpoint':
      return { kind: 'checkpoint', dir: model.path };
    case 'random':
      return { kind: 'random', preset: model.preset, seed: model.seed, reason: model.reason };
  }
}

/** A planned model in a few words, for messages. */
export function describePlannedModel(model: PlannedModel): string {
  switch (model.source) {
    case 'checkpoint':
      return `${model.path} (weights sha256 ${model.sha256.slice(0, 12)})`;
    case 'random':
      return `a random ${model.preset} model (seed ${model.seed})`;
  }
}

/** What makes a planned model the weights it is. */
const weightsOf = (model: PlannedModel): unknown[] =>
  model.source === 'checkpoint' ? [model.source, model.path, model.sha256] : [model.source, model.preset, model.seed];

/** True when two planned models are the same weights. */
export function samePlannedModel(a: PlannedModel, b: PlannedModel): boolean {
  return JSON.stringify(weightsOf(a)) === JSON.stringify(weightsOf(b));
}

/**
 * What changed about a planned model's weights on disk since it was pinned, in words, or null
 * when they are still there (a random model never changes). Reads small files only; generation
 * itself checks the hash of the very bytes it loads.
 */
export function plannedModelChange(model: PlannedModel): string | null {
  if (model.source === 'random') return null;
  let now: PlannedCheckpoint;
  try {
    now = pinCheckpoint(model.path);
  } catch (error) {
    return `the model ${model.path} can no longer be read (${(error as Error).message})`;
  }
  return now.sha256 === model.sha256 ? null
    : `the weights in ${model.path} changed (sha256 ${model.sha256.slice(0, 12)} then, ${now.sha256.slice(0, 12)} now)`;
}
