/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli, 2004) with the standard settings:
 * an 11x11 Gaussian window of sigma 1.5, K1 = 0.01, K2 = 0.03, L = 255. Computed on each of R, G
 * and B and averaged, as torchmetrics and scikit-image do for colour images (the likely source of
 * published numbers), over 'valid' window positions only (no padding), as the reference MATLAB
 * code does. Frames need at least 11x11 pixels.
 */
import { assertComparable, MetricsError, type RgbFrame } from './frame';

const WINDOW = 11;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** The normalised 1-D Gaussian; the 2-D window is its outer product, so filtering is separable. */
const KERNEL = (() => {
  const half = (WINDOW - 1) / 2;
  const raw = Array.from({ length: WINDOW }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * SIGMA * SIGMA)));
  const total = raw.reduce((s, v) => s + v, 0);
  return Float64Array.from(raw, (v) => v / total);
})();

/** Gaussian-weighted means of every valid window of a width x height plane. */
function filterValid(plane: Float64Array, width: number, height: number): Float64Array {
  const outW = width - WINDOW + 1;
  const outH = height - WINDOW + 1;
  const rows = new Float64Array(outW * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let k = 0; k < WINDOW; k++) s += (KERNEL[k] as number) * (plane[y * width + x + k] as number);
      rows[y * outW + x] = s;
    }
  }
  const out = new Float64Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let s = 0;
      for (let k = 0; k < WINDOW; k++) s += (KERNEL[k] as number) * (rows[(y + k) * outW + x] as number);
      out[y * outW + x] = s;
    }
  }
  return out;
}

function channelSsim(a: RgbFrame, b: RgbFrame, channel: number): number {
  const n = a.width * a.height;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    x[p] = a.data[p * 3 + channel] as number;
    y[p] = b.data[p * 3 + channel] as number;
  }
  const filter = (plane: Float64Array): Float64Array => filterValid(plane, a.width, a.height);
  const muX = filter(x);
  const muY = filter(y);
  const xx = filter(x.map((v) => v * v));
  const yy = filter(y.map((v) => v * v));
  const xy = filter(x.map((v, i) => v * (y[i] as number)));
  let sum = 0;
  for (let i = 0; i < muX.length; i++) {
    const mx = muX[i] as number;
    const my = muY[i] as number;
    const varX = (xx[i] as number) - mx * mx;
    const varY = (yy[i] as number) - my * my;
    const cov = (xy[i] as number) - mx * my;
    sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (varX + varY + C2));
  }
  return sum / muX.length;
}

/** Mean SSIM of two frames (1 for identical frames), averaged over R, G and B. */
export function ssim(a: RgbFrame, b: RgbFrame): number {
  assertComparable(a, b);
  if (a.width < WINDOW || a.height < WINDOW) {
    throw new MetricsError('too_small', `SSIM needs frames of at least ${WINDOW}x${WINDOW} pixels, got ${a.width}x${a.height}`);
  }
  return (channelSsim(a, b, 0) + channelSsim(a, b, 1) + channelSsim(a, b, 2)) / 3;
}
