/**
 * How failures cross the API boundary. Every thrown value becomes `{ code, message }`: the
 * typed errors of the app (ProjectError, MediaError, JobError, ServiceError...) keep their own
 * code, zod failures become 'invalid_input', anything else 'internal'.
 */
import { z } from 'zod';
import type { ApiError } from '../../preload/api';

/** Codes the service layer itself raises. */
export type ServiceErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'not_open'
  | 'unavailable'
  | 'invalid_state'
  | 'internal';

/** A failure of the service layer, with a code the UI can act on. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceError';
  }
}

/** Messages are meant for one line of UI; a runaway one (a huge input echoed back) is cut. */
const MAX_MESSAGE = 500;

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message;
}

/**
 * The app's typed errors all carry a lower_snake `code` ('not_found', 'disk_full'); Node's
 * system errors carry upper-case errno names ('ENOENT') and are not meant for the UI as they
 * are, so only the former pass through.
 */
function typedCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

/** Describes the first problems of a zod failure as "field: message; ...". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}

/** Converts anything thrown into the error half of a Result. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof z.ZodError) return { code: 'invalid_input', message: clip(describeZodError(error)) };
  if (error instanceof Error) {
    const code = typedCode(error);
    if (code !== undefined) return { code, message: clip(error.message) };
    return { code: 'internal', message: clip(`unexpected error: ${error.message}`) };
  }
  return { code: 'internal', message: clip(`unexpected error: ${String(error)}`) };
}
