/**
 * The few internals of the tfjs 4.22 wasm backend that the kernel overrides touch, typed in one
 * place: tensor memory offsets on the wasm heap, zero-copy views into a tensor's memory, and
 * the backend's compiled BatchMatMul entry point called directly on such views.
 *
 * Why views: the stock BatchMatMul only reaches XNNPACK for a single non-transposed product
 * ([1, M, K] x [1, K, N]); every batched product falls back to a naive loop at 1-3 GFLOP/s.
 * Running the XNNPACK path once per batch on views of the operands and of the output keeps the
 * fast path without copying slices in and results out.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { KernelError } from './errors';

/** One entry of the backend's data map (see BackendWasm.dataIdMap in tfjs-backend-wasm). */
interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
}

type CompiledBatchMatMul = (
  aId: number, aShape: Uint8Array, aRank: number,
  bId: number, bShape: Uint8Array, bRank: number,
  transposeA: number, transposeB: number, outId: number,
) => void;

/** The structural subset of BackendWasm used here. */
export interface WasmBackend {
  dataIdMap: {
    get(dataId: object): WasmTensorData | undefined;
    delete(dataId: object): boolean;
  };
  wasm: {
    tfjs: { disposeData(id: number): void };
    cwrap(name: string, returnType: null, argTypes: string[]): CompiledBatchMatMul;
  };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Narrows the `backend` a kernel receives to the wasm backend, or throws a KernelError. */
export function asWasmBackend(backend: unknown): WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  if (candidate?.dataIdMap === undefined || typeof candidate.wasm?.cwrap !== 'function'
    || typeof candidate.makeOutput !== 'function') {
    throw new KernelError('wrong-backend', 'A wasm kernel override was called with a backend that is not tfjs-backend-wasm');
  }
  return candidate as WasmBackend;
}

const compiled = new WeakMap<WasmBackend, CompiledBatchMatMul>();

/** The backend's exported C function `BatchMatMul`, wrapped once per backend instance. */
function compiledBatchMatMul(backend: WasmBackend): CompiledBatchMatMul {
  let fn = compiled.get(backend);
  if (fn === undefined) {
    fn = backend.wasm.cwrap('BatchMatMul', null, [
      'number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number',
    ]);
    compiled.set(backend, fn);
  }
  return fn;
}

function tensorData(backend: WasmBackend, info: TensorInfo): WasmTensorData {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) {
    throw new KernelError('unknown-tensor', `Tensor of shape [${info.shape.join(', ')}] is not held by the wasm backend`);
  }
  return data;
}

const shapeBytes = (shape: readonly number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/**
 * A float32 view of `shape` starting `elementOffset` elements into `base`'s memory. The view owns
 * no memory: release it with `releaseView`, never with `disposeData` (which would free `base`).
 */
function makeView(backend: WasmBackend, base: WasmTensorData, elementOffset: number, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32', base.memoryOffset + elementOffset * Float32Array.BYTES_PER_ELEMENT);
}

/**
 * Whether `info` may be the weights (right operand, [..., K, n]) of an XNNPACK product under its
 * own tensor id. The backend caches the packed weights by that id alone, whatever the shape
 * (tfjs-backend-wasm 4.22, batch_mat_mul_impl.cc), and every reshape shares its input's id: an
 * id used as weights in two factorings would reuse the first packing, giving wrong values and
 * writing past the output. So an id serves in one factoring only, that of the shape its memory
 * was made with (N = its last dimension); any other needs `weightsView`.
 */
export function ownsWeightsId(backend: WasmBackend, info: TensorInfo, n: number): boolean {
  const made = tensorData(backend, info).shape;
  return (made[made.length - 1] ?? 1) === n;
}

/**
 * A float32 view of all of `info`'s memory as `shape`, with an id of its own (see
 * `ownsWeightsId`). Release it with `releaseView`, which also drops the packing cached for it.
 */
export function weightsView(backend: WasmBackend, info: TensorInfo, shape: number[]): TensorInfo {
  return makeView(backend, tensorData(backend, info), 0, shape);
}

/** Unregisters a view made here, leaving the memory it looks at alone. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const data = tensorData(backend, view);
  // Unregisters the id in C++ (which also drops XNNPACK operators cached for it) without freeing.
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}

/** Which batch of `a` and of `b` feed output batch `i`, for every output batch. */
export interface BatchPairs {
  aIndex: Int32Array;
  bIndex: Int32Array;
}

/**
 * Writes `out[i] = a[aIndex[i]] @ b[bIndex[i]]` for every output batch, where `a` is
 * contiguous [batchA, M, K], `b` is [batchB, K, N] and `out` is [batch, M, N], all float32.
 * Each product runs through XNNPACK on views; a `b` batch used by several outputs keeps one view
 * so that its packed weights are reused.
 */
export function batchedMatMulInto(
  backend: WasmBackend, a: TensorInfo, b: TensorInfo, out: TensorInfo,
  pairs: BatchPairs, m: number, k: number, n: number,
): void {
  const run = compiledBatchMatMul(backend);
  const aData = tensorData(backend, a);
  const bData = tensorData(backend, b);
  const outData = tensorData(backend, out);
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  const bViews = new Map<number, TensorInfo>();
  try {
    for (let i = 0; i < pairs.aIndex.length; i++) {
      const bi = pairs.bIndex[i] ?? 0;
      let bView = bViews.get(bi);
      if (bView === undefined) {
        bView = makeView(backend, bData, bi * k * n, [1, k, n]);
        bViews.set(bi, bView);
      }
      const aView = makeView(backend, aData, (pairs.aIndex[i] ?? 0) * m * k, [1, m, k]);
      const outView = makeView(backend, outData, i * m * n, [1, m, n]);
      try {
        run(tensorData(backend, aView).id, aShape, 3, tensorData(backend, bView).id, bShape, 3, 0, 0,
          tensorData(backend, outView).id);
      } finally {
        releaseView(backend, aView);
        releaseView(backend, outView);
      }
    }
  } finally {
    for (const view of bViews.values()) releaseView(backend, view);
  }
}
