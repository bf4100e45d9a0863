import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { presetConfig } from './main/engine/presets';
import { VideoModel } from './main/engine/model/model';
import { forwardFlops, defaultWorkload, parameterCount } from './main/engine/model/cost';
await tf.setBackend(process.argv[2] ?? 'wasm');
for (const name of ['tiny', 'base'] as const) {
  const c = presetConfig(name);
  const f = forwardFlops(c, defaultWorkload(c));
  console.log(name, 'params', parameterCount(c), 'flops', f);
}
const config = presetConfig('tiny');
const model = new VideoModel(config, 1);
console.log('actual params', model.parameterCount(), [...model.params().keys()].slice(0, 5), model.params().size);
const B = 4, T = 80;
const hist = tf.randomUniform([B, T, 64, 64, 3], -1, 1) as tf.Tensor5D;
const before = tf.memory().numTensors;
const t0 = performance.now();
const out = tf.tidy(() => {
  const memory = model.encodeMemory(hist, Array.from({ length: T }, (_, i) => i));
  const caption = model.encodeCaptions(['a red ball', 'b', 'c', 'd']);
  const win = tf.slice(hist, [0, T - 1, 0, 0, 0], [B, 1, 64, 64, 3]) as tf.Tensor5D;
  const xt = tf.randomNormal([B, 2, 64, 64, 3]) as tf.Tensor5D;
  return model.predictX0(xt, tf.fill([B], 0.5) as tf.Tensor1D, { caption, memory, window: { frames: win, times: Array.from({ length: B }, () => [T - 1]) }, targetTimes: Array.from({ length: B }, () => [T, T + 1]) });
});
await out.data();
console.log('forward ms', performance.now() - t0, out.shape, tf.memory().numTensors - before);
out.dispose();
const t1 = performance.now();
const { value, grads } = tf.variableGrads(() => {
  const memory = model.encodeMemory(hist, Array.from({ length: T }, (_, i) => i));
  const caption = model.encodeCaptions(['a red ball', 'b', 'c', 'd']);
  const xt = tf.randomNormal([B, 2, 64, 64, 3]) as tf.Tensor5D;
  const y = model.predictX0(xt, tf.fill([B], 0.5) as tf.Tensor1D, { caption, memory, window: null, targetTimes: Array.from({ length: B }, () => [T, T + 1]) });
  return tf.mean(tf.square(tf.sub(y, xt))) as tf.Scalar;
});
await value.data();
console.log('train ms', performance.now() - t1, Object.keys(grads).length);
