import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from './test/engine/model-fixtures';
import { selfTest } from './main/engine/selftest';
for (const b of ['cpu', 'wasm'] as const) {
  await useBackend(b);
  const t0 = performance.now();
  const before = tf.memory().numTensors;
  const f = await selfTest();
  console.log(b, performance.now() - t0, tf.memory().numTensors - before, JSON.stringify(f, null, 1).slice(0, 3000));
}
