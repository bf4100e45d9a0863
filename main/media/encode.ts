/**
 * encodeMp4: raw RGB frames to an H.264 MP4 (yuv420p, `+faststart`), with optional integer
 * upscale, container tags (provenance) and chapters.
 *
 * Frames are piped to ffmpeg's stdin; a full pipe waits for 'drain', so memory stays flat however
 * fast the producer is. ffmpeg writes a hidden temp file beside `out`, renamed only after a clean
 * exit; if ffmpeg dies mid-stream the pending write or drain fails at once (EPIPE / exit), the
 * promise rejects, and the temp files are removed in `finally`. A broken pipe is often the first
 * sign of ffmpeg failing on its own (a full disk, "File too large"), so the rejection then waits
 * briefly for ffmpeg's exit and carries its stderr rather than the bare EPIPE. yuv420p needs even
 * sizes, so an odd width or height gets one black column or row.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MediaError, errorFromStderr, isMediaError } from './errors';
import { buildFfmetadata, type Chapter } from './ffmetadata';
import { locateFfmpeg } from './ffmpeg-path';
import { FrameFileReader } from './frame-file';
import { BASE_ARGS } from './limits';
import { startGuarded, type GuardedProcess, type ProcessResult } from './process';

/** Resampling filter of an integer upscale. */
export type UpscaleFilter = 'neighbor' | 'lanczos' | 'bicubic';

/** Progress of an encode; `fraction` is null when the frame total is unknown. */
export interface EncodeProgress {
  frames: number;
  fraction: number | null;
}

/** Options of encodeMp4. */
export interface EncodeOptions {
  frames: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | FrameFileReader;
  width: number;
  height: number;
  fps: number;
  out: string;
  /** x264 constant rate factor, 0 (lossless) .. 51; default 18. */
  crf?: number;
  /** x264 preset; default 'medium'. */
  preset?: 'ultrafast' | 'veryfast' | 'fast' | 'medium' | 'slow';
  upscale?: { factor: number; filter: UpscaleFilter };
  /** Container tags, e.g. `{ comment: JSON.stringify(provenance) }`. */
  metadata?: Record<string, string>;
  chapters?: readonly Chapter[];
  /** Total frames, for progress, when `frames` is an iterable. */
  frameCount?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EncodeProgress) => void;
  /** Hard deadline (default 1 hour). */
  timeoutMs?: number;
  /**
   * Stop when ffmpeg takes no frame (a full pipe does not drain) or does not finish after the
   * last frame for this long (default 120 s). A slow producer is not a stall.
   */
  stallTimeoutMs?: number;
  ffmpegPath?: string;
}

/** The written file. */
export interface EncodeResult {
  out: string;
  frames: number;
  width: number;
  height: number;
  bytes: number;
}

const even = (n: number): number => n + (n % 2);

/** Stream errors that only say ffmpeg closed its input: it is going away, and its stderr says why. */
const BROKEN_PIPE_CODES: readonly string[] = ['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED'];
/** How long a broken pipe waits for ffmpeg to exit by itself (and finish its stderr) before killing it. */
const BROKEN_PIPE_GRACE_MS = 2_000;

function isBrokenPipe(error: unknown): boolean {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && BROKEN_PIPE_CODES.includes(code);
}

/** Resolves when `promise` settles, or after `ms`, whichever comes first. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise.then(() => undefined, () => undefined), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

function validate(options: EncodeOptions): { width: number; height: number } {
  const { width, height, fps, crf, upscale } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new MediaError('invalid_argument', `invalid frame size ${width}x${height}`);
  }
  if (!(fps > 0 && fps <= 240)) throw new MediaError('invalid_argument', `invalid frame rate ${fps}`);
  if (crf !== undefined && !(Number.isInteger(crf) && crf >= 0 && crf <= 51)) {
    throw new MediaError('invalid_argument', `crf must be an integer 0..51, got ${crf}`);
  }
  const factor = upscale?.factor ?? 1;
  if (!Number.isInteger(factor) || factor < 1 || factor > 8) {
    throw new MediaError('invalid_argument', `upscale factor must be an integer 1..8, got ${factor}`);
  }
  return { width: even(width * factor), height: even(height * factor) };
}

function filterChain(options: EncodeOptions): string {
  const filters: string[] = [];
  if (options.upscale && options.upscale.factor > 1) {
    const { factor, filter } = options.upscale;
    filters.push(`scale=${options.width * factor}:${options.height * factor}:flags=${filter}`);
  }
  filters.push('pad=ceil(iw/2)*2:ceil(ih/2)*2:0:0:color=black', 'format=yuv420p');
  return filters.join(',');
}

async function* framesOf(source: EncodeOptions['frames']): AsyncIterable<Uint8Array> {
  if (source instanceof FrameFileReader) {
    for (let i = 0; i < source.info.frameCount; i += 1) yield source.read(i);
  } else {
    yield* source;
  }
}

/** Waits for `promise`, killing ffmpeg with a 'timeout' if it takes longer than the stall limit. */
async function stallGuard<T>(proc: GuardedProcess, promise: Promise<T>, options: EncodeOptions): Promise<T> {
  const ms = options.stallTimeoutMs ?? 120_000;
  const timer = setTimeout(
    () => proc.kill(new MediaError('timeout', `encode ${basename(options.out)}: ffmpeg made no progress for ${Math.round(ms / 1000)} s and was stopped`)),
    ms,
  );
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}

/** Pipes every frame into ffmpeg, waiting for 'drain' when the pipe is full. */
async function pump(proc: GuardedProcess, options: EncodeOptions, frameBytes: number): Promise<number> {
  const stdin = proc.stdin;
  if (!stdin) throw new MediaError('encode_failed', 'ffmpeg has no input pipe');
  // Rejects as soon as ffmpeg is gone, whatever the reason, so no wait outlives it.
  const exited = proc.done.then(
    (result) => {
      throw errorFromStderr(result.stderr, 'encode_failed', `encode ${basename(options.out)}: ffmpeg stopped early`);
    },
    (error: unknown) => {
      throw error;
    },
  );
  exited.catch(() => undefined);
  const total = options.frameCount ?? (options.frames instanceof FrameFileReader ? options.frames.info.frameCount : undefined);
  let count = 0;
  for await (const frame of framesOf(options.frames)) {
    if (frame.length !== frameBytes) {
      throw new MediaError('invalid_argument', `frame ${count} has ${frame.length} bytes, expected ${frameBytes}`);
    }
    if (!stdin.write(frame)) await stallGuard(proc, Promise.race([once(stdin, 'drain'), exited]), options);
    count += 1;
    options.onProgress?.({ frames: count, fraction: total ? Math.min(1, count / total) : null });
  }
  stdin.end();
  return count;
}

/**
 * The error to report. A broken pipe only says that ffmpeg is gone; why it went (cancel, timeout,
 * its own error message) is in how the process ended.
 */
function encodeFailure(error: unknown, outcome: unknown, name: string): MediaError {
  if (isMediaError(outcome) && (outcome.code === 'cancelled' || outcome.code === 'timeout')) return outcome;
  if (isMediaError(error)) return error;
  if (outcome && typeof outcome === 'object' && 'stderr' in outcome) {
    const { exitCode, exitSignal, stderr } = outcome as ProcessResult;
    return errorFromStderr(stderr, 'encode_failed', `encode ${name}: ffmpeg stopped (${exitSignal ?? `exit code ${exitCode}`})`);
  }
  return new MediaError('encode_failed', `encode ${name}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Encodes frames into an MP4 at `out`; see the module comment. */
export async function encodeMp4(options: EncodeOptions): Promise<EncodeResult> {
  const size = validate(options);
  if (options.signal?.aborted) throw new MediaError('cancelled', `encode ${basename(options.out)}: cancelled`);
  const ffmpeg = options.ffmpegPath ?? (await locateFfmpeg()).path;
  const temp = join(dirname(options.out), `.${basename(options.out)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  const metaPath = `${temp}.ffmeta`;
  const withMeta = Object.keys(options.metadata ?? {}).length > 0 || (options.chapters?.length ?? 0) > 0;
  const args = [
    // -xerror: ffmpeg 4.1 reports a failed trailer write (a full disk at the end) yet exits 0 without it.
    ...BASE_ARGS, '-xerror', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${options.width}x${options.height}`, '-framerate', String(options.fps), '-i', 'pipe:0',
    ...(withMeta ? ['-f', 'ffmetadata', '-i', `file:${metaPath}`, '-map_metadata', '1', '-map_chapters', '1'] : []),
    '-map', '0:v:0', '-vf', filterChain(options),
    '-c:v', 'libx264', '-preset', options.preset ?? 'medium', '-crf', String(options.crf ?? 18), '-pix_fmt', 'yuv420p',
    '-movflags', '+faststart+use_metadata_tags', '-f', 'mp4', `file:${temp}`,
  ];
  let proc: GuardedProcess | undefined;
  try {
    if (withMeta) await writeFile(metaPath, buildFfmetadata(options.metadata ?? {}, options.chapters ?? []), 'utf8');
    proc = startGuarded(ffmpeg, args, {
      what: `encode ${basename(options.out)}`,
      timeoutMs: options.timeoutMs ?? 3_600_000,
      signal: options.signal,
      stdin: 'pipe',
    });
    const frames = await pump(proc, options, options.width * options.height * 3);
    if (frames === 0) throw new MediaError('invalid_argument', `encode ${basename(options.out)}: no frames to encode`);
    const result = await stallGuard(proc, proc.done, options);
    if (result.exitCode !== 0) throw errorFromStderr(result.stderr, 'encode_failed', `encode ${basename(options.out)}`);
    // Flushed before the rename, so a power cut never leaves an empty file under the final name.
    const handle = await open(temp, 'r');
    let bytes: number;
    try {
      bytes = (await handle.stat()).size;
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, options.out);
    return { out: options.out, frames, bytes, ...size };
  } catch (error) {
    if (proc && isBrokenPipe(error)) await settledWithin(proc.done, BROKEN_PIPE_GRACE_MS);
    proc?.kill(new MediaError('encode_failed', `encode ${basename(options.out)}: stopped`));
    const outcome = await proc?.done.then((result) => result, (reason: unknown) => reason);
    throw encodeFailure(error, outcome, basename(options.out));
  } finally {
    await rm(temp, { force: true });
    await rm(metaPath, { force: true });
  }
}
