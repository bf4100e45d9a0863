// Issue 14: `npm run bench:engine` died with "memory access out of bounds" in the section after
// the kernel one. The kernel section's timing loop kept every result (tf.tidy returns what its
// function returns), 3 GB in 4,186 tensors, and wasm's heap cannot pass 4 GiB. This runs the
// kernel benchmark's own cases, shapes and stock/override switching, in one process with a
// training step of the tiny preset after them, as the benchmark does, on a short timing.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawLossRandomness, flowLoss } from '../../main/engine/flow/loss';
import { defaultWorkload } from '../../main/engine/model/cost';
import { VideoModel } from '../../main/engine/model/model';
import { Rng } from '../../main/engine/optim/rng';
import { presetConfig } from '../../main/engine/presets';
import { runKernelCases } from '../bench/engine-kernels';
import { useBackend } from './model-fixtures';

/** The wasm module's heap in bytes (it grows, never shrinks). */
const wasmHeapBytes = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;

describe('the kernel benchmark, then training, in one process', () => {
  it('frees every tensor it makes and leaves a training step able to run', async () => {
    await useBackend('wasm');
    const live = tf.memory().numTensors;
    const rows = await runKernelCases(() => undefined, { rounds: 1, minSeconds: 0, maxIterations: 3 });
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((row) => row.after > 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(live);
    expect(wasmHeapBytes()).toBeLessThan(1.5 * 2 ** 30);

    const model = new VideoModel(presetConfig('tiny'), 1);
    const { width, height, channels, chunkFrames } = model.config.video;
    const { historyFrames } = defaultWorkload(model.config);
    const batch = {
      kind: 'continuation' as const,
      history: tf.randomUniform([1, historyFrames, height, width, channels], -1, 1, 'float32', 1) as tf.Tensor5D,
      target: tf.randomUniform([1, chunkFrames, height, width, channels], -1, 1, 'float32', 2) as tf.Tensor5D,
      captions: ['the first character walks to the left'],
    };
    try {
      const draws = drawLossRandomness(Rng.fromSeed(1), 1, model.config.flow);
      const { value, grads } = tf.variableGrads(() => flowLoss(model, batch, draws), [...model.params().values()]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
    } finally {
      tf.dispose([batch.history, batch.target]);
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(live);
  }, 180_000);
});
