/**
 * The typed error of the wasm kernel overrides. These only fire on a programming error or an
 * unexpected tfjs version: callers switch on `code`, the message names the kernel and shapes.
 */
import { CodedError } from '../errors';

/** Why a kernel override could not run. */
export type KernelErrorCode =
  /** An override was invoked with a backend other than tfjs-backend-wasm. */
  | 'wrong-backend'
  /** A TensorInfo handed to an override is not in the wasm backend's data map. */
  | 'unknown-tensor'
  /** A kernel the override relies on is not registered for wasm (a different tfjs version). */
  | 'missing-kernel'
  /** Inputs an override cannot handle and for which no stock kernel exists to fall back on. */
  | 'unsupported';

/** A typed kernel-override failure. */
export class KernelError extends CodedError<KernelErrorCode> {
  override readonly name = 'KernelError';
}
