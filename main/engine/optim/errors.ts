/** The one error type of the optimizer code, with a code callers can switch on. */
import { CodedError } from '../errors';

/** Why an optimizer call was refused. */
export type OptimErrorCode =
  /** An option or argument is out of range (negative learning rate, decay outside [0, 1)...). */
  | 'invalid_option'
  /** A gradient names no parameter, or has another shape than its parameter. */
  | 'unknown_param'
  /** Restored state does not fit: names missing or extra, shapes differ, a malformed RNG state. */
  | 'state_mismatch';

/** A typed optimizer failure. */
export class OptimError extends CodedError<OptimErrorCode> {
  override readonly name = 'OptimError';
}
