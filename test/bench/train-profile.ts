/**
 * `npm run bench:train-profile`: where one training step's time goes. Runs the tiny preset's
 * gradient computation (flow loss forward and backward, no optimizer) on a continuation batch of
 * random clips under tf.profile, and groups kernel time by kernel, with matMul and conv kernels
 * split by their input shapes (a product's speed depends on its shape). Prints the largest
 * groups and writes bench-results/train-profile.json with all of them.
 *
 * Usage: tsx test/bench/train-profile.ts [BATCH] [TOP]   (default batch 4, top 30 groups)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../main/engine/backend';
import { drawLossRandomness, flowLoss } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import { VideoModel } from '../../main/engine/model/model';
import { computeGradients } from '../../main/engine/optim/gradients';
import { Rng } from '../../main/engine/optim/rng';
import { presetConfig } from '../../main/engine/presets';
import { historyFrames } from '../../main/engine/train/index';

interface Group {
  kernel: string;
  /** Input shapes, for products (matMul, conv); null for the rest, grouped by name alone. */
  shapes: number[][] | null;
  calls: number;
  ms: number;
  share: number;
}

const PRODUCT = /MatMul|Conv/;

async function main(argv: string[]): Promise<number> {
  const batchSize = Number(argv[0] ?? 4);
  const top = Number(argv[1] ?? 30);
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && Number.isInteger(top) && top >= 1)) {
    console.error('usage: tsx test/bench/train-profile.ts [BATCH] [TOP]');
    return 2;
  }
  const engine = await initEngine();
  const config = presetConfig('tiny');
  const model = new VideoModel(config, 1);
  const params = model.params();
  const { width, height, chunkFrames } = config.video;
  const batch: TaskBatch = {
    kind: 'continuation',
    history: tf.randomUniform([batchSize, historyFrames(config), height, width, 3], -1, 1, 'float32', 1) as tf.Tensor5D,
    target: tf.randomUniform([batchSize, chunkFrames, height, width, 3], -1, 1, 'float32', 2) as tf.Tensor5D,
    captions: new Array<string>(batchSize).fill('a red circle walks in from the left'),
    newShot: new Array<boolean>(batchSize).fill(false),
  };
  const step = (): void => {
    const { grads } = computeGradients(params, () => flowLoss(model, batch, drawLossRandomness(Rng.fromSeed(1), batchSize, config.flow)));
    tf.dispose([...grads.values()]);
  };
  step(); // warm-up: kernel set-up and heap growth
  const started = performance.now();
  const info = await tf.profile(step);
  const wallMs = performance.now() - started;
  const groups = new Map<string, Group>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    kernelMs += ms;
    const shapes = PRODUCT.test(k.name) ? k.inputShapes : null;
    const key = `${k.name} ${JSON.stringify(shapes)}`;
    const group = groups.get(key) ?? { kernel: k.name, shapes, calls: 0, ms: 0, share: 0 };
    group.calls += 1;
    group.ms += ms;
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.ms - a.ms).map((g) => ({ ...g, share: g.ms / kernelMs }));
  console.log(`tiny gradients on ${engine.backend}, batch ${batchSize} (continuation): ${wallMs.toFixed(0)} ms wall under the profiler, `
    + `${kernelMs.toFixed(0)} ms in ${info.kernels.length} kernels`);
  console.log('\n      ms  share  calls  kernel');
  for (const g of sorted.slice(0, top)) {
    console.log(`${g.ms.toFixed(1).padStart(8)} ${(100 * g.share).toFixed(1).padStart(5)}% ${String(g.calls).padStart(6)}  ${g.kernel}${g.shapes ? ` ${JSON.stringify(g.shapes)}` : ''}`);
  }
  const products = sorted.filter((g) => g.shapes !== null).reduce((sum, g) => sum + g.ms, 0);
  console.log(`\nproducts (matMul, conv): ${(100 * products / kernelMs).toFixed(0)}% of kernel time; the other kernels: ${(100 * (1 - products / kernelMs)).toFixed(0)}%`);
  const file = path.join('bench-results', 'train-profile.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(), engine,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    settings: { preset: 'tiny', batch: batchSize, task: 'continuation' },
    wallMs, kernelMs, kernels: info.kernels.length, groups: sorted,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${file}`);
  tf.dispose([batch.history, batch.target]);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
