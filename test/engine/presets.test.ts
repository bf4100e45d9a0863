import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultWorkload, forwardFlops, parameterCount, sequenceLayout } from '../../main/engine/model/cost';
import { ModelError } from '../../main/engine/model/errors';
import { VideoModel } from '../../main/engine/model/model';
import { checkFits, estimateMemory, MemoryBudgetError, parsePresetName, presetConfig } from '../../main/engine/presets';
import { syntheticVideo, useBackend } from './model-fixtures';

const GIB = 2 ** 30;

describe('presets', () => {
  it('tiny: 64 tokens a frame, 160 memory tokens for 10 s, 1-2 GFLOP forward per sample', () => {
    const tiny = presetConfig('tiny');
    const layout = sequenceLayout(tiny, defaultWorkload(tiny));
    expect(layout).toEqual({ caption: 24, memory: 160, window: 64, target: 128, total: 376 });
    const flops = forwardFlops(tiny, defaultWorkload(tiny));
    expect(flops.total).toBeGreaterThan(1e9);
    expect(flops.total).toBeLessThan(2e9);
    expect(flops.generator).toBeGreaterThan(flops.memory);
  });

  it('counts parameters exactly as the built tiny model has them', async () => {
    await useBackend('wasm');
    const model = new VideoModel(presetConfig('tiny'), 1);
    expect(model.parameterCount()).toBe(parameterCount(presetConfig('tiny')));
    model.dispose();
  });

  it('base runs a forward pass at reduced depth with its real frame size, patch and widths', async () => {
    await useBackend('wasm');
    const base = presetConfig('base');
    const config = { ...base, text: { ...base.text, depth: 1 }, generator: { ...base.generator, depth: 1 } };
    const model = new VideoModel(config, 1);
    const history = syntheticVideo(1, 16, 144, 256);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const memory = model.encodeMemory(history, Array.from({ length: 16 }, (_, i) => i));
      expect(memory.tokens.shape).toEqual([1, 8 * 3 * 4, 512]);
      const window = { frames: tf.slice(history, [0, 14, 0, 0, 0], [1, 2, 144, 256, 3]) as tf.Tensor5D, times: [[14, 15]] };
      const cond = { caption: model.encodeCaptions(['a woman stands by a shelf']), memory, window, targetTimes: [[16, 17, 18, 19]] };
      return model.predictX0(tf.zeros([1, 4, 144, 256, 3]) as tf.Tensor5D, tf.tensor1d([1]), cond);
    });
    expect(out.shape).toEqual([1, 4, 144, 256, 3]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  }, 60_000);

  it('parses preset names', () => {
    expect(parsePresetName('base')).toBe('base');
    expect(() => parsePresetName('huge')).toThrow(ModelError);
  });
});

describe('memory estimate', () => {
  const estimate = (batch: number, historySeconds: number, rate: '4x4x2' | '2x2x1', mode: 'sample' | 'train') =>
    estimateMemory('base', { batch, historySeconds, rate, mode });

  it('grows with batch, history, memory rate and training', () => {
    const small = estimate(1, 10, '4x4x2', 'sample');
    expect(small.totalBytes).toBe(small.weightsBytes + small.activationBytes + small.attentionBytes);
    expect(small.weightsBytes).toBe(4 * parameterCount(presetConfig('base')));
    expect(estimate(2, 10, '4x4x2', 'sample').activationBytes).toBeCloseTo(2 * small.activationBytes, -3);
    expect(estimate(1, 20, '4x4x2', 'sample').totalBytes).toBeGreaterThan(small.totalBytes);
    expect(estimate(1, 10, '2x2x1', 'sample').attentionBytes).toBeGreaterThan(4 * small.attentionBytes);
    const train = estimate(1, 10, '4x4x2', 'train');
    expect(train.weightsBytes).toBe(4 * small.weightsBytes);
    expect(train.attentionBytes).toBeGreaterThan(small.attentionBytes * 5);
  });

  it('says when a job would not fit, naming the largest part', () => {
    checkFits(estimateMemory('tiny', { batch: 16, historySeconds: 10, rate: '4x4x2', mode: 'train' }), 4 * GIB);
    checkFits(estimate(1, 20, '4x4x2', 'train'), 12 * GIB);
    const tooBig = estimate(16, 20, '4x4x2', 'train');
    let caught: unknown;
    try {
      checkFits(tooBig, 12 * GIB);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MemoryBudgetError);
    expect(caught).toMatchObject({ code: 'insufficient_memory', neededBytes: tooBig.totalBytes, availableBytes: 12 * GIB });
    expect((caught as Error).message).toMatch(/needs about \d+\.\d\d GiB but only 12\.00 GiB .*largest part: attention maps/);
  });
});
