/**
 * The typed errors of model code, and the shape assertion every public model function uses.
 * Callers switch on `code`; messages name the tensor and both shapes so a wrong caller is found
 * from the message alone.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { CodedError } from '../errors';

/** Why a model could not be built or run. */
export type ModelErrorCode =
  /** A config value is out of range or inconsistent with another (e.g. size not divisible by patch). */
  | 'invalid_config'
  /** A tensor passed to or produced by a model function has the wrong shape. */
  | 'shape_mismatch'
  /** A non-tensor argument is wrong (time lists of the wrong length, unknown names). */
  | 'invalid_input';

/** A typed model failure. */
export class ModelError extends CodedError<ModelErrorCode> {
  override readonly name = 'ModelError';
}

/**
 * Throws a `shape_mismatch` ModelError unless `tensor` has `expected`'s rank and every dimension
 * that is not `null` matches. Returns the tensor's shape for callers that read it next.
 */
export function assertShape(tensor: tf.Tensor, expected: readonly (number | null)[], what: string): number[] {
  const shape = tensor.shape;
  const ok = shape.length === expected.length && expected.every((dim, i) => dim === null || dim === shape[i]);
  if (!ok) {
    const want = expected.map((dim) => (dim === null ? '*' : String(dim))).join(', ');
    throw new ModelError('shape_mismatch', `${what}: expected shape [${want}], got [${shape.join(', ')}]`);
  }
  return shape;
}

/** Throws an `invalid_config` ModelError with `message` unless `condition` holds. */
export function requireConfig(condition: boolean, message: string): void {
  if (!condition) throw new ModelError('invalid_config', message);
}
