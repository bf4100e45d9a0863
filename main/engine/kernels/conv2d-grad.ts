/**
 * Gradients of an NHWC conv2d on wasm through fast kernels.
 *
 * Layout: x [N, H, W, Ci], filter [kh, kw, Ci, Co], dy [N, Ho, Wo, Co].
 *
 * - Input gradient: stride == kernel convs are dy @ filter^T then patches back to an image;
 *   every other case is a stride-1 forward conv2d (the fast XNNPACK kernel) of dy, with zeros
 *   inserted between its elements for strides > 1, and the filter rotated 180 degrees with its
 *   channel axes swapped. For stride 1 'same' that is one plain conv2d.
 * - Filter gradient (not registered for wasm at all): stride == kernel convs are
 *   patches^T @ dy; every other case is itself a forward conv2d: x with its batch and channel
 *   axes swapped, convolved by dy as the filter (the conv's stride becomes the dilation). No
 *   im2col matrix is built, and XNNPACK does the work.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { matMul } from './batch-matmul';
import { KernelError } from './errors';
import { imageToPatches, isPatchConv, patchesToImage } from './patches';
import { inScope, type KernelScope, type Paddings } from './scope';
import { runStock, WASM } from './stock';

type Conv2DInfo = tf.backend_util.Conv2DInfo;

function isPatch(info: Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return isPatchConv([info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth],
    [info.dilationHeight, info.dilationWidth], [top, bottom, left, right]);
}

/** Inserts stride-1 zeros after every element of the two spatial axes: [N, Ho*sh, Wo*sw, C]. */
function insertZeros(scope: KernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n = 1, ho = 1, wo = 1, c = 1] = dy.shape;
  const spread = scope.pad(scope.reshape(dy, [n, ho, 1, wo, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return scope.reshape(spread, [n, ho * sh, wo * sw, c]);
}

/** Pads [before, after] on both spatial axes; negative amounts crop instead. */
function padOrCrop(scope: KernelScope, x: TensorInfo, pads: Paddings): { x: TensorInfo; pads: Paddings } {
  const crop = pads.map(([before, after]) => [Math.max(0, -before), Math.max(0, -after)] as const);
  if (crop.every(([b, a]) => b === 0 && a === 0)) return { x, pads };
  const [n = 1, h = 1, w = 1, c = 1] = x.shape;
  const [cropH = [0, 0], cropW = [0, 0]] = crop;
  const cropped = scope.slice(x, [0, cropH[0], cropW[0], 0], [n, h - cropH[0] - cropH[1], w - cropW[0] - cropW[1], c]);
  return { x: cropped, pads: pads.map(([before, after]) => [Math.max(0, before), Math.max(0, after)]) };
}

/** dL/dx [N, H, W, Ci] of a conv2d described by `info`. */
export function conv2dInputGrad(scope: KernelScope, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  if (isPatch(info)) {
    const rows = scope.reshape(dy, [n * info.outHeight * info.outWidth, co]);
    const cols = matMul(scope, rows, scope.reshape(filter, [kh * kw * ci, co]), false, true); // [R, kh*kw*Ci]
    return patchesToImage(scope, cols, n, [h, w], [kh, kw], ci);
  }
  const rotated = scope.transpose(scope.run('Reverse', { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]); // [kh, kw, Co, Ci]
  const spread = insertZeros(scope, dy, info.strideHeight, info.strideWidth);
  const top = info.effectiveFilterHeight - 1 - info.padInfo.top;
  const left = info.effectiveFilterWidth - 1 - info.padInfo.left;
  const bottom = h + info.effectiveFilterHeight - 1 - (spread.shape[1] ?? 0) - top;
  const right = w + info.effectiveFilterWidth - 1 - (spread.shape[2] ?? 0) - left;
  const fitted = padOrCrop(scope, spread, [[top, bottom], [left, right]]);
  return scope.conv2d(fitted.x, rotated, [1, 1], fitted.pads, [info.dilationHeight, info.dilationWidth]);
}

/** dL/dfilter [kh, kw, Ci, Co] of a conv2d described by `info`. */
export function conv2dFilterGrad(scope: KernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { batchSize: n, filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, outHeight: ho, outWidth: wo } = info;
  if (isPatch(info)) {
    const cols = imageToPatches(scope, x, [kh, kw]);
    return scope.reshape(matMul(scope, cols, scope.reshape(dy, [n * ho * wo, co]), true, false), [kh, kw, ci, co]);
  }
  // dW[i, j, c, o] = sum over (n, y, x) of xPadded[n, y*s + i*d, x*s + j*d, c] * dy[n, y, x, o]: a conv2d
  // of xPadded with channels and batch swapped, by dy as the filter, strides and dilations swapped.
  const { top, bottom, left, right } = info.padInfo;
  const padded = scope.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  const swapped = scope.transpose(padded, [3, 1, 2, 0]); // [Ci, Hp, Wp, N]
  const dyFilter = scope.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
  const full = scope.conv2d(swapped, dyFilter, [info.dilationHeight, info.dilationWidth], [[0, 0], [0, 0]],
    [info.strideHeight, info.strideWidth]); // [Ci, >= kh, >= kw, Co]
  const window = full.shape[1] === kh && full.shape[2] === kw ? full : scope.slice(full, [0, 0, 0, 0], [ci, kh, kw, co]);
  return scope.transpose(window, [1, 2, 0, 3]);
}

function requireChannelsLast(info: Conv2DInfo, kernelName: string): void {
  if (info.dataFormat !== 'channelsLast') {
    throw new KernelError('unsupported', `${kernelName} on wasm supports only NHWC data, got ${info.dataFormat}`);
  }
}

interface Conv2DGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const conv2dBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DGradAttrs & { inputShape: number[] };
  const info = tf.backend_util.computeConv2DInfo(inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat));
  if (info.dataFormat !== 'channelsLast' || tf.util.sizeFromShape(inputShape) === 0) {
    return runStock(tf.Conv2DBackpropInput, inputs, backend, attrs);
  }
  return inScope(backend, (scope) => conv2dInputGrad(scope, dy, filter, info));
};

const conv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { filterShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DGradAttrs & { filterShape: number[] };
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filterShape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    tf.backend_util.convertConv2DDataFormat(dataFormat));
  requireChannelsLast(info, tf.Conv2DBackpropFilter);
  return inScope(backend, (scope) => (tf.util.sizeFromShape(x.shape) === 0
    ? scope.zeros(filterShape)
    : conv2dFilterGrad(scope, x, dy, info)));
};

/** Conv2DBackpropInput override for wasm. */
export const conv2dBackpropInputOverride: KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: WASM,
  kernelFunc: conv2dBackpropInput,
};

/** Conv2DBackpropFilter for wasm, which tfjs-backend-wasm does not register. */
export const conv2dBackpropFilterKernel: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter,
};
