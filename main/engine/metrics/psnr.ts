/**
 * Peak signal-to-noise ratio on the 0..255 scale, over whole frames or inside pixel boxes (the
 * Storyworld characters, where memory matters and static backgrounds do not dominate the score).
 */
import { assertComparable, MetricsError, type RgbFrame } from './frame';

/**
 * PSNR of identical frames is infinite; it is reported as this cap instead so averages over many
 * frames stay finite. 100 dB is an MSE of about 6.5e-6, far below anything a model produces.
 */
export const PSNR_CAP_DB = 100;

const PEAK_SQUARED = 255 * 255;

/** PSNR in dB for a mean squared error on the 0..255 scale, capped at PSNR_CAP_DB. */
export function psnrFromMse(mse: number): number {
  return mse === 0 ? PSNR_CAP_DB : Math.min(PSNR_CAP_DB, 10 * Math.log10(PEAK_SQUARED / mse));
}

/** Mean squared error over every pixel and channel. */
export function meanSquaredError(a: RgbFrame, b: RgbFrame): number {
  assertComparable(a, b);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = (a.data[i] as number) - (b.data[i] as number);
    sum += d * d;
  }
  return sum / a.data.length;
}

/**
 * PSNR of two lists of equally sized frames pooled: of the mean squared error over all their
 * values, so a frame equal to its pair adds a small error instead of a capped 100 dB to a mean.
 */
export function pooledPsnr(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  if (a.length !== b.length || a.length === 0) throw new MetricsError('size_mismatch', `pooled PSNR needs two equal, non-empty lists of frames, got ${a.length} and ${b.length}`);
  let squared = 0;
  let values = 0;
  a.forEach((frame, k) => {
    const other = b[k] as Uint8Array;
    if (other.length !== frame.length) throw new MetricsError('size_mismatch', `frame ${k}: ${frame.length} values against ${other.length}`);
    for (let i = 0; i < frame.length; i++) squared += ((frame[i] as number) - (other[i] as number)) ** 2;
    values += frame.length;
  });
  return psnrFromMse(squared / values);
}

/** Whole-frame PSNR in dB (0..255 scale, all three channels), capped at PSNR_CAP_DB. */
export function psnr(a: RgbFrame, b: RgbFrame): number {
  return psnrFromMse(meanSquaredError(a, b));
}

/** A rectangle in pixels, top-left origin; pixels it partly covers count, parts outside the frame do not. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Squared error summed over the union of the boxes (a pixel covered twice counts once), and the values summed. */
export function squaredErrorInBoxes(a: RgbFrame, b: RgbFrame, boxes: readonly PixelBox[]): { sum: number; count: number } {
  assertComparable(a, b);
  const inside = new Uint8Array(a.width * a.height);
  for (const box of boxes) {
    if (![box.x, box.y, box.width, box.height].every(Number.isFinite)) {
      throw new MetricsError('invalid_frame', `box ${JSON.stringify(box)} is not finite`);
    }
    const x0 = Math.max(0, Math.floor(box.x));
    const y0 = Math.max(0, Math.floor(box.y));
    const x1 = Math.min(a.width, Math.ceil(box.x + box.width));
    const y1 = Math.min(a.height, Math.ceil(box.y + box.height));
    for (let y = y0; y < y1; y++) inside.fill(1, y * a.width + x0, y * a.width + Math.max(x0, x1));
  }
  let sum = 0;
  let count = 0;
  for (let p = 0; p < inside.length; p++) {
    if (!inside[p]) continue;
    for (let c = 0; c < 3; c++) {
      const d = (a.data[p * 3 + c] as number) - (b.data[p * 3 + c] as number);
      sum += d * d;
    }
    count += 3;
  }
  return { sum, count };
}

/**
 * PSNR over the union of the boxes. Returns null when the boxes cover no pixel of the frame,
 * e.g. every character is off screen.
 */
export function psnrInBoxes(a: RgbFrame, b: RgbFrame, boxes: readonly PixelBox[]): number | null {
  const { sum, count } = squaredErrorInBoxes(a, b, boxes);
  return count === 0 ? null : psnrFromMse(sum / count);
}
