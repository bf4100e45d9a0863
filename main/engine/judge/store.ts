/**
 * A judge as a checkpoint folder (../checkpoint): config.json holds the judge config (class
 * names included) as its architecture, its held-out accuracy as metrics, and model.safetensors
 * its weights, so evaluation loads a trained judge instead of training one each time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignWeights } from '../checkpoint/assign';
import { CheckpointError } from '../checkpoint/errors';
import { disposeCheckpoint, loadCheckpoint, saveCheckpoint } from '../checkpoint/folder';
import { CHECKPOINT_FILES } from '../checkpoint/manifest';
import { validateJudgeConfig, type JudgeConfig } from './config';
import { AttributeJudge } from './network';

/** The preset name judge checkpoints carry, so a video model folder is never loaded as a judge. */
export const JUDGE_PRESET = 'attribute-judge';

/** A loaded judge and what its folder says about it. */
export interface LoadedJudge {
  judge: AttributeJudge;
  metrics: Record<string, number>;
  trainingData: unknown;
  /** sha256 of the weights file. */
  sha256: string;
}

/** Writes `judge` to `dir` (replaced whole, atomically). */
export async function saveJudge(dir: string, judge: AttributeJudge, metrics: Record<string, number>, trainingData: unknown): Promise<void> {
  await saveCheckpoint(dir, { config: { preset: JUDGE_PRESET, architecture: judge.config, metrics, trainingData }, weights: judge.params() });
}

/** Loads a judge folder; throws CheckpointError ('not_found', 'torn', 'invalid_format'...). The caller disposes `judge`. */
export function loadJudge(dir: string): LoadedJudge {
  const loaded = loadCheckpoint(dir, { expectConfig: { preset: JUDGE_PRESET } });
  try {
    const config = loaded.config.architecture as unknown as JudgeConfig;
    try {
      validateJudgeConfig(config);
    } catch (error) {
      throw new CheckpointError('invalid_format', `${dir} does not hold a judge config: ${(error as Error).message}`, dir);
    }
    const judge = new AttributeJudge(config, 0);
    try {
      assignWeights(judge.params(), loaded);
    } catch (error) {
      judge.dispose();
      throw error;
    }
    const sha256 = createHash('sha256').update(readFileSync(join(dir, CHECKPOINT_FILES.model))).digest('hex');
    return { judge, metrics: loaded.config.metrics, trainingData: loaded.config.trainingData, sha256 };
  } finally {
    disposeCheckpoint(loaded);
  }
}
