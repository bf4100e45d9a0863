// Exact resume (reliability.md, Jobs): N training steps straight equal k steps, a checkpoint, fresh
// objects loaded from it, and N - k more steps. Everything a step depends on (weights, AdamW
// moments and step count, EMA, RNG, schedule position) must travel through the checkpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../main/engine/backend';
import { assignWeights } from '../../main/engine/checkpoint/assign';
import { disposeCheckpoint, loadCheckpoint } from '../../main/engine/checkpoint/folder';
import { findLatestValidCheckpoint, saveRotatingCheckpoint } from '../../main/engine/checkpoint/rotation';
import { AdamW } from '../../main/engine/optim/adamw';
import { Ema } from '../../main/engine/optim/ema';
import { clipGradsByGlobalNorm, computeGradients } from '../../main/engine/optim/gradients';
import { Rng } from '../../main/engine/optim/rng';
import { learningRateAt } from '../../main/engine/optim/schedule';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'longshot-resume-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TOTAL = 12;
const SCHEDULE = { peak: 0.05, warmupSteps: 3, totalSteps: TOTAL };
const architecture = { inputs: 4, outputs: 2 };

/** A tiny linear-regression trainer: the parts a real run has, on a problem that runs in ms. */
class Trainer {
  readonly params = new Map<string, tf.Variable>([
    ['linear.weight', tf.tidy(() => tf.variable(tf.zeros([4, 2])))],
    ['linear.bias', tf.tidy(() => tf.variable(tf.zeros([2])))],
  ]);
  readonly adamw = new AdamW(this.params, { weightDecay: 0.05 });
  readonly ema = new Ema(this.params, 0.8);
  private readonly trueWeight = tf.tensor2d([[1, -1], [0.5, 2], [-3, 0], [0.25, 1]]);
  step = 0;

  constructor(public rng: Rng) {}

  trainStep(): void {
    // Inputs from the JS generator, label noise from a tfjs op seeded by it: both must resume.
    const x = tf.tensor2d(Array.from({ length: 8 * 4 }, () => this.rng.normal()), [8, 4]);
    const noise = tf.randomNormal([8, 2], 0, 0.1, 'float32', this.rng.seed());
    const y = tf.tidy(() => tf.add(tf.matMul(x, this.trueWeight), noise));
    const w = this.params.get('linear.weight') as tf.Variable;
    const b = this.params.get('linear.bias') as tf.Variable;
    const { grads } = computeGradients(this.params, () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))));
    const clipped = clipGradsByGlobalNorm(grads, 1);
    this.adamw.step(clipped.grads, learningRateAt(this.step, SCHEDULE));
    this.ema.update();
    tf.dispose([x, noise, y, ...grads.values(), ...clipped.grads.values()]);
    this.step++;
  }

  async save(runDir: string): Promise<void> {
    await saveRotatingCheckpoint(runDir, this.step, {
      config: { preset: 'test', architecture },
      weights: this.params,
      optimizer: new Map([...this.adamw.stateTensors(), ...this.ema.stateTensors()]),
      state: { step: this.step, rng: this.rng.getState() },
    }, { keepLast: 2 });
  }

  /** Restores everything from the newest valid checkpoint of the run. */
  resume(runDir: string): void {
    const found = findLatestValidCheckpoint(runDir);
    if (!found) throw new Error('no checkpoint to resume from');
    const loaded = loadCheckpoint(found.dir, { expectConfig: { architecture } });
    try {
      assignWeights(this.params, loaded);
      this.adamw.loadState(loaded.optimizer ?? new Map());
      this.ema.loadState(loaded.optimizer ?? new Map());
      this.rng = Rng.fromState(loaded.state?.rng);
      this.step = loaded.state?.step as number;
    } finally {
      disposeCheckpoint(loaded);
    }
  }

  snapshot(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, v] of this.params) out[name] = [...(v.dataSync() as Float32Array)];
    for (const [name, v] of this.ema.weights()) out[`ema.${name}`] = [...(v.dataSync() as Float32Array)];
    return out;
  }

  dispose(): void {
    this.adamw.dispose();
    this.ema.dispose();
    this.trueWeight.dispose();
    for (const v of this.params.values()) v.dispose();
  }
}

describe.each(['cpu', 'wasm'] as const)('exact resume on %s', (backend) => {
  it('k steps, checkpoint, fresh objects, N - k steps equals N steps straight (within 1e-6)', async () => {
    await initEngine({ backend });
    expect(tf.getBackend()).toBe(backend);
    const start = tf.memory().numTensors;
    const straight = new Trainer(Rng.fromSeed(2024));
    straight.trainStep();
    const baseline = tf.memory().numTensors;
    while (straight.step < TOTAL) {
      straight.trainStep();
      expect(tf.memory().numTensors).toBe(baseline);
    }
    const expected = straight.snapshot();
    straight.dispose();

    const runDir = join(root, backend);
    const first = new Trainer(Rng.fromSeed(2024));
    for (let i = 0; i < 5; i++) first.trainStep();
    await first.save(runDir);
    first.trainStep(); // work after the checkpoint is lost when the process dies
    first.dispose();

    const second = new Trainer(Rng.fromSeed(999)); // a different seed: the checkpoint must override it
    second.resume(runDir);
    expect(second.step).toBe(5);
    while (second.step < TOTAL) second.trainStep();
    const resumed = second.snapshot();
    second.dispose();

    expect(Object.keys(resumed)).toEqual(['linear.weight', 'linear.bias', 'ema.linear.weight', 'ema.linear.bias']);
    for (const [name, values] of Object.entries(expected)) {
      const other = resumed[name] as number[];
      expect(Math.max(...values.map((v, i) => Math.abs(v - (other[i] as number)))), name).toBeLessThanOrEqual(1e-6);
    }
    expect(tf.memory().numTensors).toBe(start);
    // The run moved the weights: equality is not two untouched zero tensors.
    expect(Math.max(...(expected['linear.weight'] as number[]).map(Math.abs))).toBeGreaterThan(0.1);
  });
});
