import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../main/engine/checkpoint/errors';
import { decodeSafetensors, encodeSafetensors, type RawTensor } from '../../main/engine/checkpoint/safetensors';
import { rawToTensors, tensorsToRaw } from '../../main/engine/checkpoint/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** A file assembled by hand from the specification: u64 LE length, space-padded JSON, data. */
function handBuiltFile(): Uint8Array {
  const header = '{"__metadata__":{"format":"pt"},'
    + '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
    + '"b":{"dtype":"I32","shape":[1,1],"data_offsets":[8,12]}}';
  expect(header.length).toBe(141);
  return Uint8Array.from([
    144, 0, 0, 0, 0, 0, 0, 0, // 141 bytes of JSON padded to 144
    ...Buffer.from(header + '   ', 'ascii'),
    0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, // F32 1.0, -2.0
    0x07, 0x00, 0x00, 0x00, // I32 7
  ]);
}

/** Builds a file with a given header object and data buffer, bypassing the writer's checks. */
function fileWith(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = Buffer.from(headerText, 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectFormatError(file: Uint8Array, pattern: RegExp): void {
  try {
    decodeSafetensors(file, 'x.safetensors');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe('invalid_format');
    expect((error as CheckpointError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected decodeSafetensors to throw');
}

describe('safetensors', () => {
  it('writes the specification layout byte for byte', () => {
    const tensors = new Map<string, RawTensor>([
      // Inserted out of order: the writer sorts by name.
      ['b', { dtype: 'I32', shape: [1, 1], data: bytes(7, 0, 0, 0) }],
      ['a', { dtype: 'F32', shape: [2], data: bytes(0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0) }],
    ]);
    expect(Buffer.from(encodeSafetensors(tensors, { format: 'pt' }))).toEqual(Buffer.from(handBuiltFile()));
  });

  it('reads the hand-built file', () => {
    const { tensors, metadata } = decodeSafetensors(handBuiltFile());
    expect(metadata).toEqual({ format: 'pt' });
    const loaded = rawToTensors(tensors);
    expect(loaded.get('a')?.dataSync()).toEqual(new Float32Array([1, -2]));
    expect(loaded.get('b')?.shape).toEqual([1, 1]);
    expect(loaded.get('b')?.dtype).toBe('int32');
    expect(loaded.get('b')?.dataSync()).toEqual(new Int32Array([7]));
    for (const t of loaded.values()) t.dispose();
  });

  it('round-trips tensors byte-exactly, including NaN payloads, -0, empty and bool tensors', async () => {
    const weird = new Float32Array([0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4e38]);
    new Uint32Array(weird.buffer)[2] = 0x7fc0_1234; // a NaN with a payload
    const before = tf.memory().numTensors;
    const source = new Map<string, tf.Tensor>([
      ['blocks.0.attn.qkv.weight', tf.tensor(weird, [7])],
      ['blocks.0.norm.scale', tf.randomNormal([3, 4, 5], 0, 1, 'float32', 7)],
      ['empty', tf.zeros([0, 4])],
      ['mask', tf.tensor([true, false, true], [3], 'bool')],
      ['index', tf.tensor([1, -2, 2147483647], [3], 'int32')],
    ]);
    const file = encodeSafetensors(await tensorsToRaw(source), { note: 'ü' });
    expect(new DataView(file.buffer).getBigUint64(0, true) % 8n).toBe(0n);
    const decoded = decodeSafetensors(file);
    expect(Buffer.from(encodeSafetensors(decoded.tensors, decoded.metadata))).toEqual(Buffer.from(file));
    const loaded = rawToTensors(decoded.tensors);
    for (const [name, tensor] of source) {
      const back = loaded.get(name) as tf.Tensor;
      expect(back.shape).toEqual(tensor.shape);
      expect(back.dtype).toBe(tensor.dtype);
      const a = tensor.dataSync() as Float32Array;
      const b = back.dataSync() as Float32Array;
      expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toEqual(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    }
    for (const t of [...source.values(), ...loaded.values()]) t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('widens F16, BF16, F64 and small integer tensors written by other tools', () => {
    const raws = new Map<string, RawTensor>([
      ['h', { dtype: 'F16', shape: [4], data: bytes(0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x00, 0x7c) }],
      ['bf', { dtype: 'BF16', shape: [2], data: bytes(0x80, 0x3f, 0x40, 0xc0) }],
      ['d', { dtype: 'F64', shape: [1], data: new Uint8Array(new Float64Array([0.25]).buffer) }],
      ['i8', { dtype: 'I8', shape: [2], data: bytes(0xff, 0x05) }],
    ]);
    const loaded = rawToTensors(decodeSafetensors(encodeSafetensors(raws)).tensors);
    expect([...(loaded.get('h')?.dataSync() ?? [])]).toEqual([1, -2, 2 ** -24, Infinity]);
    expect([...(loaded.get('bf')?.dataSync() ?? [])]).toEqual([1, -3]);
    expect([...(loaded.get('d')?.dataSync() ?? [])]).toEqual([0.25]);
    expect([...(loaded.get('i8')?.dataSync() ?? [])]).toEqual([-1, 5]);
    for (const t of loaded.values()) t.dispose();
  });

  it('refuses dtypes tfjs cannot hold with a typed error', () => {
    const file = encodeSafetensors(new Map([['x', { dtype: 'I64', shape: [1], data: new Uint8Array(8) } as RawTensor]]));
    expect(() => rawToTensors(decodeSafetensors(file).tensors)).toThrow(/x.*I64/);
    const unknown = fileWith({ x: { dtype: 'F4', shape: [2], data_offsets: [0, 1] } }, new Uint8Array(1));
    expect(() => decodeSafetensors(unknown)).toThrow(expect.objectContaining({ code: 'unsupported_dtype' }) as Error);
  });

  it('rejects malformed files with clear messages', () => {
    const f32 = (begin: number, end: number, shape = [2]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expectFormatError(huge, /header length 1099511627776 exceeds/);
    const past = new Uint8Array(16);
    new DataView(past.buffer).setBigUint64(0, 100n, true);
    expectFormatError(past, /runs past the end/);
    expectFormatError(bytes(1, 2, 3), /too short/);
    expectFormatError(fileWith(null, new Uint8Array(0), '{"a": '), /not valid UTF-8 JSON/);
    expectFormatError(fileWith(null, new Uint8Array(0), '[1, 2]  '), /does not start with '\{'/);
    expectFormatError(fileWith({ a: f32(0, 8), b: f32(4, 12) }, new Uint8Array(12)), /'b' overlaps/);
    expectFormatError(fileWith({ a: f32(0, 8), b: f32(12, 20) }, new Uint8Array(20)), /bytes 8\.\.12 .* belong to no tensor/);
    expectFormatError(fileWith({ a: f32(0, 8) }, new Uint8Array(4)), /'a' ends at byte 8 of a 4-byte data buffer/);
    expectFormatError(fileWith({ a: f32(0, 8) }, new Uint8Array(10)), /2 trailing bytes/);
    expectFormatError(fileWith({ a: f32(0, 12) }, new Uint8Array(12)), /F32\[2\] = 8 bytes but its data_offsets span 12/);
    expectFormatError(fileWith({ a: f32(8, 0) }, new Uint8Array(8)), /end before they begin/);
    expectFormatError(fileWith({ a: f32(0, 8, [-2]) }, new Uint8Array(8)), /invalid dimension -2/);
    expectFormatError(fileWith({ a: { ...f32(0, 8), extra: 1 } }, new Uint8Array(8)), /unknown fields extra/);
    expectFormatError(fileWith({ __metadata__: { v: 1 } }, new Uint8Array(0)), /__metadata__\.v is not a string/);
  });

  it('rejects a truncated file', () => {
    const file = handBuiltFile();
    expectFormatError(file.subarray(0, file.length - 1), /'b' ends at byte 12 of a 11-byte data buffer/);
    expectFormatError(file.subarray(0, 100), /runs past the end/);
  });
});
