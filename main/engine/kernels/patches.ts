/**
 * Convolutions whose stride equals their kernel (no padding, no dilation) see each input element
 * exactly once, so they are a reshape plus one 2-D product. This file turns an image into its
 * patch matrix and back.
 *
 * Layout: image [N, s1, ..., sd, C]; patch matrix [N*o1*...*od, k1*...*kd*C] with oi = floor(si/ki),
 * columns ordered (k1, ..., kd, C), the order of a flattened tfjs conv filter [k1..kd, C, out].
 * Input rows or columns past the last whole patch are cropped (forward) or zero (inverse).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelScope } from './scope';

const product = (dims: readonly number[]): number => dims.reduce((acc, d) => acc * d, 1);

/** Whether a conv is a plain patch product: stride == kernel, zero padding, dilation 1. */
export function isPatchConv(kernel: readonly number[], strides: readonly number[], dilations: readonly number[], pads: readonly number[]): boolean {
  return kernel.every((k, i) => strides[i] === k && dilations[i] === 1) && pads.every((p) => p === 0);
}

/** image [N, ...spatial, C] -> patch matrix [N * prod(out), prod(kernel) * C]. */
export function imageToPatches(scope: KernelScope, image: TensorInfo, kernel: readonly number[]): TensorInfo {
  const n = image.shape[0] ?? 1;
  const spatial = image.shape.slice(1, -1);
  const channels = image.shape[image.shape.length - 1] ?? 1;
  const out = spatial.map((size, i) => Math.floor(size / (kernel[i] ?? 1)));
  const used = out.map((o, i) => o * (kernel[i] ?? 1));
  let x = used.every((u, i) => u === spatial[i])
    ? image
    : scope.slice(image, image.shape.map(() => 0), [n, ...used, channels]);
  // Fold one spatial axis at a time into the channels, innermost first, so that every move is a
  // rank-4 transpose [before*o, k, after, C'] -> [before*o, after, k, C'].
  let inner = channels;
  for (let axis = spatial.length - 1; axis >= 0; axis--) {
    const k = kernel[axis] ?? 1;
    const before = n * product(used.slice(0, axis));
    const after = product(out.slice(axis + 1));
    const blocks = before * (out[axis] ?? 1);
    x = scope.transpose(scope.reshape(x, [blocks, k, after, inner]), [0, 2, 1, 3]);
    inner *= k;
  }
  return scope.reshape(x, [n * product(out), inner]);
}

/** Inverse of imageToPatches: patch matrix -> image [N, ...spatial, C], zero where cropped. */
export function patchesToImage(
  scope: KernelScope, patches: TensorInfo, n: number, spatial: readonly number[], kernel: readonly number[], channels: number,
): TensorInfo {
  const out = spatial.map((size, i) => Math.floor(size / (kernel[i] ?? 1)));
  const used = out.map((o, i) => o * (kernel[i] ?? 1));
  let x = patches;
  let inner = channels * product(kernel);
  // Unfold outermost first: the channel block of the outermost axis leads.
  for (let axis = 0; axis < spatial.length; axis++) {
    const k = kernel[axis] ?? 1;
    inner /= k;
    const blocks = n * product(used.slice(0, axis)) * (out[axis] ?? 1);
    const after = product(out.slice(axis + 1));
    x = scope.transpose(scope.reshape(x, [blocks, after, k, inner]), [0, 2, 1, 3]);
  }
  const image = scope.reshape(x, [n, ...used, channels]);
  return scope.pad(image, [[0, 0], ...spatial.map((size, i): [number, number] => [0, size - (used[i] ?? 0)]), [0, 0]]);
}
