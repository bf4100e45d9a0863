/**
 * `npm run bench:train`: training throughput of the `tiny` preset on this machine: samples/s and
 * achieved GFLOP/s (forward FLOPs from model/cost.ts, times 3 for forward plus backward) of the
 * real training loop (batch drawing, flow loss, gradients, clipping, AdamW, EMA) for each stage,
 * on random clips (speed does not depend on the pixels), on 1 and on 2 engines (TrainConfig.workers),
 * all in one run. Beside them: the 2-D matMul ceiling of one engine, measured in the same run
 * (every GFLOP/s row carries `ofCeiling`, its fraction), and, where /usr/bin/python3 has torch,
 * a PyTorch step of a DiT of the generator's size (train-torch.py) on 1 and 2 threads with the
 * ratio of each engine row to the faster PyTorch row. Prints a table and writes
 * bench-results/train.json.
 *
 * Usage: tsx test/bench/train.ts [STEPS] [BATCH]   (default 6 measured steps of 4 clips, after 1 warm-up step)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../main/engine/backend';
import { forwardFlops } from '../../main/engine/model/cost';
import { Rng } from '../../main/engine/optim/rng';
import { presetConfig } from '../../main/engine/presets';
import {
  clipFrames, defaultTrainConfig, historyFrames, runTraining, type ClipSource, type TrainingClip, type TrainingStage,
} from '../../main/engine/train/index';
import type { ModelConfig } from '../../main/engine/model/config';

/** Endless random clips of the model's format. */
function randomClips(model: ModelConfig, frames: number): ClipSource {
  const rng = Rng.fromSeed(1);
  const { width, height } = model.video;
  return {
    next: (): TrainingClip => ({
      width, height, frameCount: frames,
      frames: Uint8Array.from({ length: frames * width * height * 3 }, () => rng.nextUint32() & 255),
      captions: new Array<string>(frames).fill('a red circle walks in from the left'),
    }),
    cursor: () => null,
    close: () => undefined,
  };
}

/** Forward FLOPs of one training sample of a stage (fine-tuning: the mean drawn history). */
function sampleFlops(model: ModelConfig, stage: TrainingStage, targets: number): number {
  const history = historyFrames(model);
  const chunk = model.video.chunkFrames;
  switch (stage) {
    case 'pretrain': return forwardFlops(model, { historyFrames: history, targetFrames: targets, windowFrames: 0 }).total;
    case 'finetune': {
      const meanHistory = (chunk * (1 + Math.floor(history / chunk))) / 2;
      return forwardFlops(model, { historyFrames: meanHistory, targetFrames: chunk, windowFrames: model.generator.windowFrames }).total;
    }
  }
}

interface Row {
  /** A training stage of the tiny preset, or `pytorch` for the reference step. */
  stage: TrainingStage | 'pytorch';
  /** Engines (worker threads plus the main thread) or PyTorch threads. */
  engines: number;
  batch: number;
  secondsPerStep: number;
  samplesPerSecond: number;
  gflopPerSample: number;
  gflopPerSecond: number;
  /** gflopPerSecond over the 2-D matMul ceiling of one engine, measured in this run. */
  ofCeiling: number;
  /** Engine rows: gflopPerSecond over the faster PyTorch row's (null without PyTorch). */
  ofPytorch: number | null;
}

type Measured = Omit<Row, 'ofCeiling' | 'ofPytorch'>;

async function measure(stage: TrainingStage, engines: number, steps: number, batch: number, root: string): Promise<Measured> {
  const model = presetConfig('tiny');
  const train = defaultTrainConfig(stage, { steps: steps + 1, batch, warmupSteps: 1, evalEvery: 0, checkpointEvery: steps + 1, workers: engines });
  const seconds: number[] = [];
  await runTraining({
    model, train, runDir: path.join(root, `${stage}-${engines}`), validation: [],
    source: () => randomClips(model, clipFrames(model, stage)),
    onStep: (report) => {
      // The first step pays for kernel set-up and buffer growth (in every worker too).
      if (report.step > 1) seconds.push(report.stepSeconds);
    },
  });
  const secondsPerStep = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  const gflopPerSample = (3 * sampleFlops(model, stage, train.retrievalTargets)) / 1e9;
  const samplesPerSecond = batch / secondsPerStep;
  return { stage, engines, batch, secondsPerStep, samplesPerSecond, gflopPerSample, gflopPerSecond: samplesPerSecond * gflopPerSample };
}

/** GFLOP/s of a [512,512] x [512,512] matMul on this engine: the best of 5 timed runs after a warm-up. */
async function matMulCeiling(): Promise<number> {
  const a = tf.randomNormal([512, 512]);
  const b = tf.randomNormal([512, 512]);
  let best = Infinity;
  try {
    for (let i = 0; i < 6; i += 1) {
      const started = performance.now();
      const product = tf.matMul(a, b);
      await product.data();
      product.dispose();
      if (i > 0) best = Math.min(best, (performance.now() - started) / 1000);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return (2 * 512 ** 3) / best / 1e9;
}

const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'train-torch.py');

/** The PyTorch reference rows (1 and 2 threads), or the reason there are none. */
function pytorchRows(steps: number, batch: number): { rows: Measured[]; blas: string | null; skipped: string | null } {
  if (!existsSync(PYTHON)) return { rows: [], blas: null, skipped: `${PYTHON} not found` };
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return { rows: [], blas: null, skipped: 'torch is not importable by /usr/bin/python3 (apt-get install python3-torch)' };
  }
  // Debian's torch calls whichever libblas.so.3 is selected; the reference BLAS is ten times slower than OpenBLAS.
  let blas: string | null = null;
  try {
    blas = execFileSync('readlink', ['-f', '/usr/lib/x86_64-linux-gnu/libblas.so.3'], { encoding: 'utf8' }).trim();
  } catch { /* not a Debian layout */ }
  const rows = [1, 2].map((threads): Measured => {
    const line = execFileSync(PYTHON, [TORCH_SCRIPT, String(steps), String(batch), String(threads)], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    const r = JSON.parse(line) as { secondsPerStep: number; samplesPerSecond: number; gflopPerSample: number; gflopPerSecond: number };
    return { stage: 'pytorch', engines: threads, batch, secondsPerStep: r.secondsPerStep, samplesPerSecond: r.samplesPerSecond, gflopPerSample: r.gflopPerSample, gflopPerSecond: r.gflopPerSecond };
  });
  return { rows, blas, skipped: null };
}

async function main(argv: string[]): Promise<number> {
  const steps = Number(argv[0] ?? 6);
  const batch = Number(argv[1] ?? 4);
  if (!(Number.isInteger(steps) && steps >= 1 && Number.isInteger(batch) && batch >= 2)) {
    console.error('usage: tsx test/bench/train.ts [STEPS] [BATCH]   (BATCH >= 2: the 2-engine rows split it)');
    return 2;
  }
  const engine = await initEngine();
  console.log(`tiny training steps on ${engine.backend} (${engine.device}), ${steps} measured steps of ${batch} clips per row`);
  const ceiling = await matMulCeiling();
  const root = mkdtempSync(path.join(os.tmpdir(), 'longshot-bench-train-'));
  const measured: Measured[] = [];
  try {
    for (const stage of ['pretrain', 'finetune'] as const) {
      for (const engines of [1, 2]) {
        measured.push(await measure(stage, engines, steps, batch, root));
        console.log(`  ${stage} on ${engines} engine(s): ${measured.at(-1)?.gflopPerSecond.toFixed(1)} GFLOP/s`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const torch = pytorchRows(steps, batch);
  if (torch.skipped !== null) console.log(`PyTorch rows skipped: ${torch.skipped}`);
  const bestTorch = Math.max(0, ...torch.rows.map((r) => r.gflopPerSecond));
  const rows: Row[] = [...measured, ...torch.rows].map((r) => ({
    ...r, ofCeiling: r.gflopPerSecond / ceiling, ofPytorch: r.stage === 'pytorch' || bestTorch === 0 ? null : r.gflopPerSecond / bestTorch,
  }));
  console.log(`\n2-D matMul ceiling of one engine: ${ceiling.toFixed(1)} GFLOP/s${torch.blas === null ? '' : `; PyTorch BLAS: ${torch.blas}`}`);
  console.log('\nstage      engines  batch  s/step  samples/s  GFLOP/sample  GFLOP/s  ofCeiling  ofPytorch');
  for (const r of rows) {
    console.log(`${r.stage.padEnd(10)} ${String(r.engines).padStart(7)} ${String(r.batch).padStart(6)} ${r.secondsPerStep.toFixed(2).padStart(7)} ${r.samplesPerSecond.toFixed(2).padStart(10)} `
      + `${r.gflopPerSample.toFixed(2).padStart(13)} ${r.gflopPerSecond.toFixed(1).padStart(8)} ${r.ofCeiling.toFixed(2).padStart(10)} ${(r.ofPytorch === null ? '-' : r.ofPytorch.toFixed(2)).padStart(10)}`);
  }
  const file = path.join('bench-results', 'train.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    engine,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg(), node: process.version },
    settings: { preset: 'tiny', steps, batch },
    ceilingGflopPerSecond: ceiling,
    pytorch: { blas: torch.blas, skipped: torch.skipped },
    rows,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
