/**
 * memory.*: the memory inspector, the budget dial and the fidelity strip. Inspecting needs the
 * engine's trained memory encoder, which arrives with issue 4; until then the call says so.
 */
import type { AreaServices } from './context';
import { ServiceError } from './errors';
import { queueJob } from './jobs';

/**
 * The budget forecast from the engine's own preset arithmetic (no tensors run). Loaded on first
 * use so that serving the app does not load tfjs until someone asks.
 */
async function budget(modelPreset: string, rate: '4x4x2' | '2x2x2' | '2x2x1', seconds: number) {
  const { estimateMemory, parsePresetName, presetConfig } = await import('../engine/presets');
  const { defaultWorkload, sequenceLayout } = await import('../engine/model/cost');
  const name = parsePresetName(modelPreset);
  const base = presetConfig(name);
  const config = { ...base, memory: { ...base.memory, compression: rate } };
  const historyFrames = Math.round(seconds * config.video.fps);
  const tokens = sequenceLayout(config, { ...defaultWorkload(config), historyFrames }).memory;
  const historyTokens = historyFrames * (config.video.height / config.video.patch) * (config.video.width / config.video.patch);
  const estimate = estimateMemory(name, { batch: 1, historySeconds: seconds, rate, mode: 'sample' });
  return { tokens, historyTokens, compressionRatio: tokens > 0 ? historyTokens / tokens : 0, estimatedBytes: estimate.totalBytes };
}

export const memory: AreaServices<'memory'> = {
  inspect() {
    throw new ServiceError('unavailable', 'the memory inspector needs a trained memory encoder, which arrives with issue 4');
  },
  budget: ({ modelPreset, memoryPreset, durationSec }) => budget(modelPreset, memoryPreset, durationSec),
  fidelityStrip: ({ projectId }, ctx) => queueJob(ctx, projectId, 'fidelity', {}),
};
