/**
 * From a project's model setting to a ready VideoModel. The setting names, in this order:
 *   - a registered model (its id or its path, see main/project/models.ts),
 *   - 'default' (or the settings' own default 'storyworld-tiny'): the shipped model in
 *     assets/models/default when it exists, else a seeded, randomly initialised `tiny` model with
 *     a warning (its frames mean nothing, but every part of the app runs),
 *   - 'random:PRESET': that random model on purpose (benchmarks, tests of the plumbing),
 *   - a checkpoint folder, absolute or relative to the project folder.
 * The memory budget is the project's: a model trained at another compression rate has HR-branch
 * weights of other shapes, which is refused as 'model_mismatch' naming both rates.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignWeights } from '../../engine/checkpoint/assign';
import { CheckpointError } from '../../engine/checkpoint/errors';
import { disposeCheckpoint, loadCheckpoint } from '../../engine/checkpoint/folder';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { validateConfig, type CompressionName, type ModelConfig } from '../../engine/model/config';
import { VideoModel } from '../../engine/model/model';
import { PRESET_NAMES, presetConfig, type PresetName } from '../../engine/presets';
import { listModels, type Db } from '../../project/index';
import { GenerationError } from './errors';

/** The shipped default model's folder (issue 4 trains it). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../assets/models/default', import.meta.url));
/** Model settings that mean "the shipped default". */
export const DEFAULT_MODEL_IDS: readonly string[] = ['default', 'storyworld-tiny'];
/** The seed of every random stand-in model, so one setting always means one network. */
const RANDOM_MODEL_SEED = 1;

/** Where a model's weights come from. */
export type ModelSource =
  | { kind: 'checkpoint'; dir: string }
  | { kind: 'random'; preset: PresetName; seed: number; reason: string | null };

/** What was loaded, as provenance records it. */
export interface ModelDescription {
  source: ModelSource['kind'];
  /** The checkpoint folder, or null for a random model. */
  path: string | null;
  preset: string;
  /** sha256 of model.safetensors, or null for a random model. */
  sha256: string | null;
}

/** A model ready to generate, with what it is and anything the user should be told. */
export interface LoadedModel {
  model: VideoModel;
  config: ModelConfig;
  description: ModelDescription;
  warnings: string[];
}

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

/** A checkpoint's architecture as a ModelConfig; anything else is 'invalid_model'. */
function architectureOf(architecture: Record<string, unknown>, dir: string): ModelConfig {
  const sections = ['video', 'text', 'generator', 'memory', 'flow'];
  const missing = sections.filter((key) => typeof architecture[key] !== 'object' || architecture[key] === null);
  if (missing.length > 0) {
    throw new GenerationError('invalid_model', `${dir} is not a generation model: its config lacks ${missing.join(', ')}`);
  }
  const config = architecture as unknown as ModelConfig;
  try {
    validateConfig(config);
  } catch (error) {
    throw new GenerationError('invalid_model', `${dir}: ${(error as Error).message}`, { cause: error });
  }
  return config;
}

const withRate = (config: ModelConfig, rate: CompressionName): ModelConfig => ({ ...config, memory: { ...config.memory, compression: rate } });

function loadCheckpointModel(dir: string, rate: CompressionName): LoadedModel {
  const loaded = loadCheckpoint(dir);
  try {
    const trained = architectureOf(loaded.config.architecture, dir);
    const config = withRate(trained, rate);
    const model = new VideoModel(config, RANDOM_MODEL_SEED);
    try {
      assignWeights(model.params(), loaded);
    } catch (error) {
      model.dispose();
      if (error instanceof CheckpointError && error.code === 'architecture_mismatch') {
        throw new GenerationError('model_mismatch', `the model in ${dir} was trained with ${trained.memory.compression} memory `
          + `and cannot run at ${rate}: set the project's memory budget to ${trained.memory.compression} or choose another model`, { cause: error });
      }
      throw error;
    }
    const warnings = trained.memory.compression === rate ? [] : [`the model was trained at ${trained.memory.compression}; running it at ${rate}`];
    const sha256 = createHash('sha256').update(readFileSync(join(dir, CHECKPOINT_FILES.model))).digest('hex');
    return { model, config, description: { source: 'checkpoint', path: dir, preset: loaded.config.preset, sha256 }, warnings };
  } finally {
    disposeCheckpoint(loaded);
  }
}

/** Builds the model of a source at the project's memory rate. The caller disposes `model`. */
export function loadGenerationModel(source: ModelSource, rate: CompressionName): LoadedModel {
  switch (source.kind) {
    case 'checkpoint':
      return loadCheckpointModel(source.dir, rate);
    case 'random': {
      const config = withRate(presetConfig(source.preset), rate);
      const model = new VideoModel(config, source.seed);
      const description: ModelDescription = { source: 'random', path: null, preset: source.preset, sha256: null };
      return { model, config, description, warnings: source.reason === null ? [] : [source.reason] };
    }
  }
}

/** A key that changes when the source's weights on disk change (for caches of loaded models). */
export function sourceKey(source: ModelSource, rate: CompressionName): string {
  switch (source.kind) {
    case 'checkpoint': {
      const stat = statSync(join(source.dir, CHECKPOINT_FILES.model), { throwIfNoEntry: false });
      return JSON.stringify([source.dir, rate, stat?.mtimeMs ?? 0, stat?.size ?? 0]);
    }
    case 'random':
      return JSON.stringify([source.preset, source.seed, rate]);
  }
}
