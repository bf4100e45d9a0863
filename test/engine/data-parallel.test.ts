// Data-parallel training (main/engine/parallel): a step shared with worker threads computes the
// batch's gradient (up to float32 summation order), a run with workers resumes bit-exactly, and
// a worker that dies fails the step at once with a typed error instead of hanging the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../main/engine/backend';
import { disposeCheckpoint, loadCheckpoint } from '../../main/engine/checkpoint/folder';
import { drawLossRandomness, flowLoss, type LossDraws } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import { VideoModel } from '../../main/engine/model/model';
import { computeGradients, type Gradients } from '../../main/engine/optim/gradients';
import { Rng } from '../../main/engine/optim/rng';
import { DataParallel } from '../../main/engine/parallel/data-parallel';
import { shardRanges } from '../../main/engine/parallel/shards';
import { selfTestConfig } from '../../main/engine/selftest';
import { clipFrames, defaultTrainConfig, runTraining, TrainError, type ClipSource, type TrainingClip } from '../../main/engine/train/index';

const config = selfTestConfig();
const { width, height } = config.video;

let root: string;
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  root = mkdtempSync(join(tmpdir(), 'longshot-parallel-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Clips of random pixels from a seeded generator, resumable by their count. */
function clips(frames: number, from = 0): ClipSource {
  let count = from;
  return {
    next: (): TrainingClip => {
      const rng = Rng.fromSeed(100 + count++);
      return {
        width, height, frameCount: frames, frames: Uint8Array.from({ length: frames * width * height * 3 }, () => rng.nextUint32() & 255),
        captions: new Array<string>(frames).fill(count % 2 === 0 ? 'a red ball' : 'night'),
      };
    },
    cursor: () => count,
    close: () => undefined,
  };
}

function batches(): TaskBatch[] {
  const history = tf.randomUniform([5, 4, height, width, 3], -1, 1, 'float32', 5) as tf.Tensor5D;
  const target = tf.randomUniform([5, 2, height, width, 3], -1, 1, 'float32', 6) as tf.Tensor5D;
  return [
    { kind: 'retrieval', clips: history, captions: ['', '', '', '', ''], targetIndices: [[0, 3], [3, 1], [2, 2], [1, 0], [3, 3]] },
    { kind: 'continuation', history, target, captions: ['a red ball', 'night', 'a cat', '', 'night'], newShot: [false, true, false, false, true] },
    // Openings: no history at all (wasm's Gather returned a wrong shape for such a tensor's rows).
    { kind: 'continuation', history: tf.zeros([5, 0, height, width, 3]) as tf.Tensor5D, target, captions: ['a red ball', 'night', 'a cat', '', 'night'], newShot: [true, true, true, true, true] },
  ];
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
const maxAbsOf = (a: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0] as number);

describe('data-parallel gradients', () => {
  it('splits a batch into contiguous shards that cover every row once', () => {
    expect(shardRanges(5, 2)).toEqual([{ start: 0, count: 3 }, { start: 3, count: 2 }]);
    expect(shardRanges(4, 3)).toEqual([{ start: 0, count: 2 }, { start: 2, count: 1 }, { start: 3, count: 1 }]);
  });

  it('computes the whole batch\'s loss and gradients on 2 and 3 engines, for both tasks, for openings and with loss weights', async () => {
    const model = new VideoModel(config, 1);
    const params = model.params();
    const gradientsOf = (batch: TaskBatch, draws: LossDraws): Gradients => computeGradients(params, () => flowLoss(model, batch, draws));
    for (const engines of [2, 3]) {
      const pool = await DataParallel.start(config, 1, params, engines);
      try {
        for (const [i, batch] of batches().entries()) {
          // The last batch with the low-noise weight: each shard must carry its rows' weights.
          const draws = drawLossRandomness(Rng.fromSeed(7), 5, config.flow, i === 2 ? { lowNoiseWeight: 0.25 } : {});
          const whole = gradientsOf(batch, draws);
          const shared = await pool.gradients(params, batch, draws, gradientsOf);
          expect(Math.abs(shared.loss - whole.loss)).toBeLessThan(1e-6 * Math.max(1, whole.loss));
          expect([...shared.grads.keys()].sort()).toEqual([...whole.grads.keys()].sort());
          for (const [name, grad] of whole.grads) {
            // Only the summation order differs: within 1e-5 of the gradient's largest entry.
            expect(maxAbs(shared.grads.get(name) as tf.Tensor, grad), `${batch.kind} ${name}`).toBeLessThanOrEqual(1e-5 * Math.max(maxAbsOf(grad), 1e-3));
          }
          tf.dispose([...whole.grads.values(), ...shared.grads.values()]);
        }
      } finally {
        await pool.close();
      }
    }
    const [retrieval, continuation, opening] = batches();
    tf.dispose([(retrieval as Extract<TaskBatch, { kind: 'retrieval' }>).clips, (continuation as Extract<TaskBatch, { kind: 'continuation' }>).target,
      (opening as Extract<TaskBatch, { kind: 'continuation' }>).history]);
    model.dispose();
  }, 120_000);

  it('fails the step with worker_failed when a worker dies, and does not hang', async () => {
    const model = new VideoModel(config, 1);
    const params = model.params();
    const gradientsOf = (batch: TaskBatch, draws: LossDraws): Gradients => computeGradients(params, () => flowLoss(model, batch, draws));
    const pool = await DataParallel.start(config, 1, params, 2, new URL('../fixtures/dying-worker.mjs', import.meta.url));
    const [batch] = batches() as [TaskBatch, TaskBatch];
    const draws = drawLossRandomness(Rng.fromSeed(7), 5, config.flow);
    try {
      const first = await pool.gradients(params, batch, draws, gradientsOf);
      tf.dispose([...first.grads.values()]);
      const second = pool.gradients(params, batch, draws, gradientsOf);
      await expect(second).rejects.toThrow(TrainError);
      await expect(second).rejects.toMatchObject({ code: 'worker_failed', message: expect.stringMatching(/worker 1 exited \(code 3\).*last checkpoint is intact/) });
      // Later steps fail the same way rather than wait on the dead worker.
      await expect(pool.gradients(params, batch, draws, gradientsOf)).rejects.toMatchObject({ code: 'worker_failed' });
    } finally {
      await pool.close();
      tf.dispose((batch as Extract<TaskBatch, { kind: 'retrieval' }>).clips);
      model.dispose();
    }
  }, 120_000);
});

describe('a training run on two engines', () => {
  const stage = 'finetune' as const;
  const frames = clipFrames(config, stage);
  const train = defaultTrainConfig(stage, { steps: 6, batch: 3, warmupSteps: 1, evalEvery: 0, checkpointEvery: 3, keepLast: 4, workers: 2 });
  const options = (runDir: string) => ({
    model: config, train, runDir, validation: [],
    source: (cursor: unknown) => clips(frames, typeof cursor === 'number' ? cursor : 0),
  });

  it('resumes bit-exactly: 6 steps straight equal 4 (the 4th lost in a crash), a restart from step 3, and 3 more', async () => {
    const straight = join(root, 'straight');
    await runTraining(options(straight));
    const pieces = join(root, 'pieces');
    // Dies during step 4, after the checkpoint of step 3.
    await expect(runTraining({ ...options(pieces), onStep: (report) => { if (report.step === 4) throw new Error('crash'); } })).rejects.toThrow('crash');
    const resumed = await runTraining(options(pieces));
    expect(resumed.resumedFrom).toBe(3);
    const a = loadCheckpoint(join(straight, 'step-000006'));
    const b = loadCheckpoint(join(pieces, 'step-000006'));
    try {
      for (const [name, weight] of a.weights) expect(maxAbs(weight, b.weights.get(name) as tf.Tensor), name).toBe(0);
    } finally {
      disposeCheckpoint(a);
      disposeCheckpoint(b);
    }
  }, 300_000);
});
