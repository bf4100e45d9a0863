/**
 * The params of a 'train' job and what follows from them (its run folder, the job options),
 * apart from the runner so the CLI can use them without registering a runner.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { COMPRESSIONS, MEMORY_VARIANTS } from '../../engine/model/config';
import { parsePresetName } from '../../engine/presets';
import { TRAINING_STAGES } from '../../engine/train/index';
import { TRAINING_DIR } from '../../project/index';
import type { TrainJobOptions } from './train-job';

/** Params of a 'train' job: the API's (stage, modelPreset, steps, seed) plus the CLI's options. */
export const trainParamsSchema = z.strictObject({
  stage: z.enum(TRAINING_STAGES),
  modelPreset: z.string().optional(),
  steps: z.number().int().positive(),
  seed: z.number().int().nonnegative().optional(),
  /** Dataset folders; default: the project's imported footage. */
  data: z.array(z.string().min(1)).min(1).optional(),
  from: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  batch: z.number().int().positive().optional(),
  lr: z.number().positive().optional(),
  retrievalMix: z.number().min(0).lt(1).optional(),
  openingMix: z.number().min(0).lt(1).optional(),
  cutMix: z.number().min(0).lt(1).optional(),
  revisitMix: z.number().min(0).lt(1).optional(),
  historyNoise: z.number().min(0).max(1).optional(),
  uniformTimeMix: z.number().min(0).lt(1).optional(),
  lowNoiseWeight: z.number().positive().max(10).optional(),
  shotEmbedding: z.boolean().optional(),
  windowInjection: z.boolean().optional(),
  windowShortcut: z.boolean().optional(),
  skipConnection: z.boolean().optional(),
  pixelHead: z.number().int().min(1).max(256).optional(),
  pixelGate: z.boolean().optional(),
  memory: z.enum(COMPRESSIONS).optional(),
  encoder: z.enum(MEMORY_VARIANTS).optional(),
  evalEvery: z.number().int().nonnegative().optional(),
  checkpointEvery: z.number().int().positive().optional(),
  evalClips: z.number().int().nonnegative().optional(),
});
/** Params of a 'train' job. */
export type TrainParams = z.infer<typeof trainParamsSchema>;

/** The run folder of a job: `out`, or one named by stage and a hash of the params, so a rerun finds it. */
export function trainRunDir(projectPath: string, params: TrainParams): string {
  const key = createHash('sha256').update(JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))).digest('hex').slice(0, 12);
  return params.out ?? join(projectPath, TRAINING_DIR, `${params.stage}-${key}`);
}

/** The job options of params (data and run folder resolved by the caller). */
export function trainJobOptions(params: TrainParams, data: readonly string[], out: string): TrainJobOptions {
  return {
    stage: params.stage, data, out, steps: params.steps,
    ...(params.modelPreset !== undefined && { preset: parsePresetName(params.modelPreset) }),
    ...(params.seed !== undefined && { seed: params.seed }),
    ...(params.from !== undefined && { from: params.from }),
    ...(params.batch !== undefined && { batch: params.batch }),
    ...(params.lr !== undefined && { learningRate: params.lr }),
    ...(params.retrievalMix !== undefined && { retrievalMix: params.retrievalMix }),
    ...(params.openingMix !== undefined && { openingMix: params.openingMix }),
    ...(params.cutMix !== undefined && { cutMix: params.cutMix }),
    ...(params.revisitMix !== undefined && { revisitMix: params.revisitMix }),
    ...(params.historyNoise !== undefined && { historyNoise: params.historyNoise }),
    ...(params.uniformTimeMix !== undefined && { uniformTimeMix: params.uniformTimeMix }),
    ...(params.lowNoiseWeight !== undefined && { lowNoiseWeight: params.lowNoiseWeight }),
    ...(params.shotEmbedding !== undefined && { shotEmbedding: params.shotEmbedding }),
    ...(params.windowInjection !== undefined && { windowInjection: params.windowInjection }),
    ...(params.windowShortcut !== undefined && { windowShortcut: params.windowShortcut }),
    ...(params.skipConnection !== undefined && { skipConnection: params.skipConnection }),
    ...(params.pixelHead !== undefined && { pixelHead: params.pixelHead }),
    ...(params.pixelGate !== undefined && { pixelGate: params.pixelGate }),
    ...(params.memory !== undefined && { memory: params.memory }),
    ...(params.encoder !== undefined && { encoder: params.encoder }),
    ...(params.evalEvery !== undefined && { evalEvery: params.evalEvery }),
    ...(params.checkpointEvery !== undefined && { checkpointEvery: params.checkpointEvery }),
    ...(params.evalClips !== undefined && { evalClips: params.evalClips }),
  };
}
