/**
 * The typed error of engine start-up. Callers switch on `code`; messages say what to change
 * (which variable, which package).
 */
import { CodedError } from '../errors';

/** Why the engine could not start. */
export type EngineErrorCode =
  /** LONGSHOT_BACKEND or the `backend` option names no known backend. */
  | 'invalid-backend'
  /** A forced backend could not be loaded or initialised; the message says why. */
  | 'backend-unavailable'
  /** No backend at all could be started (not even the pure-JS one). */
  | 'no-backend'
  /** tfjs-core's gradient functions could not be registered, so training would fail. */
  | 'gradients-missing'
  /** `systemInfo()` was called before `initEngine()`. */
  | 'not-started';

/** A typed engine start-up failure. */
export class EngineError extends CodedError<EngineErrorCode> {
  override readonly name = 'EngineError';
}
