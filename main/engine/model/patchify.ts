/**
 * Rearrangements between video and patch tokens, all as reshapes and 4-D transposes (no
 * convolutions, no gathers, no slices). Video is [B, T, H, W, C]; a patch vector is ordered (kt, kh, kw, C),
 * the order of a tf.conv3d filter [kt, kh, kw, C, out] flattened, so a Linear layer over
 * spaceToDepth3d output is exactly a conv3d whose stride equals its kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertShape, ModelError } from './errors';

/** A non-overlapping 3-D box (frames, rows, columns). */
export type Box3 = readonly [number, number, number];

function requireDivisible(size: number, by: number, what: string): void {
  if (size % by !== 0) throw new ModelError('shape_mismatch', `${what} ${size} is not divisible by ${by}`);
}

/** [B, T, H, W, C] -> [B, T/kt, H/kh, W/kw, kt*kh*kw*C]. */
export function spaceToDepth3d(x: tf.Tensor5D, box: Box3): tf.Tensor5D {
  const [kt, kh, kw] = box;
  const [b, t, h, w, c] = assertShape(x, [null, null, null, null, null], 'spaceToDepth3d input') as [number, number, number, number, number];
  requireDivisible(t, kt, 'frame count');
  requireDivisible(h, kh, 'height');
  requireDivisible(w, kw, 'width');
  return tf.tidy(() => {
    const rows = tf.reshape(x, [b * t * (h / kh), kh, w / kw, kw * c]); // [B*T*H/kh, kh, W/kw, kw*C]
    const patches = tf.transpose(rows, [0, 2, 1, 3]); // [B*T*H/kh, W/kw, kh, kw*C]
    if (kt === 1) return tf.reshape(patches, [b, t, h / kh, w / kw, kh * kw * c]); // [B, T, H/kh, W/kw, kh*kw*C]
    // 4-D transposes only: wasm's 5-D Transpose ran about 400x slower than its 4-D one.
    const grouped = tf.reshape(patches, [b * (t / kt), kt, (h / kh) * (w / kw), kh * kw * c]); // [B*T/kt, kt, S, kh*kw*C]
    const stacked = tf.transpose(grouped, [0, 2, 1, 3]); // [B*T/kt, S, kt, kh*kw*C]
    return tf.reshape(stacked, [b, t / kt, h / kh, w / kw, kt * kh * kw * c]); // [B, T/kt, H/kh, W/kw, kt*kh*kw*C]
  });
}

/** Video [B, T, H, W, C] -> tokens [B, T*(H/p)*(W/p), p*p*C], frame-major then row-major. */
export function patchify(video: tf.Tensor5D, patch: number): tf.Tensor3D {
  return tf.tidy(() => {
    const grid = spaceToDepth3d(video, [1, patch, patch]); // [B, T, H/p, W/p, p*p*C]
    const [b, t, gh, gw, d] = grid.shape;
    return tf.reshape(grid, [b, t * gh * gw, d]); // [B, T*gh*gw, p*p*C]
  });
}

/** The frame size tokens are unpatchified to. */
export interface FrameShape {
  frames: number;
  height: number;
  width: number;
  channels: number;
}

/** Tokens [B, T*(H/p)*(W/p), p*p*C] -> video [B, T, H, W, C]; the inverse of patchify. */
export function unpatchify(tokens: tf.Tensor3D, patch: number, shape: FrameShape): tf.Tensor5D {
  const { frames, height, width, channels } = shape;
  const gh = height / patch;
  const gw = width / patch;
  const [b] = assertShape(tokens, [null, frames * gh * gw, patch * patch * channels], 'unpatchify input') as [number];
  return tf.tidy(() => {
    const rows = tf.reshape(tokens, [b * frames * gh, gw, patch, patch * channels]); // [B*T*gh, gw, p, p*C]
    const pixels = tf.transpose(rows, [0, 2, 1, 3]); // [B*T*gh, p, gw, p*C]
    return tf.reshape(pixels, [b, frames, height, width, channels]); // [B, T, H, W, C]
  });
}

/** Average-pools [B, T, H, W, C] over non-overlapping fh x fw windows -> [B, T, H/fh, W/fw, C]. */
export function poolSpace(x: tf.Tensor5D, fh: number, fw: number): tf.Tensor5D {
  const [b, t, h, w, c] = x.shape;
  requireDivisible(h, fh, 'height');
  requireDivisible(w, fw, 'width');
  return tf.tidy(() => {
    const windows = tf.reshape(x, [b * t * (h / fh), fh, w / fw, fw, c]); // [B*T*H/fh, fh, W/fw, fw, C]
    return tf.reshape(tf.mean(windows, [1, 3]), [b, t, h / fh, w / fw, c]); // [B, T, H/fh, W/fw, C]
  });
}
