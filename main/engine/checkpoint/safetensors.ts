/**
 * The safetensors format (https://github.com/huggingface/safetensors), written and read exactly:
 *
 *   bytes 0..7      u64 little-endian N, the header length
 *   bytes 8..8+N    UTF-8 JSON: { "__metadata__"?: {string: string},
 *                                 NAME: { "dtype": "F32", "shape": [..], "data_offsets": [begin, end] } }
 *                   starting with '{' and padded with spaces so that N is a multiple of 8
 *   then            the byte buffer: every tensor's little-endian, row-major data; offsets are
 *                   relative to the buffer's start, and the tensors cover it with no gap or overlap
 *
 * The writer lays tensors out in sorted-name order, so one set of tensors always gives the same
 * bytes, and a file this module wrote reads back and re-encodes byte for byte. This file knows
 * only bytes; tensors.ts converts to and from tfjs.
 */
import { CheckpointError } from './errors';

/** Bytes per element of every dtype in the specification (sub-byte float types are refused). */
export const DTYPE_BYTES = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
} as const;

/** A safetensors dtype name. */
export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** One tensor as stored: its dtype, shape and raw little-endian bytes. */
export interface RawTensor {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  data: Uint8Array;
}

/** The decoded contents of a safetensors file. */
export interface SafetensorsContents {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

/** The specification's own limit; a larger header is refused before it is read. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
const SPACE = 0x20;

function invalid(message: string, file?: string): CheckpointError {
  return new CheckpointError('invalid_format', file ? `${file}: ${message}` : message, file);
}

function isDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(DTYPE_BYTES, value);
}

/** Number of bytes a tensor of this dtype and shape occupies, or throws if the shape is invalid. */
export function byteLength(dtype: SafetensorsDtype, shape: readonly number[], where = 'tensor'): number {
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw invalid(`${where} has invalid dimension ${String(dim)}`);
    count *= dim;
  }
  const bytes = count * DTYPE_BYTES[dtype];
  if (!Number.isSafeInteger(bytes)) throw invalid(`${where} is too large (${bytes} bytes)`);
  return bytes;
}

/** Encodes tensors (sorted by name) and optional string metadata into a safetensors file. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, RawTensor>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = { ...metadata };
  const names = [...tensors.keys()].sort();
  let offset = 0;
  for (const name of names) {
    if (name === '' || name === METADATA_KEY) {
      throw new CheckpointError('invalid_input', `'${name}' cannot be a tensor name in a safetensors file`);
    }
    const tensor = tensors.get(name) as RawTensor;
    const size = byteLength(tensor.dtype, tensor.shape, `tensor '${name}'`);
    if (tensor.data.byteLength !== size) {
      throw new CheckpointError('invalid_input',
        `tensor '${name}' has ${tensor.data.byteLength} bytes of data but ${tensor.dtype}${JSON.stringify(tensor.shape)} needs ${size}`);
    }
    header[name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(SPACE, 8 + json.length, 8 + headerLength);
  let cursor = 8 + headerLength;
  for (const name of names) {
    const data = (tensors.get(name) as RawTensor).data;
    out.set(data, cursor);
    cursor += data.byteLength;
  }
  return out;
}

function parseHeader(bytes: Uint8Array, file: string | undefined): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.byteLength < 8) throw invalid(`file is ${bytes.byteLength} bytes, too short for the 8-byte header length`, file);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw invalid(`header length ${declared} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes`, file);
  }
  const length = Number(declared);
  if (8 + length > bytes.byteLength) {
    throw invalid(`header length ${length} runs past the end of the ${bytes.byteLength}-byte file (truncated?)`, file);
  }
  const headerBytes = bytes.subarray(8, 8 + length);
  if (headerBytes[0] !== 0x7b) throw invalid(`header does not start with '{'`, file);
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(`header is not valid UTF-8 JSON (${(error as Error).message})`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('header is not a JSON object', file);
  }
  return { header: parsed as Record<string, unknown>, dataStart: 8 + length };
}

function parseMetadata(value: unknown, file: string | undefined): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${METADATA_KEY} is not an object`, file);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`${METADATA_KEY}.${key} is not a string`, file);
  }
  return { ...(value as Record<string, string>) };
}

interface Entry { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }

function parseEntry(name: string, value: unknown, file: string | undefined): Entry {
  const where = `tensor '${name}'`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} is not an object`, file);
  const { dtype, shape, data_offsets: offsets, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(`${where} has unknown fields ${extra.join(', ')}`, file);
  if (typeof dtype !== 'string') throw invalid(`${where} has no dtype`, file);
  if (!isDtype(dtype)) throw new CheckpointError('unsupported_dtype', `${file ?? 'safetensors'}: ${where} has unknown dtype '${dtype}'`, file);
  if (!Array.isArray(shape)) throw invalid(`${where} has no shape array`, file);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw invalid(`${where} data_offsets must be two non-negative integers`, file);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw invalid(`${where} data_offsets [${begin}, ${end}] end before they begin`, file);
  const size = byteLength(dtype, shape as number[], where);
  if (end - begin !== size) {
    throw invalid(`${where} is ${dtype}${JSON.stringify(shape)} = ${size} bytes but its data_offsets span ${end - begin}`, file);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/**
 * Decodes and validates a safetensors file: header length bound, JSON, dtypes, shapes matching
 * their byte ranges, and ranges tiling the byte buffer exactly. Tensor data are views into `bytes`.
 * `file` only names the file in error messages. (A duplicated tensor name, which JSON.parse
 * collapses to its last entry, shows up as a gap in the buffer and is refused as such.)
 */
export function decodeSafetensors(bytes: Uint8Array, file?: string): SafetensorsContents {
  const { header, dataStart } = parseHeader(bytes, file);
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, file);
    else entries.push(parseEntry(name, value, file));
  }
  const bufferLength = bytes.byteLength - dataStart;
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const entry of entries) {
    if (entry.end > bufferLength) {
      throw invalid(`tensor '${entry.name}' ends at byte ${entry.end} of a ${bufferLength}-byte data buffer (out of range or truncated)`, file);
    }
    if (entry.begin < expected) throw invalid(`tensor '${entry.name}' overlaps the tensor before it at byte ${entry.begin}`, file);
    if (entry.begin > expected) throw invalid(`bytes ${expected}..${entry.begin} of the data buffer belong to no tensor`, file);
    expected = entry.end;
  }
  if (expected !== bufferLength) {
    throw invalid(`the data buffer has ${bufferLength - expected} trailing bytes that belong to no tensor`, file);
  }
  const tensors = new Map<string, RawTensor>();
  for (const entry of entries) {
    tensors.set(entry.name, {
      dtype: entry.dtype,
      shape: entry.shape,
      data: bytes.subarray(dataStart + entry.begin, dataStart + entry.end),
    });
  }
  return { tensors, metadata };
}
