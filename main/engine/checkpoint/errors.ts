/**
 * The one error type of checkpoint code. Callers (the job host, the CLI) switch on `code` to
 * decide what to tell the user; `file` names the file at fault when there is one.
 */
import { CodedError } from '../errors';

/** Why a checkpoint could not be written or read. */
export type CheckpointErrorCode =
  /** A safetensors file breaks the format (header, offsets, sizes). */
  | 'invalid_format'
  /** A safetensors dtype this engine cannot turn into a tensor. */
  | 'unsupported_dtype'
  /** The folder or a file it needs does not exist. */
  | 'not_found'
  /** A write never finished: no manifest, or a file missing or of the wrong size. */
  | 'torn'
  /** A file has the size the manifest records but different contents. */
  | 'tampered'
  /** Written by a newer Longshot whose format this one does not know. */
  | 'unsupported_version'
  /** The checkpoint's architecture (names, shapes, config) differs from the model's. */
  | 'architecture_mismatch'
  /** The disk filled up while writing; the previous checkpoint is untouched. */
  | 'disk_full'
  /** Any other file-system failure. */
  | 'io'
  /** The caller passed something that cannot be stored (non-JSON state, bad names). */
  | 'invalid_input';

/** A typed checkpoint failure with a message meant for the user. */
export class CheckpointError extends CodedError<CheckpointErrorCode> {
  override readonly name = 'CheckpointError';

  constructor(
    code: CheckpointErrorCode,
    message: string,
    /** The file or folder at fault, when there is one. */
    readonly file?: string,
    /** Each difference or problem found, for errors that collect several. */
    readonly details: readonly string[] = [],
  ) {
    super(code, message);
  }
}
