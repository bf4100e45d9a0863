// Both stages learn on a small Storyworld set (held-out loss falls), and what they save is a model
// the generation path loads and samples from (issue 6, "Tests").
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../main/data/index';
import { disposeCheckpoint, loadCheckpoint } from '../../main/engine/checkpoint/folder';
import { sample } from '../../main/engine/flow/sampler';
import type { ModelConfig } from '../../main/engine/model/config';
import { exportModel, runTraining, type Evaluation } from '../../main/engine/train/index';
import { TrainingSession } from '../../main/engine/train/session';
import { loadGenerationModel } from '../../main/jobs/generation/model-source';
import { maxDifference, microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

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

  it('fine-tuning (continuation) lowers the held-out continuation loss, and starts lower from the stage-1 model', async () => {
    const [scratch, trained] = await trainAndEvaluate('finetune', 60, join(temp.dir, 'finetune-scratch'));
    expect((trained as Evaluation).valLoss).toBeLessThan(0.85 * (scratch as Evaluation).valLoss);
    // Stage 1 transfers: before any fine-tuning step the pretrained model already continues better.
    const exported = await exportModel({ from: join(pretrainDir, 'step-000080'), to: join(temp.dir, 'stage1-model') });
    expect(exported.preset).toBe('micro');
    const [pretrained] = await trainAndEvaluate('finetune', 4, join(temp.dir, 'finetune-from-stage1'), exported.dir);
    expect((pretrained as Evaluation).valLoss).toBeLessThan(0.85 * (scratch as Evaluation).valLoss);
  });

  it('starts the weight average (what evaluations score and exports ship) from the loaded weights', async () => {
    const loaded = loadCheckpoint(join(temp.dir, 'stage1-model'));
    const session = new TrainingSession(loaded.config.architecture as unknown as ModelConfig, shortRecipe('finetune'));
    try {
      session.loadWeights(loaded);
      expect(maxDifference(session.ema.weights(), loaded.weights)).toBe(0);
    } finally {
      await session.dispose();
      disposeCheckpoint(loaded);
    }
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

  it('exports the sampler stochasticity chosen for the weights into the model\'s config, and refuses one outside [0, 1]', async () => {
    const from = join(pretrainDir, 'step-000080');
    const plain = loadGenerationModel({ kind: 'checkpoint', dir: join(temp.dir, 'stage1-model') }, '2x2x2');
    const exported = await exportModel({ from, to: join(temp.dir, 'stochastic-model'), sampleStochasticity: 0.5 });
    const stochastic = loadGenerationModel({ kind: 'checkpoint', dir: exported.dir }, '2x2x2');
    try {
      expect(plain.config.flow.sampleStochasticity).toBeUndefined();
      expect(stochastic.config.flow).toEqual({ ...plain.config.flow, sampleStochasticity: 0.5 });
      expect(maxDifference(stochastic.model.params(), plain.model.params())).toBe(0);
    } finally {
      plain.model.dispose();
      stochastic.model.dispose();
    }
    await expect(exportModel({ from, to: join(temp.dir, 'bad-model'), sampleStochasticity: 2 })).rejects.toThrow(/stochasticity must be in \[0, 1\]/);
  });
});
