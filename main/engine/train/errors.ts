/**
 * The typed errors of the training loop. A cancelled run throws the flow module's
 * CancelledError (code 'cancelled'), which the job host reports as a cancel, not a failure.
 */
import { CodedError } from '../errors';

/** Why a training run could not start or stopped. */
export type TrainErrorCode =
  /** A training setting is out of range or inconsistent with the model. */
  | 'invalid_config'
  /** The run folder holds a checkpoint of another recipe; resuming it would not be exact. */
  | 'config_mismatch'
  /** The data source gave clips of the wrong size or length. */
  | 'invalid_data'
  /** The loss or the gradients stayed non-finite for several steps in a row. */
  | 'non_finite'
  /** The disk filled up while a checkpoint was written; the previous checkpoint is intact. */
  | 'disk_full'
  /** Writing a checkpoint failed for another reason; the previous checkpoint is intact. */
  | 'checkpoint_failed'
  /** A stopped run kept no checkpoint to make a model from. */
  | 'no_checkpoint'
  /** The run is still training: its checkpoints are still being written. */
  | 'run_active'
  /** A data-parallel worker thread failed or exited; the last checkpoint is intact. */
  | 'worker_failed';

/** A typed training failure with a message meant for the user. */
export class TrainError extends CodedError<TrainErrorCode> {
  override readonly name = 'TrainError';
}
