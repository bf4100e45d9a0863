/** The typed errors of the evaluation commands. */

/** Why an evaluation could not run. */
export type EvalErrorCode =
  /** The data has no Storyworld ground truth, no held-out video, or nothing the evaluation can score. */
  | 'invalid_data'
  /** An option is out of range. */
  | 'invalid_option'
  /** The model folder holds no trained model this version can load. */
  | 'invalid_model'
  /** A training run of an arm stopped before its last step. */
  | 'incomplete_run'
  /** A results file or document section is not what this version writes. */
  | 'invalid_results';

/** A failure of an evaluation, with a message meant for the user. */
export class EvalError extends Error {
  override readonly name = 'EvalError';

  constructor(readonly code: EvalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
