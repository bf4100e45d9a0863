/**
 * Turns a training checkpoint into a model folder, the form the app generates with and ships:
 * config.json plus model.safetensors holding the EMA weights under the model's own names (no
 * optimizer, no loop state), with the manifest that guards every model folder.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CheckpointIo } from '../checkpoint/atomic';
import { CheckpointError } from '../checkpoint/errors';
import { disposeCheckpoint, loadCheckpoint, saveCheckpoint } from '../checkpoint/folder';
import { withSamplerSettings, type ModelConfig } from '../model/config';

/** The prefix of EMA shadows among a training checkpoint's optimizer tensors (optim/ema.ts). */
const EMA_PREFIX = 'ema.';

/** What to export. */
export interface ExportModelOptions {
  /** A training checkpoint folder (step-NNNNNN). */
  from: string;
  /** The model folder to write (replaced whole, atomically). */
  to: string;
  /** Scores to record in config.json; default: the checkpoint's own. */
  metrics?: Record<string, number>;
  /** Description of the training data; default: the checkpoint's own. */
  trainingData?: unknown;
  /**
   * The sampler stochasticity the model is to be sampled with (FlowConfig.sampleStochasticity):
   * a property of the weights, chosen by measuring their samples after training; default: the checkpoint's own.
   */
  sampleStochasticity?: number;
  io?: CheckpointIo;
}

/** What was exported. */
export interface ExportedModel {
  dir: string;
  preset: string;
  parameters: number;
}

/**
 * Writes the EMA weights of the checkpoint at `from` as a model folder at `to`. Throws
 * CheckpointError as loading and saving do, and 'invalid_input' when `from` has no EMA state.
 */
export async function exportModel(options: ExportModelOptions): Promise<ExportedModel> {
  const loaded = loadCheckpoint(options.from);
  try {
    const averaged = new Map<string, tf.Tensor>();
    for (const [name, tensor] of loaded.optimizer ?? []) if (name.startsWith(EMA_PREFIX)) averaged.set(name.slice(EMA_PREFIX.length), tensor);
    const missing = [...loaded.weights.keys()].filter((name) => !averaged.has(name));
    if (averaged.size === 0 || missing.length > 0) {
      throw new CheckpointError('invalid_input', `${options.from} holds no EMA weights for ${missing.length || loaded.weights.size} parameters; export a training checkpoint`, options.from);
    }
    const { config } = loaded;
    const { sampleStochasticity } = options;
    const architecture = sampleStochasticity === undefined ? config.architecture
      : withSamplerSettings(config.architecture as unknown as ModelConfig, { sampleStochasticity });
    await saveCheckpoint(options.to, {
      config: {
        preset: config.preset, architecture, vocabulary: config.vocabulary,
        trainingData: options.trainingData ?? config.trainingData ?? null, metrics: options.metrics ?? config.metrics,
      },
      weights: averaged,
    }, options.io ? { io: options.io } : {});
    let parameters = 0;
    for (const tensor of averaged.values()) parameters += tensor.size;
    return { dir: options.to, preset: config.preset, parameters };
  } finally {
    disposeCheckpoint(loaded);
  }
}
