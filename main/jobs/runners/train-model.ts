/**
 * Which network a training job trains. From scratch: a named preset (with the memory encoder and
 * rate asked for), sized to the data's frames and fps, with a caption vocabulary built from the
 * data's storyboards. From a checkpoint (`--from`): its own architecture, and its EMA weights
 * (the averaged weights a stage-1 run ships) as the starting point; the data must fit it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../data/index';
import { disposeCheckpoint, loadCheckpoint, type LoadedCheckpoint } from '../../engine/checkpoint/folder';
import type { WeightsSource } from '../../engine/checkpoint/assign';
import { validateConfig, type CompressionName, type MemoryVariant, type ModelConfig } from '../../engine/model/config';
import { ParamScope } from '../../engine/model/params';
import { PixelHead } from '../../engine/model/pixel-head';
import { buildVocabulary } from '../../engine/model/tokenizer';
import { presetConfig, type PresetName } from '../../engine/presets';
import { TrainError } from '../../engine/train/index';

/** What the user asked for; anything absent comes from the checkpoint or the preset. */
export interface ModelChoice {
  preset?: PresetName;
  memory?: CompressionName;
  encoder?: MemoryVariant;
  /** A training checkpoint or model folder to start from. */
  from?: string;
  /** With `from`: add the new-shot embedding where the checkpoint has none. */
  shotEmbedding?: boolean;
  /** With `from`: add window injection where the checkpoint has none. */
  windowInjection?: boolean;
  /** With `from`: add the window shortcut where the checkpoint has none. */
  windowShortcut?: boolean;
  /** With `from`: precondition G's output with the skip connection (FlowConfig.skipDataStd) where the checkpoint has none. */
  skipConnection?: boolean;
  /** With `from`: add a pixel head of this many channels where the checkpoint has none. */
  pixelHead?: number;
  /** With `from`: add the pixel head's gate of x_t (GeneratorConfig.pixelGate) where the checkpoint has none. */
  pixelGate?: boolean;
}

/** Seed of parts added to a checkpoint that need random starting weights (the trainer's default seed). */
const ADDED_PARTS_SEED = 1;

/** The skip connection's data RMS: EDM's 0.5, close to Storyworld's 0.56. */
const SKIP_DATA_STD = 0.5;

/** The model a job trains and the weights it starts from. */
export interface ResolvedModel {
  config: ModelConfig;
  initialWeights?: WeightsSource;
  /** Frees the starting weights once training has copied them. */
  release(): void;
}

/** Most words of a caption vocabulary built from training data. */
const VOCABULARY_SIZE = 512;

/** The EMA shadows of a training checkpoint as weights, or its plain weights for a model folder. */
function startingWeights(loaded: LoadedCheckpoint): Map<string, tf.Tensor> {
  const averaged = new Map<string, tf.Tensor>();
  for (const [name, tensor] of loaded.optimizer ?? []) if (name.startsWith('ema.')) averaged.set(name.slice('ema.'.length), tensor);
  return averaged.size === loaded.weights.size ? averaged : loaded.weights;
}

function checkDataFits(config: ModelConfig, datasets: readonly Dataset[]): void {
  for (const dataset of datasets) {
    const mismatch = dataset.formatMismatch(config.video);
    if (mismatch !== null) throw new TrainError('invalid_data', mismatch);
  }
}

function fromCheckpoint(choice: ModelChoice & { from: string }, datasets: readonly Dataset[]): ResolvedModel {
  const loaded = loadCheckpoint(choice.from);
  try {
    const config = loaded.config.architecture as unknown as ModelConfig;
    validateConfig(config);
    const asked: [string, unknown, unknown][] = [
      ['preset', choice.preset, config.preset], ['memory rate', choice.memory, config.memory.compression], ['encoder', choice.encoder, config.memory.variant],
    ];
    const conflicts = asked.filter(([, wanted, has]) => wanted !== undefined && wanted !== has);
    if (conflicts.length > 0) {
      throw new TrainError('invalid_config', `${choice.from} is a ${conflicts.map(([what, , has]) => `${what} ${String(has)}`).join(', ')} model, `
        + `not ${conflicts.map(([what, wanted]) => `${what} ${String(wanted)}`).join(', ')}`);
    }
    checkDataFits(config, datasets);
    const weights = startingWeights(loaded);
    return withAddedParts(config, weights, choice, () => disposeCheckpoint(loaded));
  } catch (error) {
    disposeCheckpoint(loaded);
    throw error;
  }
}

/**
 * A checkpoint's model with the parts asked for that it lacks: the new-shot embedding, window
 * injection, the window shortcut, the pixel head and its gate (each starts at zero, with a zero gate or with a
 * last layer at zero, so the first step computes exactly what the checkpoint did, and training
 * then learns what it is for) and the skip connection (no weights; equal to the checkpoint at
 * pure noise, to be fine-tuned at the lower noise levels).
 */
function withAddedParts(config: ModelConfig, weights: Map<string, tf.Tensor>, choice: ModelChoice, release: () => void): ResolvedModel {
  const d = config.generator.width;
  const { patch, channels } = config.video;
  const added = new Map<string, tf.Tensor>();
  const generator = { ...config.generator };
  if (choice.shotEmbedding === true && generator.shotEmbedding !== true) {
    added.set('generator.shotEmbedding', tf.zeros([2, d]));
    generator.shotEmbedding = true;
  }
  if (choice.windowInjection === true && generator.windowInjection !== true) {
    added.set('generator.windowInjection.weight', tf.zeros([patch * patch * channels, d]));
    added.set('generator.windowInjection.bias', tf.zeros([d]));
    generator.windowInjection = true;
  }
  if (choice.windowShortcut === true && generator.windowShortcut !== true) {
    const values = patch * patch * channels;
    added.set('generator.windowShortcut.map.weight', tf.eye(values));
    added.set('generator.windowShortcut.gate.weight', tf.zeros([d, 1]));
    added.set('generator.windowShortcut.gate.bias', tf.zeros([1]));
    generator.windowShortcut = true;
  }
  if (choice.pixelHead !== undefined && generator.pixelHead === undefined) {
    // Built as a fresh model would build it (same seeded names), then handed over as weights.
    const scope = new ParamScope(ADDED_PARTS_SEED, 'generator.pixelHead');
    new PixelHead(scope, channels, choice.pixelHead);
    for (const [name, variable] of scope.params()) added.set(`generator.pixelHead.${name}`, variable);
    generator.pixelHead = choice.pixelHead;
  }
  if (choice.pixelGate === true && generator.pixelGate !== true) {
    if (generator.pixelHead === undefined) throw new TrainError('invalid_config', 'the pixel gate needs a pixel head: add one with it (--pixel-head N) or start from a model that has one');
    // Zero, like the head's last convolution: the gated head computes what the ungated one did.
    added.set('generator.pixelHead.gate.filter', tf.zeros([3, 3, generator.pixelHead, 1]));
    added.set('generator.pixelHead.gate.bias', tf.zeros([1]));
    generator.pixelGate = true;
  }
  const flow = choice.skipConnection === true && config.flow.skipDataStd === undefined ? { ...config.flow, skipDataStd: SKIP_DATA_STD } : config.flow;
  if (added.size === 0 && flow === config.flow) return { config, initialWeights: { weights }, release };
  return {
    config: { ...config, generator, flow },
    initialWeights: { weights: new Map([...weights, ...added]) },
    release: () => {
      for (const tensor of added.values()) tensor.dispose();
      release();
    },
  };
}

/** The model config (and starting weights) of a job. Throws TrainError, CheckpointError or ModelError. */
export function resolveModel(choice: ModelChoice, datasets: readonly Dataset[], corpus: readonly string[]): ResolvedModel {
  if (choice.from !== undefined) return fromCheckpoint({ ...choice, from: choice.from }, datasets);
  const base = presetConfig(choice.preset ?? 'tiny');
  const first = datasets[0];
  if (!first) throw new TrainError('invalid_data', 'training needs at least one dataset');
  const { width, height, fps } = first.file;
  const config: ModelConfig = {
    ...base,
    video: { ...base.video, width, height, fps },
    text: { ...base.text, vocab: buildVocabulary(corpus, { maxSize: VOCABULARY_SIZE }) },
    memory: { ...base.memory, variant: choice.encoder ?? base.memory.variant, compression: choice.memory ?? base.memory.compression },
  };
  validateConfig(config);
  checkDataFits(config, datasets);
  return { config, release: () => undefined };
}
