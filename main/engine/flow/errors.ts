/**
 * Cancellation of a sampler run. Thrown after every tensor of the run has been disposed, so the
 * caller's tensor count is back where it was; the job host reports it as a cancelled job, not
 * as a failure.
 */
import { CodedError } from '../errors';

/** A sampler (or training) loop stopped because its callback asked it to. */
export class CancelledError extends CodedError<'cancelled'> {
  override readonly name = 'CancelledError';

  constructor(readonly step: number, readonly total: number) {
    super('cancelled', `cancelled at step ${step} of ${total}`);
  }
}
