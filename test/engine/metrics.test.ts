import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { framesFromTensor, meanFrame, MetricsError, type RgbFrame } from '../../main/engine/metrics/frame';
import { blockiness, patchEdgeDifferences } from '../../main/engine/metrics/blockiness';
import { highFrequencyError } from '../../main/engine/metrics/high-frequency';
import { pooledPsnr, psnr, PSNR_CAP_DB, psnrInBoxes } from '../../main/engine/metrics/psnr';
import { ssim } from '../../main/engine/metrics/ssim';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A frame whose channel values come from `f(x, y, c)`. */
function frame(width: number, height: number, f: (x: number, y: number, c: number) => number): RgbFrame {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = f(x, y, c);
  return { width, height, data };
}

/** Deterministic pseudo-random texture (a hash, not Math.random, so failures reproduce). */
const noise = (seed: number) => (x: number, y: number, c: number): number =>
  Math.floor(Math.abs(Math.sin(x * 12.9898 + y * 78.233 + c * 37.719 + seed) * 43758.5453) % 1 * 200) + 20;

/** SSIM of one 11x11 window computed straight from the definition with a 2-D Gaussian. */
function singleWindowSsim(a: RgbFrame, b: RgbFrame): number {
  const weights: number[] = [];
  for (let y = 0; y < 11; y++) for (let x = 0; x < 11; x++) weights.push(Math.exp(-((x - 5) ** 2 + (y - 5) ** 2) / (2 * 1.5 ** 2)));
  const total = weights.reduce((s, w) => s + w, 0);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const xs = weights.map((_, p) => a.data[p * 3 + c] as number);
    const ys = weights.map((_, p) => b.data[p * 3 + c] as number);
    const mean = (v: number[]) => v.reduce((s, value, p) => s + (weights[p] as number) * value, 0) / total;
    const mx = mean(xs);
    const my = mean(ys);
    const vx = mean(xs.map((v) => (v - mx) ** 2));
    const vy = mean(ys.map((v) => (v - my) ** 2));
    const cov = mean(xs.map((v, p) => (v - mx) * ((ys[p] as number) - my)));
    sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
  }
  return sum / 3;
}

describe('PSNR', () => {
  it('gives known values and caps identical frames', () => {
    const a = frame(8, 8, () => 100);
    expect(psnr(a, frame(8, 8, () => 110))).toBeCloseTo(28.1308, 4); // MSE 100
    expect(psnr(a, frame(8, 8, (x) => (x < 4 ? 110 : 100)))).toBeCloseTo(31.1411, 4); // MSE 50
    expect(psnr(a, a)).toBe(PSNR_CAP_DB);
    const black = { width: 2, height: 1, data: new Uint8Array(6) };
    expect(psnr(black, { ...black, data: new Uint8Array(6).fill(255) })).toBe(0);
  });

  it('scores only the union of the boxes', () => {
    const a = frame(10, 10, () => 50);
    const b = frame(10, 10, (x, y) => (x < 4 && y < 4 ? (x < 2 ? 70 : 50) : 200));
    expect(psnrInBoxes(a, b, [{ x: 0, y: 0, width: 2, height: 4 }])).toBeCloseTo(22.1102, 4); // MSE 400
    // Overlapping boxes: the 2x4 block of error 20 and the 2x4 block of error 0 each count once.
    expect(psnrInBoxes(a, b, [{ x: 0, y: 0, width: 4, height: 4 }, { x: 0, y: 0, width: 3, height: 2 }])).toBeCloseTo(25.1205, 4);
    expect(psnrInBoxes(a, b, [{ x: 2, y: 0, width: 2, height: 4 }])).toBe(PSNR_CAP_DB);
    expect(psnrInBoxes(a, b, [{ x: 20, y: -5, width: 3, height: 3 }])).toBeNull();
    expect(psnrInBoxes(a, b, [])).toBeNull();
  });

  it('refuses frames of different sizes or wrong lengths', () => {
    expect(() => psnr(frame(4, 4, () => 0), frame(4, 5, () => 0))).toThrow(MetricsError);
    expect(() => psnr({ width: 2, height: 2, data: new Uint8Array(5) }, frame(2, 2, () => 0))).toThrow(/5 values/);
  });
});

describe('pooled PSNR over frame lists', () => {
  it('is the PSNR of the mean squared error over all frames, so an exact copy adds no capped 100 dB', () => {
    const a = [new Uint8Array([10, 10, 10]), new Uint8Array([0, 0, 0])];
    const b = [new Uint8Array([10, 10, 10]), new Uint8Array([3, 3, 3])];
    // MSE: (0 + 3 * 9) / 6 = 4.5.
    expect(pooledPsnr(a, b)).toBeCloseTo(10 * Math.log10((255 * 255) / 4.5), 10);
    expect(pooledPsnr(a, a)).toBe(PSNR_CAP_DB);
    expect(() => pooledPsnr(a, b.slice(1))).toThrow(MetricsError);
    expect(() => pooledPsnr([new Uint8Array(3)], [new Uint8Array(6)])).toThrow(/3 values against 6/);
  });
});

describe('SSIM', () => {
  it('is 1 for identical frames', () => {
    const a = frame(32, 24, noise(1));
    expect(ssim(a, a)).toBeCloseTo(1, 12);
  });

  it('matches the hand-computed value for a constant shift of a flat frame', () => {
    const c1 = (0.01 * 255) ** 2;
    // Variances and covariance are 0, so SSIM is the luminance term (2ab + C1) / (a^2 + b^2 + C1).
    expect(ssim(frame(16, 16, () => 100), frame(16, 16, () => 120))).toBeCloseTo((2 * 100 * 120 + c1) / (100 ** 2 + 120 ** 2 + c1), 12);
    expect((2 * 100 * 120 + c1) / (100 ** 2 + 120 ** 2 + c1)).toBeCloseTo(0.983611, 6);
  });

  it('matches the definition computed directly on one window, for textures and a shifted copy', () => {
    const a = frame(11, 11, noise(2));
    const b = frame(11, 11, noise(3));
    const shifted = frame(11, 11, (x, y, c) => noise(2)(x, y, c) + 30);
    expect(ssim(a, b)).toBeCloseTo(singleWindowSsim(a, b), 10);
    expect(ssim(a, shifted)).toBeCloseTo(singleWindowSsim(a, shifted), 10);
    expect(ssim(a, b)).toBeLessThan(0.2);
    expect(ssim(a, shifted)).toBeGreaterThan(0.9);
  });

  it('refuses frames smaller than the window', () => {
    expect(() => ssim(frame(10, 20, () => 0), frame(10, 20, () => 0))).toThrow(expect.objectContaining({ code: 'too_small' }) as Error);
  });

  it('is fast enough for evaluation at 64x64', () => {
    const a = frame(64, 64, noise(4));
    const b = frame(64, 64, noise(5));
    const start = performance.now();
    for (let i = 0; i < 20; i++) ssim(a, b);
    expect((performance.now() - start) / 20).toBeLessThan(50);
  });
});

describe('high-frequency error', () => {
  it('ignores constant offsets and measures gradient differences', () => {
    const ramp = frame(8, 8, (x) => 10 * x);
    expect(highFrequencyError(ramp, ramp)).toBe(0);
    expect(highFrequencyError(ramp, frame(8, 8, (x) => 10 * x + 40))).toBe(0);
    // x-differences differ by 10 everywhere (168 pairs), y-differences by 0 (168 pairs).
    expect(highFrequencyError(ramp, frame(8, 8, () => 50))).toBe(5);
    const checker = frame(8, 8, (x, y) => ((x + y) % 2) * 100);
    expect(highFrequencyError(checker, frame(8, 8, () => 50))).toBe(100);
  });
});

describe('frames from tensors', () => {
  it('maps [-1, 1] to 0..255, clamps, splits batches of clips, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const video = tf.tidy(() => tf.concat([tf.fill([1, 1, 2, 2, 3], -1), tf.fill([1, 1, 2, 2, 3], 1.5)], 1));
    const frames = framesFromTensor(video);
    video.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(frames).toHaveLength(2);
    expect(frames[0]?.data.every((v) => v === 0)).toBe(true);
    expect(frames[1]?.data.every((v) => v === 255)).toBe(true);
    const single = tf.tensor3d([[[0, 0.5, -0.5]]]);
    expect([...(framesFromTensor(single)[0]?.data ?? [])]).toEqual([127.5, 191.25, 63.75]);
    single.dispose();
    tf.tidy(() => {
      expect(() => framesFromTensor(tf.zeros([4, 4, 1]))).toThrow(MetricsError);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages frames for the mean-frame baseline', () => {
    const mean = meanFrame([frame(2, 2, () => 10), frame(2, 2, () => 30), frame(2, 2, (x) => x * 60)]);
    expect([...mean.data]).toEqual([40 / 3, 40 / 3, 40 / 3, 100 / 3, 100 / 3, 100 / 3, 40 / 3, 40 / 3, 40 / 3, 100 / 3, 100 / 3, 100 / 3].map(Math.fround));
  });
});

describe('blockiness', () => {
  const frame = (value: (x: number, y: number) => number): RgbFrame => {
    const data = new Uint8Array(32 * 32 * 3);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) data.fill(value(x, y), (y * 32 + x) * 3, (y * 32 + x + 1) * 3);
    return { width: 32, height: 32, data };
  };

  it('is far above 1 for a mosaic of flat patches with fine texture, near 1 where edges fall anywhere', () => {
    const mosaic = frame((x, y) => (((x >> 3) * 7 + (y >> 3) * 13) % 5) * 40 + ((x + y) % 2) * 4);
    expect(blockiness([mosaic], 8)).toBeGreaterThan(5);
    const ramp = frame((x, y) => x * 3 + y * 2);
    expect(blockiness([ramp], 8)).toBeCloseTo(1, 5);
    // An edge off the grid counts inside; the same edge on a grid line counts as a seam.
    const offGrid = patchEdgeDifferences([frame((x) => (x < 13 ? 0 : 200))], 8);
    const onGrid = patchEdgeDifferences([frame((x) => (x < 16 ? 0 : 200))], 8);
    expect(offGrid.border).toBe(0);
    expect(onGrid.inside).toBe(0);
    expect(onGrid.border).toBeGreaterThan(0);
  });

  it('scores a flat video 1 and refuses frames without patch borders', () => {
    expect(blockiness([frame(() => 90)], 8)).toBe(1);
    expect(() => blockiness([{ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) }], 8)).toThrow(MetricsError);
  });
});
