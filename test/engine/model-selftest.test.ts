import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selfTest } from '../../main/engine/selftest';
import { useBackend } from './model-fixtures';

describe('start-up self-test', () => {
  it('passes every layer kind on wasm without leaking tensors', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    expect(await selfTest()).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('reports a kernel the backend lacks instead of throwing', async () => {
    await useBackend('cpu');
    const softmax = tf.getKernel('Softmax', 'cpu');
    if (softmax === undefined) throw new Error('the cpu backend has no Softmax kernel to remove');
    tf.unregisterKernel('Softmax', 'cpu');
    try {
      const before = tf.memory().numTensors;
      const failures = await selfTest();
      expect(tf.memory().numTensors).toBe(before);
      expect(failures.map((f) => f.layer)).toEqual(['attention', 'model:large-patchifier', 'model:only-lr', 'model:without-lr', 'model:pfp', 'model:none']);
      expect(failures.every((f) => f.kernel === 'Softmax' && f.message.includes('not registered'))).toBe(true);
    } finally {
      tf.registerKernel(softmax);
    }
  }, 60_000);
});
