import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { drawLossRandomness, flowLoss } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import type { ModelConfig } from '../../main/engine/model/config';
import type { Conditioning } from '../../main/engine/model/generator';
import { disposeConditioning, VideoModel } from '../../main/engine/model/model';
import { hashSeed } from '../../main/engine/model/params';
import { Rng } from '../../main/engine/optim/rng';
import { microConfig, syntheticVideo, useBackend } from './model-fixtures';

const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

/** Conditioning for a continuation of 2 frames after 8 history frames, window 1. */
function conditioning(model: VideoModel, history: tf.Tensor5D, captions: string[]): Conditioning {
  const b = history.shape[0];
  return {
    caption: model.encodeCaptions(captions),
    memory: model.encodeMemory(history, range(0, 8)),
    window: { frames: tf.slice(history, [0, 7, 0, 0, 0], [b, 1, 16, 16, 3]) as tf.Tensor5D, times: captions.map(() => [7]) },
    targetTimes: captions.map(() => [8, 9]),
  };
}

/** Replaces every weight (zero-initialised ones included) by seeded noise, so outputs are not trivially 0. */
function scrambleWeights(model: VideoModel): void {
  for (const [name, variable] of model.params()) {
    const next = tf.tidy(() => tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(11, name)), 0.15));
    variable.assign(next);
    next.dispose();
  }
}

describe('the full model on the wasm backend', () => {
  let model: VideoModel;
  let history: tf.Tensor5D;
  afterAll(() => model.dispose());

  it('exposes stable dotted parameter names and is deterministic per seed', async () => {
    await useBackend('wasm');
    model = new VideoModel(microConfig(), 1);
    history = syntheticVideo(2, 8, 16, 16);
    const names = [...model.params().keys()];
    expect(names).toContain('generator.blocks.1.attn.qkv.weight');
    expect(names).toContain('generator.patchEmbed.weight');
    expect(names).toContain('memory.hr.stages.1.weight');
    expect(names).toContain('memory.gate');
    expect(names).toContain('text.nullTokens');
    expect(new Set(names).size).toBe(names.length);
    const twin = new VideoModel(microConfig(), 1);
    const other = new VideoModel(microConfig(), 2);
    const weight = (m: VideoModel) => Array.from((m.params().get('generator.blocks.0.mlp.fc1.weight') as tf.Variable).dataSync());
    expect(weight(twin)).toEqual(weight(model));
    expect(weight(other)).not.toEqual(weight(model));
    twin.dispose();
    other.dispose();
  });

  it('predicts x0 of the target frames only, starting from 0 (zero-initialised final layer), without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const cond = conditioning(model, history, ['a red ball rolls left', 'night falls']);
    const xt = tf.randomNormal([2, 2, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor5D;
    const t = tf.tensor1d([0.3, 0.9]);
    const out = model.predictX0(xt, t, cond);
    expect(out.shape).toEqual([2, 2, 16, 16, 3]);
    expect(tf.tidy(() => tf.sum(tf.abs(out)).dataSync()[0])).toBe(0);
    tf.dispose([out, xt, t]);
    disposeConditioning(cond);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inputs of the wrong shape with a typed error', () => {
    const cond = conditioning(model, history, ['a', 'b']);
    const t = tf.tensor1d([0.5, 0.5]);
    expect(() => model.predictX0(tf.zeros([2, 2, 8, 8, 3]) as tf.Tensor5D, t, cond)).toThrow(/generator x_t: expected shape/);
    expect(() => model.predictX0(tf.zeros([2, 2, 16, 16, 3]) as tf.Tensor5D, t, { ...cond, targetTimes: [[1], [2]] })).toThrow(/target times/);
    disposeConditioning(cond);
  });

  it.each(['retrieval', 'continuation'] as const)('%s training steps (variableGrads + SGD) keep the tensor count and reach the memory gate', (kind) => {
    const batch: TaskBatch = kind === 'retrieval'
      ? { kind, clips: history, captions: ['a red ball', 'the cat'], targetIndices: [[0, 5], [7, 2]] }
      : { kind, history, target: syntheticVideo(2, 2, 16, 16), captions: ['a red ball', 'the cat'] };
    const rng = Rng.fromSeed(3);
    const gate = model.params().get('memory.gate') as tf.Variable;
    gate.assign(tf.scalar(0));
    const before = tf.memory().numTensors;
    // AdaLN-zero: gradients reach the memory only once the final layer and the block gates have
    // left zero, which takes two updates; the third moves the memory gate.
    for (let step = 0; step < 3; step++) {
      const draws = drawLossRandomness(rng, 2, model.config.flow);
      const { value, grads } = tf.variableGrads(() => flowLoss(model, batch, draws), [...model.params().values()]);
      for (const variable of model.params().values()) {
        const grad = grads[variable.name];
        if (grad === undefined) continue;
        const next = tf.tidy(() => tf.sub(variable, tf.mul(grad, 0.5)));
        variable.assign(next);
        next.dispose();
      }
      expect(value.dataSync()[0]).toBeGreaterThan(0);
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(Math.abs(gate.dataSync()[0] as number)).toBeGreaterThan(0);
    if (batch.kind === 'continuation') batch.target.dispose();
  });
});

describe('backends agree', () => {
  it('cpu and wasm give the same forward pass within 1e-4', async () => {
    const forward = async (backend: 'cpu' | 'wasm', config: ModelConfig): Promise<Float32Array> => {
      await useBackend(backend);
      const model = new VideoModel(config, 5);
      scrambleWeights(model);
      const history = syntheticVideo(2, 8, 16, 16);
      const cond = conditioning(model, history, ['a blue cat sits by the shelf', 'the woman walks away']);
      const xt = tf.randomNormal([2, 2, 16, 16, 3], 0, 1, 'float32', 2) as tf.Tensor5D;
      const out = model.predictX0(xt, tf.tensor1d([0.2, 0.7]), cond);
      const values = out.dataSync() as Float32Array;
      model.dispose();
      return values;
    };
    const config = microConfig();
    const cpu = await forward('cpu', config);
    const wasm = await forward('wasm', config);
    const worst = cpu.reduce((m, v, i) => Math.max(m, Math.abs(v - (wasm[i] as number))), 0);
    const scale = cpu.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-4);
  });
});
