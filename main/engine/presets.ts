/**
 * Named model presets and the memory estimate shown before a job starts.
 * - `tiny`: the shipped default, sized for training on a 2-core CPU through wasm: 64x64 RGB at
 *   8 fps, 8x8 patches (64 tokens a frame), chunks of 2 frames, 10 s of history at 4x4x2 (160
 *   memory tokens), D = 128, 6 blocks; about 1.5 GFLOP forward per sample (cost.ts).
 * - `base`: for a 12 GB RTX card through tfjs-node-gpu in float32: 256x144 at 8 fps, 16x16
 *   patches (144 tokens a frame), chunks of 4 frames, 20 s of history, D = 512, 12 blocks.
 * Both start with the character-only vocabulary; training replaces it with one built from its
 * caption corpus (buildVocabulary), and the config carries it into the checkpoint.
 */
import {
  compressionBox, validateConfig, type CompressionName, type GeneratorConfig, type MemoryConfig, type ModelConfig, type TextConfig, type VideoConfig,
} from './model/config';
import { defaultWorkload, parameterCount, sequenceLayout } from './model/cost';
import { ModelError } from './model/errors';
import { buildVocabulary } from './model/tokenizer';

/** Names of the built-in presets. */
export type PresetName = 'tiny' | 'base';

/** Every built-in preset name. */
export const PRESET_NAMES: readonly PresetName[] = ['tiny', 'base'];

/** What sets the presets apart; frame rate, memory rate, MLP ratio, RoPE bases and flow settings they share. */
interface PresetSizes {
  video: Pick<VideoConfig, 'width' | 'height' | 'patch' | 'chunkFrames'>;
  text: Pick<TextConfig, 'maxLength' | 'width' | 'depth'>;
  generator: Pick<GeneratorConfig, 'width' | 'depth' | 'heads' | 'windowFrames'>;
  memory: Pick<MemoryConfig, 'historySeconds' | 'hrChannels' | 'hrHeads'>;
}

const SIZES: Record<PresetName, PresetSizes> = {
  tiny: {
    video: { width: 64, height: 64, patch: 8, chunkFrames: 2 }, text: { maxLength: 24, width: 128, depth: 2 },
    generator: { width: 128, depth: 6, heads: 4, windowFrames: 1 }, memory: { historySeconds: 10, hrChannels: [64, 128, 128], hrHeads: 2 },
  },
  base: {
    video: { width: 256, height: 144, patch: 16, chunkFrames: 4 }, text: { maxLength: 48, width: 256, depth: 4 },
    generator: { width: 512, depth: 12, heads: 8, windowFrames: 2 }, memory: { historySeconds: 20, hrChannels: [128, 256, 512], hrHeads: 8 },
  },
};

/** A fresh copy of a named preset's config (callers may edit it). */
export function presetConfig(name: PresetName): ModelConfig {
  const { video, text, generator, memory } = SIZES[name];
  // Keys in the order checkpoints have always stored them.
  const config: ModelConfig = {
    formatVersion: 1, preset: name,
    video: { width: video.width, height: video.height, channels: 3, fps: 8, patch: video.patch, chunkFrames: video.chunkFrames },
    text: { vocab: buildVocabulary([], { maxSize: 64 }), maxLength: text.maxLength, width: text.width, depth: text.depth, heads: 4 },
    generator: {
      width: generator.width, depth: generator.depth, heads: generator.heads, mlpRatio: 4, windowFrames: generator.windowFrames,
      ropeTimeBase: 10000, ropeSpaceBase: 100,
    },
    memory: { variant: 'pfp', compression: '4x4x2', historySeconds: memory.historySeconds, hrChannels: [...memory.hrChannels], hrHeads: memory.hrHeads },
    flow: { tMean: 0, tStd: 1, trainShift: 3, sampleShift: 3, sampleSteps: 8, guidance: 1.5, captionDropout: 0.1 },
  };
  validateConfig(config);
  return config;
}

/** What a job will run: batch size, history length, compression, and whether it trains. */
export interface MemoryEstimateInput {
  batch: number;
  historySeconds: number;
  rate: CompressionName;
  /** `train` keeps activations for the backward pass and optimizer state; default `sample`. */
  mode?: 'sample' | 'train';
}

/** Estimated bytes (float32) of a job, by kind. */
export interface MemoryEstimate {
  weightsBytes: number;
  activationBytes: number;
  attentionBytes: number;
  totalBytes: number;
}

/** Floats a transformer block keeps per token and width unit while training (inputs of each product, norms, MLP hidden). */
const SAVED_PER_TOKEN = 14;

/**
 * An upper-end estimate of peak memory. Sampling holds one block's working set at a time, for
 * the conditional and unconditional pass together; training keeps every block's activations and
 * attention maps for the backward pass, plus gradients and AdamW's two moments (4x the weights).
 */
export function estimateMemory(preset: PresetName | ModelConfig, input: MemoryEstimateInput): MemoryEstimate {
  const base = typeof preset === 'string' ? presetConfig(preset) : preset;
  const config: ModelConfig = { ...base, memory: { ...base.memory, compression: input.rate } };
  const training = input.mode === 'train';
  const workload = { ...defaultWorkload(config), historyFrames: Math.round(input.historySeconds * config.video.fps) };
  const layout = sequenceLayout(config, workload);
  const { width: d, depth, heads, mlpRatio } = config.generator;
  const rows = input.batch * (training || config.flow.guidance === 1 ? 1 : 2);
  const blocksHeld = training ? depth : 1;
  const perToken = SAVED_PER_TOKEN + 2 * mlpRatio;
  const historyPixels = workload.historyFrames * config.video.width * config.video.height * config.video.channels;
  const hrFirst = config.memory.hrChannels[0] ?? 0;
  const box = compressionBox(input.rate);
  // The HR branch's first stage holds one vector per generator token of the (padded) history.
  const hrTokens = layout.memory * box.t * box.h * box.w;
  const memoryActivations = input.batch * (historyPixels * 2 + hrTokens * hrFirst * (training ? 3 : 1));
  const weightsBytes = 4 * parameterCount(config) * (training ? 4 : 1);
  const activationBytes = 4 * (rows * layout.total * d * perToken * blocksHeld + memoryActivations);
  const attentionBytes = 4 * rows * heads * layout.total * layout.total * 2 * blocksHeld;
  return { weightsBytes, activationBytes, attentionBytes, totalBytes: weightsBytes + activationBytes + attentionBytes };
}

/** Why a job cannot run in the memory it has. */
export class MemoryBudgetError extends Error {
  override readonly name = 'MemoryBudgetError';
  readonly code = 'insufficient_memory';

  constructor(message: string, readonly neededBytes: number, readonly availableBytes: number) {
    super(message);
  }
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** Throws MemoryBudgetError, naming the largest part, when the estimate exceeds `availableBytes`. */
export function checkFits(estimate: MemoryEstimate, availableBytes: number): void {
  if (estimate.totalBytes <= availableBytes) return;
  const parts: [string, number][] = [
    ['weights', estimate.weightsBytes], ['activations', estimate.activationBytes], ['attention maps', estimate.attentionBytes],
  ];
  const [largest] = parts.sort((a, b) => b[1] - a[1]);
  throw new MemoryBudgetError(
    `this job needs about ${gib(estimate.totalBytes)} but only ${gib(availableBytes)} is available `
    + `(largest part: ${largest?.[0]} ${gib(largest?.[1] ?? 0)}); lower the batch size, the history length or the memory rate`,
    estimate.totalBytes, availableBytes,
  );
}

/** Throws an `invalid_config` ModelError unless `name` is a preset name. */
export function parsePresetName(name: string): PresetName {
  const found = PRESET_NAMES.find((preset) => preset === name);
  if (found === undefined) throw new ModelError('invalid_config', `unknown preset '${name}' (known: ${PRESET_NAMES.join(', ')})`);
  return found;
}
