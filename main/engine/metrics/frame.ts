/**
 * Frames as the metrics see them: RGB, row-major HWC, values on the 0..255 scale. Frames from
 * files arrive as uint8; model outputs arrive as tensors in [-1, 1] and are mapped to 0..255
 * without rounding, so a score measures the model and not the quantisation.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One RGB frame; `data` has width * height * 3 values on the 0..255 scale. */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

/** Why a metric could not be computed. */
export type MetricsErrorCode = 'invalid_frame' | 'size_mismatch' | 'too_small';

/** A typed metrics failure. */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';

  constructor(readonly code: MetricsErrorCode, message: string) {
    super(message);
  }
}

function assertFrame(frame: RgbFrame, label: string): void {
  const { width, height, data } = frame;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new MetricsError('invalid_frame', `${label} frame has invalid size ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new MetricsError('invalid_frame', `${label} frame has ${data.length} values; ${width}x${height} RGB needs ${width * height * 3}`);
  }
}

/** Checks both frames are well formed and of one size. */
export function assertComparable(a: RgbFrame, b: RgbFrame): void {
  assertFrame(a, 'first');
  assertFrame(b, 'second');
  if (a.width !== b.width || a.height !== b.height) {
    throw new MetricsError('size_mismatch', `frames differ in size: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
}

/**
 * Converts video tensors in [-1, 1] to frames on 0..255 (values outside are clamped, as they
 * would be when saved). Accepts one frame `[H, W, 3]`, frames `[T, H, W, 3]` or a batch of clips
 * `[B, T, H, W, 3]` (frames in batch-major order).
 */
export function framesFromTensor(tensor: tf.Tensor): RgbFrame[] {
  const shape = tensor.shape;
  const channels = shape[shape.length - 1];
  if (shape.length < 3 || shape.length > 5 || channels !== 3) {
    throw new MetricsError('invalid_frame', `expected [H, W, 3], [T, H, W, 3] or [B, T, H, W, 3], got [${shape.join(', ')}]`);
  }
  const [height, width] = shape.slice(-3, -1) as [number, number];
  const values = tf.tidy(() => tf.clipByValue(tf.mul(tf.add(tf.cast(tensor, 'float32'), 1), 127.5), 0, 255).dataSync() as Float32Array);
  const size = width * height * 3;
  return Array.from({ length: values.length / size }, (_, i) => ({ width, height, data: values.subarray(i * size, (i + 1) * size) }));
}

/** The per-pixel mean of frames: the baseline every retrieval score is reported beside. */
export function meanFrame(frames: readonly RgbFrame[]): RgbFrame {
  const first = frames[0];
  if (!first) throw new MetricsError('invalid_frame', 'the mean of no frames is undefined');
  const sum = new Float64Array(first.data.length);
  for (const frame of frames) {
    assertComparable(first, frame);
    for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (frame.data[i] as number);
  }
  return { width: first.width, height: first.height, data: Float32Array.from(sum, (s) => s / frames.length) };
}
