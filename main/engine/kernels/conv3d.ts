/**
 * Conv3D and its two gradients on wasm, reduced to 2-D work.
 *
 * Layout: x [B, T, H, W, C] (NDHWC), filter [kd, kh, kw, C, Co], dy [B, To, Ho, Wo, Co].
 *
 * A conv3d is a conv2d over frames once the kd input frames each output frame reads are put
 * side by side in the channels ("time fold": x -> [B*To, H, W, kd*C], filter ->
 * [kh, kw, kd*C, Co]). The forward pass is then one fast conv2d, the filter gradient the conv2d
 * filter gradient, and the input gradient the conv2d input gradient followed by the inverse
 * fold, which adds each tap's frames back at their times. Convs whose stride equals their kernel
 * skip all of that: one patch product.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { matMul } from './batch-matmul';
import { conv2dFilterGrad, conv2dInputGrad } from './conv2d-grad';
import { imageToPatches, isPatchConv, patchesToImage } from './patches';
import { inScope, type KernelScope } from './scope';
import { runStock, WASM } from './stock';

type Conv3DInfo = tf.backend_util.Conv3DInfo;
type Shape5D = [number, number, number, number, number];

function isPatch(info: Conv3DInfo): boolean {
  const { front, back, top, bottom, left, right } = info.padInfo;
  return isPatchConv([info.filterDepth, info.filterHeight, info.filterWidth],
    [info.strideDepth, info.strideHeight, info.strideWidth],
    [info.dilationDepth, info.dilationHeight, info.dilationWidth], [front, back, top, bottom, left, right]);
}

const kernelDims = (info: Conv3DInfo): number[] => [info.filterDepth, info.filterHeight, info.filterWidth];

/** The conv2d over folded frames equivalent to `info` (same spatial strides, pads, dilations). */
function foldedConv2DInfo(info: Conv3DInfo): tf.backend_util.Conv2DInfo {
  const { top, bottom, left, right } = info.padInfo;
  const channels = info.filterDepth * info.inChannels;
  return tf.backend_util.computeConv2DInfo(
    [info.batchSize * info.outDepth, info.inHeight, info.inWidth, channels],
    [info.filterHeight, info.filterWidth, channels, info.outChannels],
    [info.strideHeight, info.strideWidth], [info.dilationHeight, info.dilationWidth],
    [[0, 0], [top, bottom], [left, right], [0, 0]]);
}

/** x [B, T, H, W, C] -> [B*To, H, W, kd*C], channels ordered (kd, C). */
function foldTime(scope: KernelScope, x: TensorInfo, info: Conv3DInfo): TensorInfo {
  const { batchSize: b, inDepth: t, inHeight: h, inWidth: w, inChannels: c, outDepth: to } = info;
  const { filterDepth: kd, strideDepth: sd, dilationDepth: dd } = info;
  const { front, back } = info.padInfo;
  if (kd === 1 && sd === 1 && front === 0 && back === 0) return scope.reshape(x, [b * t, h, w, c]);
  const padded = scope.pad(x, [[0, 0], [front, back], [0, 0], [0, 0], [0, 0]]);
  const taps: TensorInfo[] = [];
  for (let tap = 0; tap < kd; tap++) {
    const t0 = tap * dd;
    const frames = scope.stridedSlice(padded, [0, t0, 0, 0, 0], [b, t0 + (to - 1) * sd + 1, h, w, c], [1, sd, 1, 1, 1]);
    taps.push(scope.reshape(frames, [b * to, 1, h * w, c]));
  }
  const stacked = scope.concat(taps, 1); // [B*To, kd, H*W, C]
  return scope.reshape(scope.transpose(stacked, [0, 2, 1, 3]), [b * to, h, w, kd * c]);
}

/** Inverse of foldTime for gradients: adds each tap's frames back at their input times. */
function unfoldTime(scope: KernelScope, folded: TensorInfo, info: Conv3DInfo): TensorInfo {
  const { batchSize: b, inDepth: t, inHeight: h, inWidth: w, inChannels: c, outDepth: to } = info;
  const { filterDepth: kd, strideDepth: sd, dilationDepth: dd } = info;
  const { front, back } = info.padInfo;
  if (kd === 1 && sd === 1 && front === 0 && back === 0) return scope.reshape(folded, [b, t, h, w, c]);
  const frame = h * w * c;
  const paddedLength = t + front + back;
  const byTap = scope.reshape(scope.transpose(scope.reshape(folded, [b * to, h * w, kd, c]), [0, 2, 1, 3]), [b, to, kd, frame]);
  const placed: TensorInfo[] = [];
  for (let tap = 0; tap < kd; tap++) {
    const t0 = tap * dd;
    const frames = scope.slice(byTap, [0, 0, tap, 0], [b, to, 1, frame]);
    // Stride sd: each output frame's contribution is followed by sd - 1 empty frames.
    let spread = scope.reshape(scope.pad(frames, [[0, 0], [0, 0], [0, sd - 1], [0, 0]]), [b, to * sd, frame]);
    const fits = Math.min(to * sd, paddedLength - t0);
    if (fits < to * sd) spread = scope.slice(spread, [0, 0, 0], [b, fits, frame]);
    placed.push(scope.pad(spread, [[0, 0], [t0, paddedLength - t0 - fits], [0, 0]]));
  }
  const sum = scope.addN(placed);
  return scope.reshape(scope.slice(sum, [0, front, 0], [b, t, frame]), [b, t, h, w, c]);
}

/** filter [kd, kh, kw, C, Co] -> [kh, kw, kd*C, Co]. */
function foldFilter(scope: KernelScope, filter: TensorInfo): TensorInfo {
  const [kd = 1, kh = 1, kw = 1, c = 1, co = 1] = filter.shape;
  return scope.reshape(scope.transpose(filter, [1, 2, 0, 3, 4]), [kh, kw, kd * c, co]);
}

/** Forward conv3d: [B, To, Ho, Wo, Co]. */
function conv3dForward(scope: KernelScope, x: TensorInfo, filter: TensorInfo, info: Conv3DInfo): TensorInfo {
  const { batchSize: b, outDepth: to, outHeight: ho, outWidth: wo, outChannels: co } = info;
  if (isPatch(info)) {
    const cols = imageToPatches(scope, x, kernelDims(info));
    return scope.reshape(scope.matMul2d(cols, scope.reshape(filter, [-1, co])), [b, to, ho, wo, co]);
  }
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, bottom, left, right } = info.padInfo;
  const y = scope.conv2d(foldTime(scope, x, info), foldFilter(scope, filter), [sh, sw], [[top, bottom], [left, right]], [dh, dw]);
  return scope.reshape(y, [b, to, ho, wo, co]);
}

/** dL/dx [B, T, H, W, C]. */
function conv3dInputGrad(scope: KernelScope, dy: TensorInfo, filter: TensorInfo, info: Conv3DInfo): TensorInfo {
  const { batchSize: b, inDepth: t, inHeight: h, inWidth: w, inChannels: c, outChannels: co } = info;
  const rows = b * info.outDepth * info.outHeight * info.outWidth;
  if (isPatch(info)) {
    const cols = matMul(scope, scope.reshape(dy, [rows, co]), scope.reshape(filter, [-1, co]), false, true);
    return patchesToImage(scope, cols, b, [t, h, w], kernelDims(info), c);
  }
  const dy2d = scope.reshape(dy, [b * info.outDepth, info.outHeight, info.outWidth, co]);
  return unfoldTime(scope, conv2dInputGrad(scope, dy2d, foldFilter(scope, filter), foldedConv2DInfo(info)), info);
}

/** dL/dfilter [kd, kh, kw, C, Co]. */
function conv3dFilterGrad(scope: KernelScope, x: TensorInfo, dy: TensorInfo, info: Conv3DInfo): TensorInfo {
  const { filterDepth: kd, filterHeight: kh, filterWidth: kw, inChannels: c, outChannels: co } = info;
  const rows = info.batchSize * info.outDepth * info.outHeight * info.outWidth;
  if (isPatch(info)) {
    const cols = imageToPatches(scope, x, kernelDims(info));
    return scope.reshape(matMul(scope, cols, scope.reshape(dy, [rows, co]), true, false), [kd, kh, kw, c, co]);
  }
  const dy2d = scope.reshape(dy, [info.batchSize * info.outDepth, info.outHeight, info.outWidth, co]);
  const folded = conv2dFilterGrad(scope, foldTime(scope, x, info), dy2d, foldedConv2DInfo(info)); // [kh, kw, kd*C, Co]
  return scope.transpose(scope.reshape(folded, [kh, kw, kd, c, co]), [2, 0, 1, 3, 4]);
}

interface Conv3DAttrs {
  strides: [number, number, number] | number;
  pad: 'valid' | 'same';
  dilations?: [number, number, number] | number;
}

const conv3d: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const { strides, pad, dilations } = attrs as unknown as Conv3DAttrs;
  const info = tf.backend_util.computeConv3DInfo(x.shape as Shape5D, filter.shape as Shape5D, strides, dilations ?? 1, pad);
  if (tf.util.sizeFromShape(info.outShape) === 0) return runStock(tf.Conv3D, inputs, backend, attrs);
  return inScope(backend, (scope) => conv3dForward(scope, x, filter, info));
};

const conv3dBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, inputShape } = attrs as unknown as Conv3DAttrs & { inputShape: number[] };
  const info = tf.backend_util.computeConv3DInfo(inputShape as Shape5D, filter.shape as Shape5D, strides, 1, pad);
  if (tf.util.sizeFromShape(inputShape) === 0) return runStock(tf.Conv3DBackpropInputV2, inputs, backend, attrs);
  return inScope(backend, (scope) => conv3dInputGrad(scope, dy, filter, info));
};

const conv3dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, filterShape } = attrs as unknown as Conv3DAttrs & { filterShape: number[] };
  const info = tf.backend_util.computeConv3DInfo(x.shape as Shape5D, filterShape as Shape5D, strides, 1, pad);
  if (tf.util.sizeFromShape(x.shape) === 0) return runStock(tf.Conv3DBackpropFilterV2, inputs, backend, attrs);
  return inScope(backend, (scope) => conv3dFilterGrad(scope, x, dy, info));
};

/** Conv3D override for wasm. */
export const conv3dOverride: KernelConfig = { kernelName: tf.Conv3D, backendName: WASM, kernelFunc: conv3d };

/** Conv3DBackpropInputV2 override for wasm. */
export const conv3dBackpropInputOverride: KernelConfig = {
  kernelName: tf.Conv3DBackpropInputV2,
  backendName: WASM,
  kernelFunc: conv3dBackpropInput,
};

/** Conv3DBackpropFilterV2 override for wasm. */
export const conv3dBackpropFilterOverride: KernelConfig = {
  kernelName: tf.Conv3DBackpropFilterV2,
  backendName: WASM,
  kernelFunc: conv3dBackpropFilter,
};
