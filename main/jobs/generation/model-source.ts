/**
 * From a model source to a ready VideoModel, and from a run's planned model (planned-model.ts) to
 * exactly the weights it names: a checkpoint whose weights no longer hash to what the plan
 * recorded is refused as 'model_changed', so a resumed take never continues with other weights.
 * The memory budget is the project's: a model trained at another compression rate has HR-branch
 * weights of other shapes, which is refused as 'model_mismatch' naming both rates.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assignWeights } from '../../engine/checkpoint/assign';
import { CheckpointError } from '../../engine/checkpoint/errors';
import { disposeCheckpoint, loadCheckpoint } from '../../engine/checkpoint/folder';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { validateConfig, type CompressionName, type ModelConfig } from '../../engine/model/config';
import { VideoModel } from '../../engine/model/model';
import { presetConfig } from '../../engine/presets';
import { GenerationError } from './errors';
import { describePlannedModel, plannedSource, RANDOM_MODEL_SEED, type ModelSource, type PlannedModel } from './planned-model';

export { DEFAULT_MODEL_DIR, DEFAULT_MODEL_IDS, resolveModelSource, type ModelSource } from './planned-model';

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

/**
 * Loads exactly the weights a run's plan recorded. A checkpoint is hashed after loading (the
 * bytes on disk may be replaced at any moment, e.g. by a training run saving a newer model), and
 * other weights than the plan's are refused with 'model_changed'. The caller disposes `model`.
 */
export function loadPlannedModel(planned: PlannedModel, rate: CompressionName): LoadedModel {
  let loaded: LoadedModel;
  try {
    loaded = loadGenerationModel(plannedSource(planned), rate);
  } catch (error) {
    if (!(error instanceof CheckpointError && error.code === 'not_found')) throw error;
    throw new GenerationError('model_changed', `the model this run was made with, ${describePlannedModel(planned)}, is no longer there: `
      + 'restore it to continue, or start a new generation with the model the project names now', { cause: error });
  }
  if (planned.source === 'checkpoint' && loaded.description.sha256 !== planned.sha256) {
    loaded.model.dispose();
    throw new GenerationError('model_changed', `the weights in ${planned.path} changed after this run was made (sha256 `
      + `${planned.sha256.slice(0, 12)} then, ${loaded.description.sha256?.slice(0, 12) ?? 'none'} now): a run only ever continues with `
      + 'the weights it began with, so restore them, or start a new generation to use the new ones');
  }
  return loaded;
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
