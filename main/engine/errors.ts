/**
 * The base of the engine's typed errors. Each engine folder declares its own class (its name,
 * its union of codes and its messages) by extending this one, so callers keep telling failures
 * apart with `instanceof` and switching on `code`, and the shape is written once.
 */

/** A failure with a machine-readable `code` from the union `Code` and a message for the user. */
export class CodedError<Code extends string> extends Error {
  constructor(readonly code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
