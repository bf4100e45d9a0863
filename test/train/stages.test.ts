// Both stages learn on a small Storyworld set (held-out loss falls), and what they save is a model
// the generation path loads and samples from (issue 6, "Tests").
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../main/data/index';
import { disposeCheckpoint, loadCheckpoint } from '../../main/engine/checkpoint/folder';
import { sample } from '../../main/engine/flow/sampler';
import { exportModel, runTraining, type Evaluation } from '../../main/engine/train/index';
import { loadGenerationModel } from '../../main/jobs/generation/model-source';
import { microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

const temp = tempDir('stages');
let dataset: Dataset;
beforeAll(async () => {
  await useEngine('wasm');
  dataset = await smallStoryworld(join(temp.dir, 'data'), 6, 12);
});
afterAll(() => temp.remove());

/** Trains `steps` steps evaluating at the start and the end; returns both evaluations. */
async function trainAndEvaluate(stage: 'pretrain' | 'finetune', steps: number, runDir: string, init?: string): Promise<Evaluation[]> {
  const model = microModel(dataset);
  const evaluations: Evaluation[] = [];
  const loaded = init === undefined ? undefined : loadCheckpoint(init);
  try {
    const outcome = await runTraining({
      ...trainerOptions(dataset, model, shortRecipe(stage, { steps, evalEvery: steps, checkpointEvery: steps }), runDir, 4),
      ...(loaded && { initialWeights: loaded }),
      onEvaluation: (evaluation) => {
        evaluations.push(evaluation);
      },
    });
    expect(outcome).toMatchObject({ status: 'completed', step: steps, resumedFrom: null });
  } finally {
    if (loaded) disposeCheckpoint(loaded);
  }
  return evaluations;
}

describe('training stages', () => {
  const pretrainDir = join(temp.dir, 'pretrain');

  it('pretraining (frame retrieval) lowers the held-out retrieval loss', async () => {
    const before = tf.memory().numTensors;
    const [first, last] = await trainAndEvaluate('pretrain', 80, pretrainDir);
    expect(tf.memory().numTensors).toBe(before);
    expect(first?.step).toBe(0);
    expect(last?.step).toBe(80);
    expect((last as Evaluation).valLoss).toBeLessThan(0.85 * (first as Evaluation).valLoss);
    // Every evaluation reports the model beside both baselines.
    for (const scores of Object.values((last as Evaluation).retrieval)) expect(scores.psnr).toBeGreaterThan(5);
    expect((last as Evaluation).frames).toBe(4 * 2);
  });

  it('fine-tuning (continuation) from the stage-1 model lowers the held-out continuation loss', async () => {
    const exported = await exportModel({ from: join(pretrainDir, 'step-000080'), to: join(temp.dir, 'stage1-model') });
    expect(exported.preset).toBe('micro');
    const [first, last] = await trainAndEvaluate('finetune', 60, join(temp.dir, 'finetune'), exported.dir);
    expect((last as Evaluation).valLoss).toBeLessThan(0.85 * (first as Evaluation).valLoss);
  });

  it('saves a model that the generation path loads and samples frames from', async () => {
    const before = tf.memory().numTensors;
    const { model, config } = loadGenerationModel({ kind: 'checkpoint', dir: join(temp.dir, 'stage1-model') }, '2x2x2');
    try {
      const history = tf.randomUniform([1, 8, 16, 16, 3], -1, 1, 'float32', 4) as tf.Tensor5D;
      const memory = model.encodeMemory(history, [0, 1, 2, 3, 4, 5, 6, 7]);
      const frames = await sample(model, { captions: ['a red circle walks in'], memory, window: null, targetTimes: [[8, 9]], seeds: [5] },
        { steps: 2, guidance: 2, shift: config.flow.sampleShift });
      expect(frames.shape).toEqual([1, config.video.chunkFrames, 16, 16, 3]);
      expect(Array.from(frames.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([history, memory.tokens, frames]);
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
