/**
 * UnsortedSegmentSum for wasm, which tfjs-backend-wasm does not register. tf.gather's gradient
 * is an unsorted segment sum, so without it no model with an embedding lookup trains on wasm.
 *
 * Layout: x [...idsShape, ...inner], segmentIds idsShape (int32), out [numSegments, ...inner].
 * Ids outside [0, numSegments) are dropped, as in TensorFlow. A scatter-add is memory-bound,
 * so it runs as one pass over the wasm heap.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { KernelError } from './errors';
import { WASM } from './stock';
import { asWasmBackend } from './wasm-backend';

const unsortedSegmentSum: KernelFunc = ({ inputs, backend: rawBackend, attrs }) => {
  const backend = asWasmBackend(rawBackend);
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as { numSegments: number };
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new KernelError('unsupported', `UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}`);
  }
  const idsRank = segmentIds.shape.length;
  const innerShape = x.shape.slice(idsRank);
  const inner = tf.util.sizeFromShape(innerShape);
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  // Views are taken after the only allocation, since growing the heap detaches older views.
  const sums = backend.typedArrayFromHeap(out);
  const values = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  sums.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row] ?? -1;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * inner;
    const to = segment * inner;
    for (let j = 0; j < inner; j++) sums[to + j] = (sums[to + j] ?? 0) + (values[from + j] ?? 0);
  }
  return out;
};

/** UnsortedSegmentSum kernel for wasm. */
export const unsortedSegmentSumKernel: KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: WASM,
  kernelFunc: unsortedSegmentSum,
};
