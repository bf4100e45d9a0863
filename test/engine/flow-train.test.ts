import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawLossRandomness, flowLoss, lowNoiseWeight, type LossDraws } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import { VideoModel } from '../../main/engine/model/model';
import { Rng } from '../../main/engine/optim/rng';
import { microConfig, syntheticVideo, useBackend } from './model-fixtures';

/**
 * Trains a micro model on one fixed batch with fresh t, noise and caption dropout every step, and
 * returns the loss at fixed, fairly noisy draws (t = 0.8) before training and when it first fell
 * 10x (or after the last step).
 */
async function overfit(kind: TaskBatch['kind'], maxSteps: number): Promise<{ initial: number; final: number; steps: number }> {
  await useBackend('wasm');
  const model = new VideoModel(microConfig(), 1);
  const clips = syntheticVideo(2, 8, 16, 16);
  const target = syntheticVideo(2, 2, 16, 16);
  const captions = ['a red ball rolls left', 'a blue cat sits by the shelf'];
  const batch: TaskBatch = kind === 'retrieval'
    ? { kind, clips, captions, targetIndices: [[1, 6], [4, 2]] }
    : { kind, history: clips, target, captions };
  const fixed: LossDraws = { t: [0.8, 0.8], noiseSeeds: [101, 202], keepCaption: [true, true] };
  const evaluate = (): number => tf.tidy(() => flowLoss(model, batch, fixed).dataSync()[0] as number);
  const optimizer = tf.train.adam(3e-3);
  const variables = [...model.params().values()];
  const rng = Rng.fromSeed(2);
  const initial = evaluate();
  let final = initial;
  let steps = 0;
  while (steps < maxSteps && final > initial / 10) {
    const draws = drawLossRandomness(rng, 2, model.config.flow);
    const { value, grads } = tf.variableGrads(() => flowLoss(model, batch, draws), variables);
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose([value, ...Object.values(grads)]);
    steps++;
    if (steps % 5 === 0) final = evaluate();
  }
  optimizer.dispose();
  tf.dispose([clips, target]);
  model.dispose();
  return { initial, final, steps };
}

describe('a micro model overfits one batch', () => {
  it.each(['retrieval', 'continuation'] as const)('%s: the x0 loss falls at least 10x', async (kind) => {
    const { initial, final, steps } = await overfit(kind, 200);
    expect(initial).toBeGreaterThan(0.1);
    expect(final).toBeLessThan(initial / 10);
    expect(steps).toBeLessThan(200);
  }, 90_000);
});

describe('uniform time mix', () => {
  const flow = microConfig().flow;
  const below = (t: number[], x: number) => t.filter((v) => v < x).length / t.length;

  it('leaves the draws of a run without it as they were', () => {
    const a = drawLossRandomness(Rng.fromSeed(3), 64, flow);
    const b = drawLossRandomness(Rng.fromSeed(3), 64, flow, { uniformShare: 0 });
    expect(b).toEqual(a);
  });

  it('puts that share of samples at uniform times, so the low-noise end is trained', () => {
    const plain = drawLossRandomness(Rng.fromSeed(4), 4000, flow).t;
    const mixed = drawLossRandomness(Rng.fromSeed(4), 4000, flow, { uniformShare: 0.5 }).t;
    expect(below(plain, 0.3)).toBeLessThan(0.06);
    // Half the samples uniform: about 0.5 * 0.3 of them below 0.3, plus the shifted half's few.
    expect(below(mixed, 0.3)).toBeGreaterThan(0.13);
    expect(below(mixed, 0.3)).toBeLessThan(0.22);
    expect(mixed.every((t) => t > 0 && t < 1)).toBe(true);
  });
});

describe('low-noise loss weight', () => {
  const flow = microConfig().flow;

  it('is 1 at t = 1 and grows to (1 + c^2) / c^2 as t -> 0', () => {
    expect(lowNoiseWeight(1, 0.25)).toBeCloseTo(1, 12);
    expect(lowNoiseWeight(0, 0.25)).toBeCloseTo(17, 12);
    expect(lowNoiseWeight(0.05, 0.25)).toBeGreaterThan(lowNoiseWeight(0.3, 0.25));
  });

  it('changes no draw of a run, only adds each sample\'s weight', () => {
    const plain = drawLossRandomness(Rng.fromSeed(5), 32, flow, { uniformShare: 0.3 });
    const weighted = drawLossRandomness(Rng.fromSeed(5), 32, flow, { uniformShare: 0.3, lowNoiseWeight: 0.25 });
    const { weight, ...draws } = weighted;
    expect(draws).toEqual(plain);
    expect(plain.weight).toBeUndefined();
    expect(weight).toEqual(plain.t.map((t) => lowNoiseWeight(t, 0.25)));
  });

  it('weighs each sample\'s own squared error: a batch weighted [2, 0] scores twice its first sample alone', async () => {
    await useBackend('wasm');
    const model = new VideoModel(microConfig(), 1);
    const clips = syntheticVideo(2, 8, 16, 16);
    const target = syntheticVideo(2, 2, 16, 16);
    const both: TaskBatch = { kind: 'continuation', history: clips, target, captions: ['a red ball', 'a blue cat'] };
    const first: TaskBatch = { kind: 'continuation', history: tf.slice(clips, 0, 1), target: tf.slice(target, 0, 1), captions: ['a red ball'] };
    const draws: LossDraws = { t: [0.2, 0.9], noiseSeeds: [11, 12], keepCaption: [true, true] };
    const loss = (batch: TaskBatch, d: LossDraws): number => tf.tidy(() => flowLoss(model, batch, d).dataSync()[0] as number);
    const alone = loss(first, { t: [0.2], noiseSeeds: [11], keepCaption: [true] });
    expect(loss(both, { ...draws, weight: [2, 0] })).toBeCloseTo(alone, 5);
    expect(loss(both, { ...draws, weight: [1, 1] })).toBeCloseTo(loss(both, draws), 5);
    expect(loss(both, { ...draws, weight: [0, 2] })).not.toBeCloseTo(alone, 3);
    tf.dispose([clips, target, first.history, first.target]);
    model.dispose();
  });
});
