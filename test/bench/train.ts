/**
 * `npm run bench:train`: training throughput of the `tiny` preset on this machine: samples/s and
 * achieved GFLOP/s (forward FLOPs from model/cost.ts, times 3 for forward plus backward) of the
 * real training loop (batch drawing, flow loss, gradients, clipping, AdamW, EMA) for each stage,
 * on random clips (speed does not depend on the pixels). Prints a table and writes
 * bench-results/train.json.
 *
 * Usage: tsx test/bench/train.ts [STEPS] [BATCH]   (default 6 measured steps of 4 clips, after 1 warm-up step)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  stage: TrainingStage;
  batch: number;
  secondsPerStep: number;
  samplesPerSecond: number;
  gflopPerSample: number;
  gflopPerSecond: number;
}

async function measure(stage: TrainingStage, steps: number, batch: number, root: string): Promise<Row> {
  const model = presetConfig('tiny');
  const train = defaultTrainConfig(stage, { steps: steps + 1, batch, warmupSteps: 1, evalEvery: 0, checkpointEvery: steps + 1 });
  const seconds: number[] = [];
  await runTraining({
    model, train, runDir: path.join(root, stage), validation: [],
    source: () => randomClips(model, clipFrames(model, stage)),
    onStep: (report) => {
      // The first step pays for kernel set-up and buffer growth.
      if (report.step > 1) seconds.push(report.stepSeconds);
    },
  });
  const secondsPerStep = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  const gflopPerSample = (3 * sampleFlops(model, stage, train.retrievalTargets)) / 1e9;
  const samplesPerSecond = batch / secondsPerStep;
  return { stage, batch, secondsPerStep, samplesPerSecond, gflopPerSample, gflopPerSecond: samplesPerSecond * gflopPerSample };
}

async function main(argv: string[]): Promise<number> {
  const steps = Number(argv[0] ?? 6);
  const batch = Number(argv[1] ?? 4);
  if (!(Number.isInteger(steps) && steps >= 1 && Number.isInteger(batch) && batch >= 1)) {
    console.error('usage: tsx test/bench/train.ts [STEPS] [BATCH]');
    return 2;
  }
  const engine = await initEngine();
  console.log(`tiny training steps on ${engine.backend} (${engine.device}), ${steps} measured steps of ${batch} clips per stage`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'longshot-bench-train-'));
  const rows: Row[] = [];
  try {
    for (const stage of ['pretrain', 'finetune'] as const) rows.push(await measure(stage, steps, batch, root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log('\nstage      batch  s/step  samples/s  GFLOP/sample  GFLOP/s');
  for (const r of rows) {
    console.log(`${r.stage.padEnd(10)} ${String(r.batch).padStart(5)} ${r.secondsPerStep.toFixed(2).padStart(7)} ${r.samplesPerSecond.toFixed(2).padStart(10)} `
      + `${r.gflopPerSample.toFixed(2).padStart(13)} ${r.gflopPerSecond.toFixed(1).padStart(8)}`);
  }
  const file = path.join('bench-results', 'train.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    engine,
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg(), node: process.version },
    settings: { preset: 'tiny', steps, batch },
    rows,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
