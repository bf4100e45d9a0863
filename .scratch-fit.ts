import * as tf from '@tensorflow/tfjs-core';
import { useBackend, microConfig, syntheticVideo } from './test/engine/model-fixtures';
import { VideoModel } from './main/engine/model/model';
import { flowLoss, drawLossRandomness } from './main/engine/flow/loss';
import { Rng } from './main/engine/optim/rng';
await useBackend('wasm');
const kind = process.argv[2] as 'retrieval' | 'continuation';
const lr = Number(process.argv[3] ?? 3e-3);
const model = new VideoModel(microConfig(), 1);
const clips = syntheticVideo(2, 8, 16, 16);
const target = syntheticVideo(2, 2, 16, 16);
const batch = kind === 'retrieval' ? { kind, clips, captions: ['a red ball', 'the cat'], targetIndices: [[1, 6], [4, 2]] } as const
  : { kind, history: clips, target, captions: ['a red ball', 'the cat'] } as const;
const rng = Rng.fromSeed(2);

const opt = tf.train.adam(lr);
const vars = [...model.params().values()];
const t0 = performance.now();
let first = 0;
for (let step = 0; step < 400; step++) {
  const draws = drawLossRandomness(rng, 2, model.config.flow);
  const { value, grads } = tf.variableGrads(() => flowLoss(model, batch, draws), vars);
  opt.applyGradients(grads);
  const loss = value.dataSync()[0]!;
  if (step === 0) first = loss;
  tf.dispose([value, ...Object.values(grads)]);
  if (step % 25 === 0 || loss < first / 10) console.log(step, loss.toFixed(4), ((performance.now() - t0) / 1000).toFixed(1), 's', (model.params().get('memory.gate') as tf.Variable).dataSync()[0]);
  if (loss < first / 10) break;
}
