import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../main/engine/flow/errors';
import { eulerStep, flowStep, sample, stepNoise, type SampleRequest } from '../../main/engine/flow/sampler';
import { interpolate, sampleTrainingTimes, samplerTimes, seededNoise, shiftTime } from '../../main/engine/flow/schedule';
import { ModelError } from '../../main/engine/model/errors';
import type { MemoryEncoding } from '../../main/engine/model/memory/encoder';
import { disposeConditioning, VideoModel } from '../../main/engine/model/model';
import { hashSeed } from '../../main/engine/model/params';
import { Rng } from '../../main/engine/optim/rng';
import { microConfig, syntheticVideo, useBackend } from './model-fixtures';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('time grids and the flow path', () => {
  it('shifts toward noise and walks the sampler grid from 1 to 0', () => {
    expect(shiftTime(0.5, 1)).toBe(0.5);
    expect(shiftTime(0.5, 3)).toBeCloseTo(0.75, 10);
    expect(shiftTime(0, 3)).toBe(0);
    expect(shiftTime(1, 3)).toBe(1);
    const grid = samplerTimes(4, 3);
    expect(grid).toHaveLength(5);
    expect(grid[0]).toBe(1);
    expect(grid[4]).toBe(0);
    expect(grid.every((t, i) => i === 0 || t < (grid[i - 1] as number))).toBe(true);
    expect(samplerTimes(1, 3)).toEqual([1, 0]);
    expect(() => samplerTimes(0, 1)).toThrow(ModelError);
  });

  it('draws logit-normal times in (0, 1), shifted toward noise', () => {
    const plain = sampleTrainingTimes(Rng.fromSeed(1), 4000, { mean: 0, std: 1, shift: 1 });
    const shifted = sampleTrainingTimes(Rng.fromSeed(1), 4000, { mean: 0, std: 1, shift: 3 });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(plain.every((t) => t > 0 && t < 1)).toBe(true);
    expect(mean(plain)).toBeCloseTo(0.5, 1);
    expect(mean(shifted)).toBeGreaterThan(0.65);
  });

  it('interpolates x_t = (1 - t) x0 + t eps per sample, with noise fixed by each seed', async () => {
    await useBackend('cpu');
    const x0 = tf.ones([2, 3]);
    const eps = tf.fill([2, 3], -1);
    expect(Array.from(interpolate(x0, eps, [0.25, 1]).dataSync())).toEqual([0.5, 0.5, 0.5, -1, -1, -1]);
    const ab = seededNoise([5, 6], [4]);
    const ba = seededNoise([6, 5], [4]);
    expect(Array.from(tf.slice(ab, [0, 0], [1, 4]).dataSync())).toEqual(Array.from(tf.slice(ba, [1, 0], [1, 4]).dataSync()));
  });
});

describe('Euler sampler', () => {
  let model: VideoModel;
  let history: tf.Tensor5D;
  let memory: MemoryEncoding;
  const request = (seeds: number[], captions = seeds.map(() => 'a red ball rolls left')): SampleRequest => ({
    captions, memory, window: null, targetTimes: seeds.map(() => [8, 9]), seeds,
  });

  beforeAll(async () => {
    await useBackend('wasm');
    model = new VideoModel(microConfig(), 7);
    // Non-zero weights everywhere, so the prediction depends on noise, caption and memory.
    for (const [name, variable] of model.params()) {
      const next = tf.tidy(() => tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(3, name)), 0.1));
      variable.assign(next);
      next.dispose();
    }
    history = syntheticVideo(1, 8, 16, 16);
    const single = model.encodeMemory(history, [0, 1, 2, 3, 4, 5, 6, 7]);
    memory = { tokens: tf.concat([single.tokens, single.tokens], 0) as tf.Tensor3D, positions: single.positions };
    single.tokens.dispose();
  });
  afterAll(() => model.dispose());

  it('gives one output per seed, whatever the batch order, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const ab = await sample(model, request([11, 22]), { steps: 3, guidance: 2, shift: 3 });
    const ba = await sample(model, request([22, 11]), { steps: 3, guidance: 2, shift: 3 });
    expect(ab.shape).toEqual([2, 2, 16, 16, 3]);
    const [abFirst, abSecond] = tf.split(ab, 2, 0);
    const [baFirst, baSecond] = tf.split(ba, 2, 0);
    expect(maxAbsDiff(abFirst as tf.Tensor, baSecond as tf.Tensor)).toBeLessThan(1e-5);
    expect(maxAbsDiff(abFirst as tf.Tensor, abSecond as tf.Tensor)).toBeGreaterThan(1e-3);
    tf.dispose([abFirst, abSecond, baFirst, baSecond]);
    const again = await sample(model, request([11, 22]), { steps: 3, guidance: 2, shift: 3 });
    expect(maxAbsDiff(again, ab)).toBe(0);
    tf.dispose([ab, ba, again]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with one step returns the guided x0 prediction at t = 1: u + g (c - u)', async () => {
    const out = await sample(model, request([5, 6]), { steps: 1, guidance: 3, shift: 3 });
    const manual = tf.tidy(() => {
      const noise = seededNoise([5, 6], [2, 16, 16, 3]) as tf.Tensor5D;
      const t = tf.ones([2]) as tf.Tensor1D;
      const base = { memory, window: null, targetTimes: [[8, 9], [8, 9]] };
      const c = model.predictX0(noise, t, { ...base, caption: model.encodeCaptions(['a red ball rolls left', 'a red ball rolls left']) });
      const u = model.predictX0(noise, t, { ...base, caption: model.nullCaptions(2) });
      return tf.add(u, tf.mul(tf.sub(c, u), 3));
    });
    expect(maxAbsDiff(out, manual)).toBeLessThan(1e-4);
    const unguided = await sample(model, request([5, 6]), { steps: 1, guidance: 1, shift: 3 });
    expect(maxAbsDiff(out, unguided)).toBeGreaterThan(1e-3);
    tf.dispose([out, manual, unguided]);
  });

  it('reports every step and stops within one step of a cancel, freeing every tensor', async () => {
    const before = tf.memory().numTensors;
    const seen: [number, number, number[]][] = [];
    const run = sample(model, request([1, 2]), {
      steps: 5, guidance: 2, shift: 3,
      onStep: async (step, total, x0) => {
        seen.push([step, total, x0.shape]);
        return step === 2 ? 'cancel' : undefined;
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(run).rejects.toMatchObject({ code: 'cancelled', step: 2, total: 5 });
    expect(seen).toEqual([[1, 5, [2, 2, 16, 16, 3]], [2, 5, [2, 2, 16, 16, 3]]]);
    expect(tf.memory().numTensors).toBe(before);
    const failing = sample(model, request([1, 2]), { steps: 2, guidance: 1, shift: 1, onStep: () => { throw new Error('preview failed'); } });
    await expect(failing).rejects.toThrow('preview failed');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with stochasticity swaps part of each step\'s noise for fresh noise, seeded per sample and step', async () => {
    const before = tf.memory().numTensors;
    // One step by hand: x_t = (1 - t) x0 + t eps, G's estimate exact. At eta 0 the step is Euler's;
    // at eta 1 x_next is x0 re-noised with the fresh noise alone; halfway mixes both with unit variance.
    const cell = (value: number) => tf.fill([1, 1, 1, 1, 3], value) as tf.Tensor5D;
    const [x0, eps, z] = [cell(0.5), cell(1), cell(-0.5)];
    const xt = tf.tidy(() => tf.add(tf.mul(x0, 0.4), tf.mul(eps, 0.6))) as tf.Tensor5D;
    const stepped = (eta: number) => flowStep(xt, x0, 0.6, 0.3, eta, () => tf.clone(z));
    const euler = eulerStep(xt, x0, 0.6, 0.3);
    const [deterministic, renoised, mixed] = [stepped(0), stepped(1), stepped(0.5)];
    expect(maxAbsDiff(deterministic, euler)).toBe(0);
    expect(renoised.dataSync()[0]).toBeCloseTo(0.7 * 0.5 - 0.3 * 0.5, 5);
    expect(mixed.dataSync()[0]).toBeCloseTo(0.7 * 0.5 + 0.3 * Math.SQRT1_2 * (1 - 0.5), 5);
    // At t_next = 0 every stochasticity lands on x0_hat itself, so one step is still G's reconstruction.
    expect(flowStep(xt, x0, 0.6, 0, 1, () => { throw new Error('no noise needed'); })).toBe(x0);
    tf.dispose([x0, eps, z, xt, euler, deterministic, renoised, mixed]);
    tf.tidy(() => {
      const first = stepNoise([3, 4], 1, [2]);
      expect(maxAbsDiff(tf.slice(first, [1, 0], [1, 2]), stepNoise([4], 1, [2]))).toBe(0);
      expect(maxAbsDiff(first, stepNoise([3, 4], 2, [2]))).toBeGreaterThan(1e-3);
      expect(maxAbsDiff(tf.slice(first, [0, 0], [1, 2]), seededNoise([3], [2]))).toBeGreaterThan(1e-3);
    });
    expect(tf.memory().numTensors).toBe(before);
    // Whole runs: reproducible per seed, different from the deterministic sampler, and checked.
    const a = await sample(model, request([11, 22]), { steps: 3, guidance: 1, shift: 3, stochasticity: 1 });
    const b = await sample(model, request([22, 11]), { steps: 3, guidance: 1, shift: 3, stochasticity: 1 });
    const plain = await sample(model, request([11, 22]), { steps: 3, guidance: 1, shift: 3 });
    tf.tidy(() => {
      expect(maxAbsDiff(tf.slice(a, [0], [1]), tf.slice(b, [1], [1]))).toBeLessThan(1e-5);
      expect(maxAbsDiff(a, plain)).toBeGreaterThan(1e-3);
    });
    await expect(sample(model, request([1, 2]), { steps: 2, guidance: 1, shift: 3, stochasticity: 1.5 })).rejects.toThrow(ModelError);
    tf.dispose([a, b, plain]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses the recent-frame window and refuses mismatched requests', async () => {
    const window = { frames: tf.slice(tf.concat([history, history], 0), [0, 7, 0, 0, 0], [2, 1, 16, 16, 3]) as tf.Tensor5D, times: [[7], [7]] };
    const withWindow = await sample(model, { ...request([4, 4]), window }, { steps: 2, guidance: 1, shift: 3 });
    const without = await sample(model, request([4, 4]), { steps: 2, guidance: 1, shift: 3 });
    expect(maxAbsDiff(withWindow, without)).toBeGreaterThan(1e-3);
    await expect(sample(model, { ...request([4, 4]), seeds: [1] }, { steps: 2, guidance: 1, shift: 3 })).rejects.toThrow(ModelError);
    disposeConditioning({ caption: model.nullCaptions(1), memory: { tokens: tf.zeros([1, 0, 32]), positions: [] }, window, targetTimes: [] });
    tf.dispose([withWindow, without]);
  });
});
