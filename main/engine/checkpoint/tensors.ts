/**
 * Conversion between tfjs tensors and safetensors raw tensors. tfjs holds float32, int32 and bool,
 * which map to F32, I32 and BOOL. Files from PyTorch often hold F16, BF16 or F64 weights and small
 * integer types; those are widened to float32 / int32 on load so such models can be imported.
 * Raw data are little-endian, so this module refuses to run on a big-endian host.
 */
import { endianness } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from './errors';
import type { RawTensor, SafetensorsDtype } from './safetensors';

function assertLittleEndian(): void {
  if (endianness() !== 'LE') {
    throw new CheckpointError('unsupported_dtype', 'checkpoints need a little-endian machine; this one is big-endian');
  }
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * Reads each tensor's values into a raw tensor. The data may alias the backend's own storage,
 * so use the result before the tensors are disposed (encodeSafetensors copies it).
 */
export async function tensorsToRaw(tensors: ReadonlyMap<string, tf.Tensor>): Promise<Map<string, RawTensor>> {
  assertLittleEndian();
  const out = new Map<string, RawTensor>();
  for (const [name, tensor] of tensors) {
    let dtype: SafetensorsDtype;
    switch (tensor.dtype) {
      case 'float32': dtype = 'F32'; break;
      case 'int32': dtype = 'I32'; break;
      case 'bool': dtype = 'BOOL'; break;
      case 'complex64':
      case 'string':
        throw new CheckpointError('unsupported_dtype', `tensor '${name}' has dtype ${tensor.dtype}, which checkpoints cannot store`);
    }
    const values = (await tensor.data()) as Float32Array | Int32Array | Uint8Array;
    out.set(name, { dtype, shape: tensor.shape, data: bytesOf(values) });
  }
  return out;
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Copies the bytes first: typed arrays need an aligned offset, and the file buffer should not be
 * kept alive. (`new Uint8Array(view)` copies; a Node Buffer's `slice` would not.)
 */
function valuesOf(name: string, raw: RawTensor): { values: Float32Array | Int32Array | Uint8Array; dtype: 'float32' | 'int32' | 'bool' } {
  const buffer = new Uint8Array(raw.data).buffer;
  switch (raw.dtype) {
    case 'F32': return { values: new Float32Array(buffer), dtype: 'float32' };
    case 'I32': return { values: new Int32Array(buffer), dtype: 'int32' };
    case 'BOOL': return { values: new Uint8Array(buffer), dtype: 'bool' };
    case 'U8': return { values: Int32Array.from(new Uint8Array(buffer)), dtype: 'int32' };
    case 'I8': return { values: Int32Array.from(new Int8Array(buffer)), dtype: 'int32' };
    case 'I16': return { values: Int32Array.from(new Int16Array(buffer)), dtype: 'int32' };
    case 'U16': return { values: Int32Array.from(new Uint16Array(buffer)), dtype: 'int32' };
    case 'F16': return { values: Float32Array.from(new Uint16Array(buffer), halfToFloat), dtype: 'float32' };
    case 'BF16': return { values: new Float32Array(Uint32Array.from(new Uint16Array(buffer), (h) => h << 16).buffer), dtype: 'float32' };
    case 'F64': return { values: Float32Array.from(new Float64Array(buffer)), dtype: 'float32' };
    case 'U32':
    case 'I64':
    case 'U64':
    case 'F8_E5M2':
    case 'F8_E4M3':
      throw new CheckpointError('unsupported_dtype', `tensor '${name}' has dtype ${raw.dtype}, which tfjs cannot hold`);
  }
}

/** Creates one tfjs tensor per raw tensor; the caller owns (and disposes) them. */
export function rawToTensors(raws: ReadonlyMap<string, RawTensor>): Map<string, tf.Tensor> {
  assertLittleEndian();
  const out = new Map<string, tf.Tensor>();
  try {
    for (const [name, raw] of raws) {
      const { values, dtype } = valuesOf(name, raw);
      out.set(name, tf.tensor(values, [...raw.shape], dtype));
    }
  } catch (error) {
    for (const tensor of out.values()) tensor.dispose();
    throw error;
  }
  return out;
}
