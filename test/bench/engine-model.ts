/**
 * Model section of `npm run bench:engine`: the `tiny` preset's x0 forward, training step
 * (forward + backward, variableGrads) and guided sampler step, in samples/s and achieved
 * GFLOP/s, beside the 2-D matMul ceiling measured in the same run. Each case runs with the
 * stock wasm kernels and with the overrides, alternately, best of a few calls each. FLOPs come
 * from the analytic count (model/cost.ts); a training step counts 3x the forward, the usual
 * forward + 2x backward estimate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { drawLossRandomness, flowLoss } from '../../main/engine/flow/loss';
import { sample } from '../../main/engine/flow/sampler';
import { defaultWorkload, forwardFlops } from '../../main/engine/model/cost';
import { VideoModel } from '../../main/engine/model/model';
import { Rng } from '../../main/engine/optim/rng';
import { presetConfig } from '../../main/engine/presets';
import { registerWasmKernelOverrides, unregisterWasmKernelOverrides } from '../../main/engine/kernels';
import { computeAndFree, type BenchRow, type BenchSection } from './engine-section';

const BATCH = 4;
const ROUNDS = 2;
const MIN_SECONDS = 1;
const MAX_CALLS = 5;

/** Best wall time in seconds of `run` (after one warm-up call). */
async function bestSeconds(run: () => Promise<void> | void): Promise<number> {
  await run();
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let i = 0; i < MAX_CALLS && (i === 0 || performance.now() - start < MIN_SECONDS * 1000); i++) {
    const t0 = performance.now();
    await run();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** Stock and override timings of `run`, alternating ROUNDS times. */
async function stockAndOverride(run: () => Promise<void> | void): Promise<[number, number]> {
  let stock = Number.POSITIVE_INFINITY;
  let override = Number.POSITIVE_INFINITY;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      unregisterWasmKernelOverrides();
      stock = Math.min(stock, await bestSeconds(run));
      registerWasmKernelOverrides();
      override = Math.min(override, await bestSeconds(run));
    }
  } finally {
    registerWasmKernelOverrides();
  }
  return [stock, override];
}

/** A synthetic tiny continuation batch: 10 s of history, one chunk of target. */
function tinyBatch(model: VideoModel) {
  const { width, height, channels, chunkFrames } = model.config.video;
  const { historyFrames } = defaultWorkload(model.config);
  return {
    kind: 'continuation' as const,
    history: tf.randomUniform([BATCH, historyFrames, height, width, channels], -1, 1, 'float32', 1) as tf.Tensor5D,
    target: tf.randomUniform([BATCH, chunkFrames, height, width, channels], -1, 1, 'float32', 2) as tf.Tensor5D,
    captions: Array.from({ length: BATCH }, (_, i) => `sample ${i} walks left`),
  };
}

/** The model section: tiny forward, training step and sampler step. */
export const modelSection: BenchSection = {
  name: 'model',
  title: `tiny preset, batch ${BATCH}: throughput with stock and overridden wasm kernels`,
  beforeLabel: 'stock',
  afterLabel: 'override',
  run: async (log) => {
    if (tf.getBackend() !== 'wasm') throw new Error(`the model section needs the wasm backend, got ${tf.getBackend()}`);
    const model = new VideoModel(presetConfig('tiny'), 1);
    const batch = tinyBatch(model);
    const flops = forwardFlops(model.config, defaultWorkload(model.config));
    const a = tf.randomNormal([512, 512]);
    const b = tf.randomNormal([512, 512]);
    const rng = Rng.fromSeed(1);
    const rows: BenchRow[] = [];
    const add = (op: string, unit: string, before: number, after: number, note?: string): void => {
      rows.push({ op, shape: `B=${BATCH}`, unit, before, after, ...(note === undefined ? {} : { note }) });
      log(`${op}: ${before.toFixed(2)} -> ${after.toFixed(2)} ${unit}`);
    };
    try {
      const [ceilStock, ceilOverride] = await stockAndOverride(() => computeAndFree(() => tf.matMul(a, b)));
      const ceiling = (2 * 512 ** 3) / ceilOverride / 1e9;
      rows.push({ op: '2-D matMul ceiling', shape: '[512,512] x [512,512]', unit: 'GFLOP/s', before: (2 * 512 ** 3) / ceilStock / 1e9, after: ceiling });
      const percent = (gflops: number): string => `${((100 * gflops) / ceiling).toFixed(0)}% of the 2-D matMul ceiling`;
      const report = (op: string, seconds: [number, number], flopsPerSample: number): void => {
        const [stock, override] = seconds.map((s) => BATCH / s) as [number, number];
        add(`${op} samples/s`, 'samples/s', stock, override);
        add(`${op} GFLOP/s`, 'GFLOP/s', (stock * flopsPerSample) / 1e9, (override * flopsPerSample) / 1e9, percent((override * flopsPerSample) / 1e9));
      };

      report('forward (text + memory + G)', await stockAndOverride(() => {
        computeAndFree(() => flowLoss(model, batch, drawLossRandomness(rng, BATCH, model.config.flow)));
      }), flops.total);

      const variables = [...model.params().values()];
      report('training step (fwd + bwd)', await stockAndOverride(() => {
        const draws = drawLossRandomness(rng, BATCH, model.config.flow);
        const { value, grads } = tf.variableGrads(() => flowLoss(model, batch, draws), variables);
        value.dataSync();
        tf.dispose([value, ...Object.values(grads)]);
      }), 3 * flops.total);

      const historyFrames = batch.history.shape[1];
      const memory = model.encodeMemory(batch.history, Array.from({ length: historyFrames }, (_, i) => i));
      const request = {
        captions: batch.captions, memory, window: null,
        targetTimes: batch.captions.map(() => [historyFrames, historyFrames + 1]), seeds: batch.captions.map((_, i) => i),
      };
      report('sampler step, guidance 2', await stockAndOverride(async () => {
        (await sample(model, request, { steps: 1, guidance: 2, shift: 3 })).dispose();
      }), 2 * flops.generator);
      memory.tokens.dispose();
    } finally {
      tf.dispose([a, b, batch.history, batch.target]);
      model.dispose();
    }
    return rows;
  },
};
