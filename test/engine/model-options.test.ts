// The architecture options of issue 13, each behind a config field that is off when absent (so
// every checkpoint made before them loads and computes as it did): absolute (t, h, w) sinusoids,
// clean-context modulation, the HR branch's 4 x 4 first stage, the LR branch's learned merge and
// the memory gate's starting value, the pixel head and its gate.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { absolutePositionTable } from '../../main/engine/model/absolute-positions';
import { validateConfig, type ModelConfig } from '../../main/engine/model/config';
import { parameterCount } from '../../main/engine/model/cost';
import { tokenModulation } from '../../main/engine/model/dit-block';
import type { Conditioning } from '../../main/engine/model/generator';
import { Linear } from '../../main/engine/model/layers';
import { disposeConditioning, VideoModel } from '../../main/engine/model/model';
import { hashSeed, ParamScope } from '../../main/engine/model/params';
import { PixelHead, type HeadWindow } from '../../main/engine/model/pixel-head';
import { microConfig, syntheticVideo, useBackend } from './model-fixtures';

const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i);

/** The micro config with every option on. */
function allOptions(): ModelConfig {
  const base = microConfig({ hrPatch: 2, lrMerge: 'learned', gateInit: 1 }, { absolutePositions: true, cleanContext: true, shotEmbedding: true, windowInjection: true, windowShortcut: true, pixelHead: 8, pixelGate: true });
  return base;
}

/** Every weight replaced by seeded noise, so zero-initialised paths matter too. */
function scramble(model: VideoModel): void {
  for (const [name, variable] of model.params()) {
    const next = tf.tidy(() => tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(5, name)), 0.15));
    variable.assign(next);
    next.dispose();
  }
}

/** A continuation after `history` frames starting at time `start`, window 1. */
function continuation(model: VideoModel, history: tf.Tensor5D, start: number): Conditioning {
  const frames = history.shape[1];
  return {
    caption: model.encodeCaptions(['a red ball']),
    memory: model.encodeMemory(history, range(start, frames)),
    window: { frames: tf.slice(history, [0, frames - 1, 0, 0, 0], [1, 1, 16, 16, 3]) as tf.Tensor5D, times: [[start + frames - 1]] },
    targetTimes: [range(start + frames, 2)],
  };
}

describe('architecture options', () => {
  it('count their parameters as built, and run forward and backward without leaking', async () => {
    await useBackend('wasm');
    for (const config of [allOptions(), microConfig({ hrPatch: 2 }), microConfig({ lrMerge: 'learned', variant: 'only-lr' })]) {
      const model = new VideoModel(config, 1);
      expect(model.parameterCount()).toBe(parameterCount(config));
      const before = tf.memory().numTensors;
      const history = syntheticVideo(1, 8, 16, 16);
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
        const cond = continuation(model, history, 0);
        const out = model.predictX0(tf.ones([1, 2, 16, 16, 3]) as tf.Tensor5D, tf.tensor1d([0.5]), cond);
        disposeConditioning(cond);
        return tf.mean(tf.square(out)) as tf.Scalar;
      }), [...model.params().values()]);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.dispose([value, ...Object.values(grads), history]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });

  it('the HR branch starts at its own pixel size, and the gate at its configured value', async () => {
    await useBackend('wasm');
    const model = new VideoModel(allOptions(), 1);
    const params = model.params();
    // micro: 4 px patches; a 2 px first stage (12 values) then a 2x merge to the patch, then the box merges.
    expect(params.get('memory.hr.stages.0.weight')?.shape).toEqual([2 * 2 * 3, 16]);
    expect(params.get('memory.hr.stages.1.weight')?.shape).toEqual([2 * 2 * 16, 32]);
    expect(params.get('memory.gate')?.dataSync()[0]).toBe(1);
    expect(new VideoModel(microConfig(), 1).params().get('memory.gate')?.dataSync()[0]).toBe(0);
    model.dispose();
  });

  it('the learned LR merge starts as the mean of the box\'s frames', async () => {
    await useBackend('wasm');
    const mean = new VideoModel(microConfig({ variant: 'only-lr', gateInit: 1 }), 3);
    const learned = new VideoModel(microConfig({ variant: 'only-lr', lrMerge: 'learned', gateInit: 1 }), 3);
    expect([...learned.params().keys()]).toContain('memory.lr.merge.weight');
    const history = syntheticVideo(1, 8, 16, 16);
    const a = mean.encodeMemory(history, range(0, 8));
    const b = learned.encodeMemory(history, range(0, 8));
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a.tokens, b.tokens))).dataSync()[0])).toBeLessThan(1e-6);
    expect(tf.tidy(() => tf.max(tf.abs(a.tokens)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([a.tokens, b.tokens, history]);
    mean.dispose();
    learned.dispose();
  });

  it('absolute positions: the same continuation later in a video predicts the same frames', async () => {
    await useBackend('wasm');
    const model = new VideoModel(allOptions(), 1);
    scramble(model);
    const history = syntheticVideo(1, 8, 16, 16);
    const predict = (start: number): Float32Array => tf.tidy(() => {
      const cond = continuation(model, history, start);
      const out = model.predictX0(tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D, tf.tensor1d([0.7]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const early = predict(0);
    const late = predict(37);
    const off = new VideoModel(microConfig({ hrPatch: 2, lrMerge: 'learned', gateInit: 1 }, { cleanContext: true }), 1);
    scramble(off);
    const withoutAbsolute = tf.tidy(() => {
      const cond = continuation(off, history, 0);
      const out = off.predictX0(tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D, tf.tensor1d([0.7]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    expect(maxDiff(early, late)).toBeLessThan(1e-4);
    expect(maxDiff(early, withoutAbsolute)).toBeGreaterThan(1e-3);
    history.dispose();
    model.dispose();
    off.dispose();
  });

  it('shot embedding: starts at zero (the model computes what it did without it), then tells a new shot from a continued one', async () => {
    await useBackend('cpu');
    const history = syntheticVideo(1, 8, 16, 16);
    const without = new VideoModel(microConfig({}, {}), 1);
    scramble(without);
    const withShot = new VideoModel(microConfig({}, { shotEmbedding: true }), 1);
    for (const [name, variable] of without.params()) withShot.params().get(name)?.assign(variable);
    const predict = (model: VideoModel, newShot?: boolean[]) => tf.tidy(() => {
      const cond = { ...continuation(model, history, 0), ...(newShot && { newShot }) };
      const out = model.predictX0(tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D, tf.tensor1d([0.7]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    expect(maxDiff(predict(without), predict(withShot, [true]))).toBeLessThan(1e-6);
    const rows = withShot.params().get('generator.shotEmbedding') as tf.Variable;
    rows.assign(tf.randomNormal([2, rows.shape[1] as number], 0, 0.5, 'float32', 9));
    const opens = predict(withShot, [true]);
    expect(maxDiff(opens, predict(withShot, [false]))).toBeGreaterThan(1e-3);
    // Absent flags: a sample with history continues its shot.
    expect(maxDiff(predict(withShot), predict(withShot, [false]))).toBeLessThan(1e-6);
    expect(() => predict(withShot, [true, false])).toThrow(/new-shot flags/);
    history.dispose();
    without.dispose();
    withShot.dispose();
  });

  it('window injection: starts at zero (the model computes what it did without it), then carries the last window frame onto the targets', async () => {
    await useBackend('cpu');
    const history = syntheticVideo(1, 8, 16, 16);
    const without = new VideoModel(microConfig({}, {}), 1);
    scramble(without);
    const injected = new VideoModel(microConfig({}, { windowInjection: true }), 1);
    for (const [name, variable] of without.params()) injected.params().get(name)?.assign(variable);
    const noisy = tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D;
    const predict = (model: VideoModel, windowFrame?: tf.Tensor5D, noWindow = false) => tf.tidy(() => {
      const base = continuation(model, history, 0);
      if (noWindow) base.window?.frames.dispose();
      const window = noWindow ? null : windowFrame ? { frames: windowFrame, times: base.window?.times ?? [[7]] } : base.window;
      const out = model.predictX0(noisy, tf.tensor1d([0.7]), { ...base, window });
      disposeConditioning({ ...base, window: windowFrame ? base.window : window });
      return out.dataSync() as Float32Array;
    });
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    expect(maxDiff(predict(without), predict(injected))).toBeLessThan(1e-6);
    const weight = injected.params().get('generator.windowInjection.weight') as tf.Variable;
    weight.assign(tf.randomNormal(weight.shape, 0, 0.5, 'float32', 9));
    expect(maxDiff(predict(without), predict(injected))).toBeGreaterThan(1e-3);
    // Without a window nothing is added: an opening computes as it did.
    expect(maxDiff(predict(without, undefined, true), predict(injected, undefined, true))).toBeLessThan(1e-6);
    // Another last frame changes the targets.
    const other = tf.zeros([1, 1, 16, 16, 3]) as tf.Tensor5D;
    expect(maxDiff(predict(injected), predict(injected, other))).toBeGreaterThan(1e-3);
    tf.dispose([other, noisy, history]);
    without.dispose();
    injected.dispose();
  });

  it('window shortcut: shut at first (the model computes what it did), then adds gate x the last window frame to every target frame of a continuing chunk', async () => {
    await useBackend('cpu');
    const history = syntheticVideo(1, 8, 16, 16);
    const without = new VideoModel(microConfig({}, {}), 1);
    scramble(without);
    const shortcut = new VideoModel(microConfig({}, { windowShortcut: true }), 1);
    for (const [name, variable] of without.params()) shortcut.params().get(name)?.assign(variable);
    const noisy = tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D;
    const predict = (model: VideoModel, noWindow = false, newShot?: boolean[]) => tf.tidy(() => {
      const base = { ...continuation(model, history, 0), ...(newShot && { newShot }) };
      if (noWindow) base.window?.frames.dispose();
      const cond = noWindow ? { ...base, window: null } : base;
      const out = model.predictX0(noisy, tf.tensor1d([0.7]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    const plain = predict(without);
    expect(maxDiff(plain, predict(shortcut))).toBeLessThan(1e-6);
    // Open the gate to 50 x 0.01 = 0.5: the map is the identity, so half the last frame is added to both target frames.
    (shortcut.params().get('generator.windowShortcut.gate.bias') as tf.Variable).assign(tf.tensor1d([0.01]));
    const opened = predict(shortcut);
    const last = tf.tidy(() => tf.slice(history, [0, 7, 0, 0, 0], [1, 1, 16, 16, 3]).dataSync() as Float32Array);
    const frameValues = 16 * 16 * 3;
    const worst = opened.reduce((m, v, i) => Math.max(m, Math.abs(v - ((plain[i] as number) + 0.5 * (last[i % frameValues] as number)))), 0);
    expect(worst).toBeLessThan(1e-4);
    // No window, or a chunk that opens a shot (its window is the shot before the cut): nothing added.
    expect(maxDiff(predict(without, true), predict(shortcut, true))).toBeLessThan(1e-6);
    expect(maxDiff(predict(without, false, [true]), predict(shortcut, false, [true]))).toBeLessThan(1e-6);
    tf.dispose([noisy, history]);
    without.dispose();
    shortcut.dispose();
  });

  it('pixel head: starts at zero (the model computes what it did), then corrects every pixel from x0, x_t, t and the recent frame of a continuing chunk only', async () => {
    await useBackend('cpu');
    const history = syntheticVideo(1, 8, 16, 16);
    const without = new VideoModel(microConfig({}, {}), 1);
    scramble(without);
    const headed = new VideoModel(microConfig({}, { pixelHead: 8 }), 1);
    for (const [name, variable] of without.params()) headed.params().get(name)?.assign(variable);
    const noisy = tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D;
    const predict = (model: VideoModel) => tf.tidy(() => {
      const cond = continuation(model, history, 0);
      const out = model.predictX0(noisy, tf.tensor1d([0.7]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    expect(maxDiff(predict(without), predict(headed))).toBeLessThan(1e-6);
    tf.dispose([noisy, history]);
    // The head alone, trained (here: scrambled): a chunk that opens a shot reads no recent frame...
    const head = new PixelHead(new ParamScope(2, 'head'), 3, 8);
    for (const [name, variable] of head.params()) variable.assign(tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(6, name)), 0.3));
    const x0 = tf.randomUniform([2, 2, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor5D;
    const xt = tf.randomUniform([2, 2, 16, 16, 3], -1, 1, 'float32', 12) as tf.Tensor5D;
    const frame = tf.randomUniform([2, 1, 16, 16, 3], -1, 1, 'float32', 13) as tf.Tensor5D;
    const t = tf.tensor1d([0.3, 0.3]);
    const run = (window: HeadWindow | null, input = xt) => tf.tidy(() => head.apply(x0, input, t, window).arraySync() as number[][][][][]);
    const none = run(null);
    const firstOpens = run({ frame, continues: [0, 1] });
    expect(maxDiff(Float32Array.from(firstOpens[0]?.flat(3) ?? []), Float32Array.from(none[0]?.flat(3) ?? []))).toBe(0);
    expect(maxDiff(Float32Array.from(firstOpens[1]?.flat(3) ?? []), Float32Array.from(none[1]?.flat(3) ?? []))).toBeGreaterThan(1e-3);
    // ...and it works at full resolution with a 7x7 reach: one changed x_t pixel changes the output only within 3 pixels of it.
    const poked = tf.tidy(() => tf.add(xt, tf.scatterND([[0, 0, 8, 8, 0]], [1], xt.shape)) as tf.Tensor5D);
    const after = run(null, poked);
    for (let r = 0; r < 16; r++) {
      for (let c = 0; c < 16; c++) {
        const moved = Math.abs((after[0]?.[0]?.[r]?.[c]?.[0] ?? 0) - (none[0]?.[0]?.[r]?.[c]?.[0] ?? 0)) > 1e-6;
        expect(moved, `pixel ${r},${c}`).toBe(Math.abs(r - 8) <= 3 && Math.abs(c - 8) <= 3 ? moved : false);
      }
    }
    expect(Math.abs((after[0]?.[0]?.[8]?.[8]?.[0] ?? 0) - (none[0]?.[0]?.[8]?.[8]?.[0] ?? 0))).toBeGreaterThan(1e-4);
    tf.dispose([x0, xt, frame, t, poked]);
    head.dispose();
    without.dispose();
    headed.dispose();
  });

  it('pixel gate: starts at zero (the ungated head\'s output), hands x_t itself through where it is 1', async () => {
    await useBackend('cpu');
    const plain = new PixelHead(new ParamScope(2, 'head'), 3, 8);
    const gated = new PixelHead(new ParamScope(2, 'head'), 3, 8, true);
    for (const [name, variable] of plain.params()) {
      const value = tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(6, name)), 0.3);
      variable.assign(value);
      gated.params().get(name)?.assign(value);
      value.dispose();
    }
    expect([...gated.params().keys()].filter((name) => !plain.params().has(name)).sort()).toEqual(['gate.bias', 'gate.filter']);
    const x0 = tf.randomUniform([2, 2, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor5D;
    const xt = tf.randomUniform([2, 2, 16, 16, 3], -1, 1, 'float32', 12) as tf.Tensor5D;
    const t = tf.tensor1d([0.05, 0.9]);
    const run = (head: PixelHead) => tf.tidy(() => head.apply(x0, xt, t, null).dataSync() as Float32Array);
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (y[i] as number))), 0);
    expect(maxDiff(run(plain), run(gated))).toBe(0);
    // A gate of 1 everywhere: the output is x_t itself, whatever the correction.
    gated.params().get('gate.bias')?.assign(tf.ones([1]));
    expect(maxDiff(run(gated), xt.dataSync() as Float32Array)).toBeLessThan(1e-6);
    // A gate of 0.5: halfway between the ungated output and x_t.
    gated.params().get('gate.bias')?.assign(tf.fill([1], 0.5));
    const half = tf.tidy(() => tf.div(tf.add(tf.tensor(run(plain)), tf.reshape(xt, [-1])), 2).dataSync() as Float32Array);
    expect(maxDiff(run(gated), half)).toBeLessThan(1e-6);
    tf.dispose([x0, xt, t]);
    plain.dispose();
    gated.dispose();
    expect(() => validateConfig(microConfig({}, { pixelGate: true }))).toThrow(/pixel gate needs a pixel head/);
  });

  it('skip connection: x0 = c_skip(t) x_t + c_out(t) G, G itself at pure noise, x_t itself as t -> 0', async () => {
    await useBackend('cpu');
    const history = syntheticVideo(1, 8, 16, 16);
    const plain = new VideoModel(microConfig({}, {}), 1);
    scramble(plain);
    const base = plain.config;
    const s = 0.5;
    const skipped = new VideoModel({ ...base, flow: { ...base.flow, skipDataStd: s } }, 1);
    for (const [name, variable] of plain.params()) skipped.params().get(name)?.assign(variable);
    const xt = tf.randomNormal([1, 2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor5D;
    const predict = (model: VideoModel, t: number) => tf.tidy(() => {
      const cond = continuation(model, history, 0);
      const out = model.predictX0(xt, tf.tensor1d([t]), cond);
      disposeConditioning(cond);
      return out.dataSync() as Float32Array;
    });
    const xtValues = xt.dataSync();
    for (const t of [1, 0.7, 0.2, 1e-4]) {
      const g = predict(plain, t);
      const got = predict(skipped, t);
      const norm = (1 - t) ** 2 * s * s + t * t;
      const cSkip = ((1 - t) * s * s) / norm;
      const cOut = t / Math.sqrt(norm);
      const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - (cSkip * (xtValues[i] as number) + cOut * (g[i] as number)))), 0);
      expect(worst).toBeLessThan(1e-4);
      if (t === 1) expect(got.reduce((m, v, i) => Math.max(m, Math.abs(v - (g[i] as number))), 0)).toBeLessThan(1e-5);
      if (t === 1e-4) expect(got.reduce((m, v, i) => Math.max(m, Math.abs(v - (xtValues[i] as number))), 0)).toBeLessThan(1e-2);
    }
    expect(() => new VideoModel({ ...base, flow: { ...base.flow, skipDataStd: 0 } }, 1)).toThrow(/data RMS must be positive/);
    tf.dispose([xt, history]);
    plain.dispose();
    skipped.dispose();
  });

  it('absolute position tables: caption rows are 0, each axis is a cos/sin pair of unit norm', async () => {
    await useBackend('cpu');
    const table = absolutePositionTable([[null, [3, 1, 2], [-5, 0, 7]]], 32, [10, 4, 8]);
    const rows = table.arraySync()[0] as number[][];
    expect(rows[0]?.every((v) => v === 0)).toBe(true);
    for (const row of rows.slice(1)) {
      // time: 8 pairs (cos at j, sin at 8 + j); h and w: 4 pairs each after it.
      const pairs = [[0, 8, 8], [16, 4, 4], [24, 4, 4]].flatMap(([offset, count]) => range(0, count as number)
        .map((j) => (row[(offset as number) + j] as number) ** 2 + (row[(offset as number) + (count as number) + j] as number) ** 2));
      for (const norm of pairs) expect(norm).toBeCloseTo(1, 5);
    }
    table.dispose();
  });

  it('clean context: context tokens get the t = 0 modulation, targets theirs', async () => {
    await useBackend('cpu');
    const scope = new ParamScope(1);
    const linear = new Linear(scope, 4, 6);
    const target = tf.tensor2d([[1, 2, 3, 4]]);
    const clean = tf.tensor2d([[-1, 0, 1, 0]]);
    const mask = tf.tensor3d([0, 0, 1], [1, 3, 1]);
    const [shift, scale] = tokenModulation(linear, { target, context: { conditioning: clean, targetMask: mask } }, 2) as [tf.Tensor, tf.Tensor];
    const [tShift, tScale] = linear.applySplit(target, 2) as [tf.Tensor, tf.Tensor];
    const [cShift] = linear.applySplit(clean, 2) as [tf.Tensor, tf.Tensor];
    const rows = shift.arraySync() as number[][][];
    expect(shift.shape).toEqual([1, 3, 3]);
    expect(rows[0]?.[0]).toEqual(rows[0]?.[1]);
    (cShift.arraySync() as number[][])[0]?.forEach((v, i) => expect(rows[0]?.[0]?.[i]).toBeCloseTo(v, 6));
    (tShift.arraySync() as number[][])[0]?.forEach((v, i) => expect(rows[0]?.[2]?.[i]).toBeCloseTo(v, 6));
    expect((scale.arraySync() as number[][][])[0]?.[2]?.[0]).toBeCloseTo((tScale.arraySync() as number[][])[0]?.[0] as number, 6);
    tf.dispose([shift, scale, tShift, tScale, cShift, target, clean, mask]);
    scope.dispose();
  });
});
