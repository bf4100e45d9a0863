import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSIONS, MEMORY_VARIANTS, type CompressionName, type MemoryVariant } from '../../main/engine/model/config';
import { parameterCount } from '../../main/engine/model/cost';
import { ModelError } from '../../main/engine/model/errors';
import { memoryGrid, memoryPositions, memoryTokens, mergeStages } from '../../main/engine/model/memory/grid';
import { VideoModel } from '../../main/engine/model/model';
import { presetConfig } from '../../main/engine/presets';
import { microConfig, syntheticVideo, useBackend } from './model-fixtures';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Sets the memory gate to `value` so the (otherwise zero) memory tokens can be inspected. */
function openGate(model: VideoModel, value: number): void {
  (model.params().get('memory.gate') as tf.Variable).assign(tf.scalar(value));
}

describe('memory token counts', () => {
  it('matches the paper: 20 s of 832x480 at 24 fps, 16 px per token, 4x temporal, 4x4x2 is 5,850', () => {
    const paper = { width: 832, height: 480, fps: 24, seconds: 20, pixelsPerToken: 16, temporalCompression: 4 };
    expect(memoryTokens('4x4x2', paper)).toBe(5850);
    expect(memoryTokens('2x2x2', paper)).toBe(23400);
    expect(memoryTokens('2x2x1', paper)).toBe(46800);
  });

  it('gives 160 tokens for the tiny preset and agrees with the encoder grid when axes divide', () => {
    const tiny = presetConfig('tiny');
    const { width, height, fps, patch } = tiny.video;
    const budget = (rate: CompressionName, seconds: number) => memoryTokens(rate, { width, height, fps, seconds, pixelsPerToken: patch, temporalCompression: 1 });
    expect(budget('4x4x2', 10)).toBe(160);
    expect(budget('4x4x2', 20)).toBe(320);
    expect(budget('2x2x2', 10)).toBe(640);
    expect(budget('2x2x1', 10)).toBe(1280);
    for (const rate of COMPRESSIONS) {
      const grid = memoryGrid(rate, { gridRows: 8, gridCols: 8, patch: 8 }, 80);
      expect(grid.frames * grid.rows * grid.cols).toBe(budget(rate, 10));
    }
    const base = presetConfig('base');
    const baseGrid = memoryGrid('4x4x2', { gridRows: 9, gridCols: 16, patch: 16 }, 160);
    expect([baseGrid.frames, baseGrid.rows, baseGrid.cols]).toEqual([80, 3, 4]);
    expect(baseGrid.padded).toEqual({ frames: 160, height: 192, width: 256 });
    expect(memoryTokens('4x4x2', { ...base.video, seconds: 20, pixelsPerToken: 16, temporalCompression: 1 })).toBe(720);
  });

  it('places each token at the centre of its box, with the real times of its frames', () => {
    const grid = memoryGrid('2x2x2', { gridRows: 3, gridCols: 4, patch: 4 }, 5);
    expect([grid.frames, grid.rows, grid.cols]).toEqual([3, 2, 2]);
    const positions = memoryPositions(grid, { gridRows: 3, gridCols: 4, patch: 4 }, [10, 11, 12, 13, 14]);
    expect(positions).toHaveLength(12);
    expect(positions[0]).toEqual([10.5, 0.5, 0.5]);
    expect(positions[3]).toEqual([10.5, 2, 2.5]); // the last row box covers only row 2
    expect(positions[11]).toEqual([14, 2, 2.5]); // the last time box covers only frame 14
  });

  it('reaches every box size through 2x merge stages', () => {
    expect(mergeStages({ t: 2, h: 4, w: 4 })).toEqual([[2, 2, 2], [1, 2, 2]]);
    expect(mergeStages({ t: 2, h: 2, w: 2 })).toEqual([[2, 2, 2]]);
    expect(mergeStages({ t: 1, h: 2, w: 2 })).toEqual([[1, 2, 2]]);
  });
});

describe('memory encoder variants', () => {
  let history: tf.Tensor5D;
  beforeAll(async () => {
    await useBackend('cpu');
    history = syntheticVideo(2, 8, 16, 16);
  });

  it.each(MEMORY_VARIANTS.flatMap((variant) => COMPRESSIONS.map((rate) => [variant, rate] as [MemoryVariant, CompressionName])))(
    '%s at %s: token count, positions, zero gate at start, parameter count',
    (variant, rate) => {
      const model = new VideoModel(microConfig({ variant, compression: rate }), 3);
      const before = tf.memory().numTensors;
      const memory = model.encodeMemory(history, range(8));
      const expected = variant === 'none' ? 0 : memoryTokens(rate, { width: 16, height: 16, fps: 4, seconds: 2, pixelsPerToken: 4, temporalCompression: 1 });
      expect(memory.tokens.shape).toEqual([2, expected, 32]);
      expect(memory.positions).toHaveLength(expected);
      expect(model.memory.tokenCount(8)).toBe(expected);
      expect(tf.memory().numTensors - before).toBe(1);
      expect(tf.tidy(() => tf.sum(tf.abs(memory.tokens)).dataSync()[0])).toBe(0);
      expect(model.parameterCount()).toBe(parameterCount(model.config));
      memory.tokens.dispose();
      if (variant !== 'none') {
        openGate(model, 1);
        const open = model.encodeMemory(history, range(8));
        expect(tf.tidy(() => tf.max(tf.abs(open.tokens)).dataSync()[0])).toBeGreaterThan(1e-3);
        open.tokens.dispose();
      }
      model.dispose();
    },
  );

  it.each(['pfp', 'without-lr', 'only-lr', 'large-patchifier'] as MemoryVariant[])('%s is temporally causal: later frames do not change earlier tokens', (variant) => {
    const model = new VideoModel(microConfig({ variant }), 4);
    openGate(model, 1);
    const changed = tf.concat([tf.slice(history, [0, 0, 0, 0, 0], [2, 4, 16, 16, 3]), tf.neg(tf.slice(history, [0, 4, 0, 0, 0], [2, 4, 16, 16, 3]))], 1) as tf.Tensor5D;
    const a = model.encodeMemory(history, range(8));
    const b = model.encodeMemory(changed, range(8));
    const perTime = 4; // a 4x4 token grid at 2x2x2 has 2x2 boxes a time step
    const early = (m: tf.Tensor3D) => tf.slice(m, [0, 0, 0], [2, 2 * perTime, 32]);
    const late = (m: tf.Tensor3D) => tf.slice(m, [0, 2 * perTime, 0], [2, 2 * perTime, 32]);
    expect(tf.max(tf.abs(tf.sub(early(a.tokens), early(b.tokens)))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(late(a.tokens), late(b.tokens)))).dataSync()[0]).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('pads histories whose grid does not divide into boxes, and rejects wrong inputs', () => {
    const config = microConfig({ compression: '4x4x2' });
    const model = new VideoModel({ ...config, video: { ...config.video, width: 24, height: 12 } }, 5);
    const odd = syntheticVideo(1, 5, 12, 24);
    const memory = model.encodeMemory(odd, range(5));
    expect(memory.tokens.shape).toEqual([1, 3 * 1 * 2, 32]); // ceil(5/2) x ceil(3/4) x ceil(6/4)
    expect(memory.positions[1]).toEqual([0.5, 1, 4.5]); // columns 4..5 of a 6-column grid
    expect(() => model.encodeMemory(odd, range(4))).toThrow(ModelError);
    expect(() => model.encodeMemory(history, range(8))).toThrow(/expected shape/);
    const empty = model.encodeMemory(tf.zeros([1, 0, 12, 24, 3]) as tf.Tensor5D, []);
    expect(empty.tokens.shape).toEqual([1, 0, 32]);
    model.dispose();
  });
});
