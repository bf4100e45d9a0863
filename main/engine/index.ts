/**
 * The neural engine's public surface: what main/jobs and the CLI import. Start with
 * initEngine() (backend + kernel overrides + gradients), then selfTest(); build a VideoModel
 * from a preset or a stored config; sample with the flow module; train through ./train.
 * Everything here uses tfjs-core and the engine's own files only (architecture.md).
 */
export * from './backend';
export * from './train';
export { selfTest, selfTestConfig, type SelfTestFailure } from './selftest';
export {
  checkFits, estimateMemory, MemoryBudgetError, parsePresetName, presetConfig, PRESET_NAMES,
  type MemoryEstimate, type MemoryEstimateInput, type PresetName,
} from './presets';

export {
  compressionBox, COMPRESSIONS, MEMORY_VARIANTS, validateConfig,
  type CompressionName, type FlowConfig, type GeneratorConfig, type MemoryConfig, type MemoryVariant, type ModelConfig,
  type TextConfig, type VideoConfig,
} from './model/config';
export { defaultWorkload, forwardFlops, parameterCount, sequenceLayout, type FlopBreakdown, type SequenceLayout, type Workload } from './model/cost';
export { ModelError, type ModelErrorCode } from './model/errors';
export type { CaptionEncoding } from './model/caption-encoder';
export type { Conditioning, WindowFrames } from './model/generator';
export { memoryGrid, memoryTokens, type MemoryBudgetInput, type MemoryGrid } from './model/memory/grid';
export type { MemoryEncoder, MemoryEncoding } from './model/memory/encoder';
export { disposeConditioning, VideoModel } from './model/model';
export { hashSeed } from './model/params';
export type { Position3 } from './model/rope';
export { buildVocabulary, Tokenizer } from './model/tokenizer';

export { CancelledError } from './flow/errors';
export { drawLossRandomness, flowLoss, type LossDraws } from './flow/loss';
export { sample, type SampleRequest, type SamplerOptions, type StepCallback } from './flow/sampler';
export { samplerTimes, sampleTrainingTimes, shiftTime, type RandomSource } from './flow/schedule';
export { taskExample, type ContinuationBatch, type RetrievalBatch, type TaskBatch, type TaskExample } from './flow/tasks';

export { assignWeights, weightDifferences } from './checkpoint/assign';
export { CheckpointError, type CheckpointErrorCode } from './checkpoint/errors';
export { disposeCheckpoint, loadCheckpoint, saveCheckpoint, verifyCheckpoint, type CheckpointContents, type LoadedCheckpoint } from './checkpoint/folder';
export { findLatestValidCheckpoint, saveRotatingCheckpoint } from './checkpoint/rotation';

export { framesFromTensor, meanFrame, MetricsError, type RgbFrame } from './metrics/frame';
export { highFrequencyError } from './metrics/high-frequency';
export { psnr, psnrInBoxes, type PixelBox } from './metrics/psnr';
export { ssim } from './metrics/ssim';

export { AdamW, type AdamWOptions } from './optim/adamw';
export { Ema } from './optim/ema';
export { OptimError } from './optim/errors';
export { clipGradsByGlobalNorm, computeGradients } from './optim/gradients';
export { Rng, type RngState } from './optim/rng';
export { learningRateAt, type CosineSchedule } from './optim/schedule';
