/**
 * The memory-budget dial's forecast for a preset and rate, before anything runs: memory tokens
 * of the whole duration and the uncompressed tokens they stand for, the estimated peak memory of
 * sampling (presets.estimateMemory), and the time per chunk from counted FLOPs over the newest
 * measured rate (rates.ts; engine.md's planning figure until a job has run).
 */
import type { CompressionName } from '../../engine/model/config';
import { defaultWorkload, sequenceLayout } from '../../engine/model/cost';
import { estimateMemory, parsePresetName, presetConfig } from '../../engine/presets';
import { chunkCount } from '../generation/plan';
import { ASSUMED_FLOPS_PER_SECOND, chunkFlops, newestMeasuredRate } from '../generation/rates';

/** What the dial asks about. */
export interface BudgetInput {
  modelPreset: string;
  memoryPreset: CompressionName;
  durationSec: number;
  /** Sampler steps and guidance of the forecast; the preset's defaults when absent. */
  samplingSteps?: number;
  guidance?: number;
}

/** The forecast. */
export interface MemoryBudget {
  tokens: number;
  historyTokens: number;
  compressionRatio: number;
  estimatedBytes: number;
  /** Average time of one chunk over the whole video (memory grows as it goes). */
  secondsPerChunk: number;
  totalSeconds: number;
  /** 'measured': from this machine's last generation; 'assumed': from engine.md's planning figure. */
  timeBasis: 'measured' | 'assumed';
}

/** Forecasts a generation of `durationSec` with a preset at a memory rate. */
export function memoryBudget(input: BudgetInput): MemoryBudget {
  const name = parsePresetName(input.modelPreset);
  const base = presetConfig(name);
  const config = { ...base, memory: { ...base.memory, compression: input.memoryPreset } };
  const { video } = config;
  const historyFrames = Math.round(input.durationSec * video.fps);
  const tokens = sequenceLayout(config, { ...defaultWorkload(config), historyFrames }).memory;
  const historyTokens = historyFrames * (video.height / video.patch) * (video.width / video.patch);
  const estimate = estimateMemory(config, { batch: 1, historySeconds: input.durationSec, rate: input.memoryPreset, mode: 'sample' });
  const steps = input.samplingSteps ?? config.flow.sampleSteps;
  const guidance = input.guidance ?? config.flow.guidance;
  const chunks = chunkCount(input, video);
  let flops = 0;
  for (let k = 0; k < chunks; k++) flops += chunkFlops(config, k * video.chunkFrames, steps, guidance).total;
  const measured = newestMeasuredRate();
  const rate = measured?.flopsPerSecond ?? ASSUMED_FLOPS_PER_SECOND;
  const totalSeconds = flops / rate;
  return {
    tokens, historyTokens, compressionRatio: tokens > 0 ? historyTokens / tokens : 0, estimatedBytes: estimate.totalBytes,
    secondsPerChunk: totalSeconds / chunks, totalSeconds, timeBasis: measured ? 'measured' : 'assumed',
  };
}
