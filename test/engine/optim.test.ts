import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../main/engine/backend';
import { AdamW } from '../../main/engine/optim/adamw';
import { Ema } from '../../main/engine/optim/ema';
import { OptimError } from '../../main/engine/optim/errors';
import { clipGradsByGlobalNorm, computeGradients } from '../../main/engine/optim/gradients';
import { Rng } from '../../main/engine/optim/rng';
import { learningRateAt } from '../../main/engine/optim/schedule';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

const values = (t: tf.Tensor): number[] => [...(t.dataSync() as Float32Array)];

describe('AdamW', () => {
  it('matches a hand-computed two-step update with decoupled weight decay', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const params = new Map([['p', p]]);
    const adamw = new AdamW(params, { weightDecay: 0.1, decays: () => true });
    // Step 1 (lr 0.1, g = [0.5, -1]): p *= 0.99 -> [0.99, -1.98]; m = [0.05, -0.1], v = [2.5e-4, 1e-3];
    // m^ = [0.5, -1], v^ = [0.25, 1]; p -= 0.1 * m^ / (sqrt(v^) + 1e-8) -> [0.890000002, -1.880000001].
    const g1 = tf.tensor1d([0.5, -1]);
    adamw.step(new Map([['p', g1]]), 0.1);
    expect(values(p)[0]).toBeCloseTo(0.890000002, 6);
    expect(values(p)[1]).toBeCloseTo(-1.880000001, 6);
    // Step 2 (g = [0.1, 0.2]): p *= 0.99 -> [0.8811, -1.8612]; m = [0.055, -0.07], v = [2.5975e-4, 1.039e-3];
    // m^ = m / 0.19, v^ = v / 0.001999; p -= 0.1 * m^ / (sqrt(v^) + 1e-8) -> [0.800795906, -1.810097394].
    const g2 = tf.tensor1d([0.1, 0.2]);
    adamw.step(new Map([['p', g2]]), 0.1);
    expect(values(p)[0]).toBeCloseTo(0.800795906, 6);
    expect(values(p)[1]).toBeCloseTo(-1.810097394, 6);
    const state = adamw.stateTensors();
    expect(values(state.get('adamw.m.p') as tf.Tensor).map((x) => +x.toFixed(6))).toEqual([0.055, -0.07]);
    expect(values(state.get('adamw.v.p') as tf.Tensor).map((x) => +x.toFixed(8))).toEqual([0.00025975, 0.001039]);
    expect(values(state.get('adamw.step') as tf.Tensor)).toEqual([2]);
    tf.dispose([g1, g2, p]);
    adamw.dispose();
  });

  it('minimises a quadratic, decays only matrices by default, and leaks no tensors', () => {
    const start = tf.memory().numTensors;
    const target = tf.tensor2d([[1, -2], [3, 0.5]]);
    const variable = (make: () => tf.Tensor) => tf.tidy(() => tf.variable(make()));
    const params = new Map([['w', variable(() => tf.zeros([2, 2]))], ['b', variable(() => tf.fill([2], 5))], ['frozen', variable(() => tf.ones([3]))]]);
    const adamw = new AdamW(params, { weightDecay: 0.01 });
    const ema = new Ema(params, 0.9);
    const loss = () => tf.add(tf.sum(tf.square(tf.sub(params.get('w') as tf.Variable, target))), tf.sum(tf.square(params.get('b') as tf.Variable))) as tf.Scalar;
    const first = computeGradients(params, loss);
    tf.dispose([...first.grads.values()]);
    const baseline = tf.memory().numTensors;
    let last = first.loss;
    for (let step = 0; step < 300; step++) {
      const { loss: value, grads } = computeGradients(params, loss);
      expect(grads.has('frozen')).toBe(false);
      const clipped = clipGradsByGlobalNorm(grads, 10);
      adamw.step(clipped.grads, 0.05);
      ema.update();
      tf.dispose([...grads.values(), ...clipped.grads.values()]);
      expect(tf.memory().numTensors).toBe(baseline);
      last = value;
    }
    expect(first.loss).toBeGreaterThan(60);
    expect(last).toBeLessThan(1e-2);
    expect(values(params.get('frozen') as tf.Variable)).toEqual([1, 1, 1]);
    expect(values(ema.weights().get('w') as tf.Variable)[0]).toBeCloseTo(1, 1);
    tf.dispose([target, ...params.values()]);
    adamw.dispose();
    ema.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses gradients for unknown names or shapes, and mismatched state', () => {
    const params = new Map([['w', tf.variable(tf.zeros([2]))]]);
    const adamw = new AdamW(params);
    const g = tf.zeros([3]);
    expect(() => adamw.step(new Map([['x', g]]), 0.1)).toThrow(/'x', which is not a parameter/);
    expect(() => adamw.step(new Map([['w', g]]), 0.1)).toThrow(/shape \[3\], the parameter \[2\]/);
    expect(() => adamw.step(new Map(), -1)).toThrow(OptimError);
    const state = new Map<string, tf.Tensor>([['adamw.step', tf.scalar(1, 'int32')], ['adamw.m.w', g], ['adamw.m.q', g]]);
    expect(() => adamw.loadState(state)).toThrow(/adamw\.m\.w is float32\[3\], expected float32\[2\]; unexpected adamw\.m\.q; missing adamw\.v\.w/);
    expect(() => new AdamW(params, { beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
    tf.dispose([g, state.get('adamw.step') as tf.Tensor, ...params.values()]);
    adamw.dispose();
  });
});

describe('EMA', () => {
  it('follows the hand-computed average', () => {
    const p = tf.variable(tf.scalar(1));
    const ema = new Ema(new Map([['p', p]]), 0.9);
    p.assign(tf.scalar(2));
    ema.update(); // 0.9 * 1 + 0.1 * 2
    expect(values(ema.weights().get('p') as tf.Variable)[0]).toBeCloseTo(1.1, 6);
    ema.update(); // 0.9 * 1.1 + 0.1 * 2
    expect(values(ema.stateTensors().get('ema.p') as tf.Tensor)[0]).toBeCloseTo(1.19, 6);
    ema.dispose();
    p.dispose();
  });
});

describe('gradient clipping', () => {
  it('scales by the global norm only when it is too large', () => {
    const grads = new Map([['a', tf.tensor1d([3])], ['b', tf.tensor1d([4])]]);
    const clipped = clipGradsByGlobalNorm(grads, 1);
    expect(clipped.norm).toBeCloseTo(5, 6);
    expect([...clipped.grads.values()].map((t) => values(t)[0])).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    const kept = clipGradsByGlobalNorm(grads, 10);
    expect([...kept.grads.values()].map((t) => values(t)[0])).toEqual([3, 4]);
    const nan = new Map([['a', tf.tensor1d([NaN])]]);
    const unscaled = clipGradsByGlobalNorm(nan, 1);
    expect(unscaled.norm).toBeNaN();
    tf.dispose([...grads.values(), ...clipped.grads.values(), ...kept.grads.values(), ...nan.values(), ...unscaled.grads.values()]);
  });
});

describe('learning-rate schedule', () => {
  it('warms up linearly, then decays along a cosine to the floor', () => {
    const schedule = { peak: 1e-3, warmupSteps: 10, totalSteps: 110, floor: 1e-5 };
    expect(learningRateAt(0, schedule)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(9, schedule)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(10, schedule)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(60, schedule)).toBeCloseTo((1e-3 + 1e-5) / 2, 12);
    expect(learningRateAt(110, schedule)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(500, schedule)).toBeCloseTo(1e-5, 12);
    expect(() => learningRateAt(0, { peak: 1, warmupSteps: 5, totalSteps: 5 })).toThrow(/totalSteps \(5\) must be an integer above/);
  });
});

describe('Rng', () => {
  it('produces the xoshiro128** reference sequence', () => {
    const rng = Rng.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4] });
    expect(Array.from({ length: 6 }, () => rng.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('continues exactly from a state that went through JSON', () => {
    const rng = Rng.fromSeed(42);
    for (let i = 0; i < 10; i++) rng.normal();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(rng.getState())));
    expect(Array.from({ length: 50 }, () => copy.next())).toEqual(Array.from({ length: 50 }, () => rng.next()));
    expect(Rng.fromSeed(42).nextUint32()).toBe(Rng.fromSeed(42).nextUint32());
    expect(Rng.fromSeed(42).nextUint32()).not.toBe(Rng.fromSeed(43).nextUint32());
    expect(() => Rng.fromState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(OptimError);
    expect(() => Rng.fromState({ words: [1, 2, 3] })).toThrow(/not a saved xoshiro128\*\* state/);
  });

  it('draws uniform integers and standard normals', () => {
    const rng = Rng.fromSeed(7);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(6);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const draws = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
