/**
 * The one error type of main/media. Every failure of probing, decoding or encoding ends as a
 * MediaError with a `code` the UI and the API can switch on, and a message a user can read.
 */

/** Why a media operation failed. */
export type MediaErrorCode =
  | 'not_found'
  | 'empty'
  | 'not_media'
  | 'no_video'
  | 'too_large'
  | 'too_long'
  | 'unsupported'
  | 'timeout'
  | 'cancelled'
  | 'ffmpeg_missing'
  | 'encode_failed'
  | 'invalid_argument'
  | 'io';

/** A typed media failure; `detail` keeps the tail of ffmpeg's stderr when there is one. */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

/** True for a MediaError, optionally of one code. */
export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.code === code);
}

/**
 * Known ffmpeg stderr messages, first match wins. ffmpeg reports most input problems as
 * "Invalid data found when processing input", so what is not recognised falls back to the
 * caller's default code.
 */
const STDERR_PATTERNS: { pattern: RegExp; code: MediaErrorCode; message: string }[] = [
  { pattern: /Format not on whitelist/i, code: 'unsupported', message: 'container format is not accepted (playlists and image sequences are refused)' },
  { pattern: /Protocol not on whitelist/i, code: 'unsupported', message: 'the file refers to another location, which is refused' },
  { pattern: /exceeds specified max pixel count|Picture size \d+x\d+ is invalid/i, code: 'too_large', message: 'frame dimensions are too large' },
  { pattern: /No such file or directory/i, code: 'not_found', message: 'file not found' },
  { pattern: /Permission denied/i, code: 'io', message: 'permission denied' },
  { pattern: /No space left on device/i, code: 'io', message: 'no space left on device' },
  { pattern: /moov atom not found/i, code: 'not_media', message: 'the MP4 index (moov atom) is missing: the file is incomplete' },
  { pattern: /Decoder \([^)]*\) not found|Unsupported codec|codec not currently supported|not implemented/i, code: 'unsupported', message: 'the video codec is not supported' },
  { pattern: /Invalid data found when processing input/i, code: 'not_media', message: 'not a readable video file' },
];

/** Maps ffmpeg's stderr to a MediaError, falling back to `fallback` when nothing is recognised. */
export function errorFromStderr(stderr: string, fallback: MediaErrorCode, context: string): MediaError {
  const detail = stderr.trim().split('\n').slice(-8).join('\n');
  for (const { pattern, code, message } of STDERR_PATTERNS) {
    if (pattern.test(stderr)) return new MediaError(code, `${context}: ${message}`, detail);
  }
  const lastLine = detail.split('\n').pop() ?? '';
  return new MediaError(fallback, `${context}: ${lastLine || 'ffmpeg failed without a message'}`, detail);
}
