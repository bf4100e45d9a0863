/**
 * decodeToFrames: footage to a Longshot frame file at the project's size and frame rate.
 *
 * ffmpeg does all the pixel work in one filter chain and streams rgb24 on stdout, which is cut
 * into frames and appended to a FrameFileWriter (it writes `<out>.partial` and renames on close,
 * so a cancelled or failed decode never leaves a file at `out`). ffmpeg rotates by the display
 * matrix on its own (`-autorotate` is on by default); non-square pixels are stretched square
 * first; the `fps` filter resamples variable frame rates to the project rate; swscale converts
 * any bit depth to 8-bit RGB.
 */
import { basename } from 'node:path';
import { MediaError, errorFromStderr, isMediaError } from './errors';
import { locateFfmpeg } from './ffmpeg-path';
import { FrameFileWriter, type FrameFileInfo } from './frame-file';
import { BASE_ARGS, DEFAULT_LIMITS, safeInputArgs, type MediaLimits } from './limits';
import { probe, type MediaInfo } from './probe';
import { runGuarded } from './process';

/** How footage is fitted into the project frame. */
export type FitMode = 'crop' | 'letterbox';

/** Progress of a decode. `fraction` is of the (trimmed) duration; null when it is unknown. */
export interface DecodeProgress {
  frames: number;
  fraction: number | null;
}

/** Options of decodeToFrames. */
export interface DecodeOptions {
  /** Frame file to create. */
  out: string;
  width: number;
  height: number;
  fps: number;
  fit: FitMode;
  /** Keep only the first seconds; longer footage is then accepted. */
  maxSeconds?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DecodeProgress) => void;
  limits?: Partial<MediaLimits>;
  /** Hard deadline; by default 2 minutes plus 4x the media duration. */
  timeoutMs?: number;
  /** Stop when ffmpeg produces nothing for this long (default 30 s). */
  idleTimeoutMs?: number;
  ffmpegPath?: string;
}

/** The finished frame file and what the source was. */
export interface DecodeResult {
  source: MediaInfo;
  frames: FrameFileInfo;
  out: string;
}

/** The ffmpeg filter chain that turns any video into width x height RGB at fps. */
export function fitFilter(source: Pick<MediaInfo, 'sampleAspect'>, options: Pick<DecodeOptions, 'width' | 'height' | 'fps' | 'fit'>): string {
  const { width: w, height: h, fps, fit } = options;
  const square = source.sampleAspect !== 1 ? ['scale=w=max(1\\,round(iw*sar)):h=ih', 'setsar=1'] : [];
  const fitting = ((): string[] => {
    switch (fit) {
      case 'crop':
        return [`scale=${w}:${h}:force_original_aspect_ratio=increase:flags=bicubic`, 'format=rgb24', `crop=${w}:${h}`];
      case 'letterbox':
        return [
          `scale=${w}:${h}:force_original_aspect_ratio=decrease:flags=bicubic`,
          'format=rgb24',
          `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black`,
        ];
      default: {
        const never: never = fit;
        throw new MediaError('invalid_argument', `unknown fit mode ${String(never)}`);
      }
    }
  })();
  return [`fps=${fps}`, ...square, ...fitting, 'setsar=1'].join(',');
}

function validate(options: DecodeOptions): void {
  const { width, height, fps, maxSeconds } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 16_777_216) {
    throw new MediaError('invalid_argument', `invalid frame size ${width}x${height}`);
  }
  if (!(fps > 0 && fps <= 240)) throw new MediaError('invalid_argument', `invalid frame rate ${fps}`);
  if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new MediaError('invalid_argument', `invalid maxSeconds ${maxSeconds}`);
}

/** Cuts a byte stream into frames of `frameBytes` and hands each to `onFrame`. */
function frameCutter(frameBytes: number, onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  const frame = Buffer.alloc(frameBytes);
  let filled = 0;
  return (chunk) => {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      chunk.copy(frame, filled, offset, offset + n);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        onFrame(frame);
        filled = 0;
      }
    }
  };
}

/** Decodes a video file into a frame file; see the module comment. */
export async function decodeToFrames(file: string, options: DecodeOptions): Promise<DecodeResult> {
  validate(options);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ffmpeg = options.ffmpegPath ?? (await locateFfmpeg()).path;
  // Duration is judged here, after trimming to maxSeconds, rather than by probe.
  const source = await probe(file, { limits: { ...limits, maxDurationSec: Infinity }, signal: options.signal, ffmpegPath: ffmpeg });
  const seconds = Math.min(source.durationSec ?? Infinity, options.maxSeconds ?? Infinity);
  if (seconds > limits.maxDurationSec && Number.isFinite(seconds)) {
    throw new MediaError('too_long', `${basename(file)}: ${Math.round(seconds)} s is longer than the limit of ${limits.maxDurationSec} s`);
  }
  const cap = Number.isFinite(seconds) ? seconds : limits.maxDurationSec;
  const expectedFrames = Number.isFinite(seconds) ? Math.max(1, Math.round(seconds * options.fps)) : null;
  const args = [
    ...BASE_ARGS, '-loglevel', 'error',
    ...safeInputArgs(file, limits),
    '-map', `0:${source.videoStreamIndex}`, '-an', '-sn', '-dn',
    '-vf', fitFilter(source, options),
    '-t', String(cap),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const writer = new FrameFileWriter(options.out, { width: options.width, height: options.height, fps: options.fps });
  try {
    const result = await runGuarded(ffmpeg, args, {
      what: `decode ${basename(file)}`,
      timeoutMs: options.timeoutMs ?? 120_000 + 4_000 * cap,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
      signal: options.signal,
      onStdout: frameCutter(writer.frameBytes, (frame) => {
        writer.write(frame);
        options.onProgress?.({
          frames: writer.count,
          fraction: expectedFrames === null ? null : Math.min(1, writer.count / expectedFrames),
        });
      }),
    });
    if (result.exitCode !== 0) throw errorFromStderr(result.stderr, 'not_media', basename(file));
    if (writer.count === 0) {
      throw new MediaError('not_media', `${basename(file)}: no frame could be decoded`, result.stderr.trim() || undefined);
    }
    const frames = writer.close();
    return { source, frames, out: options.out };
  } catch (error) {
    writer.abort();
    if (isMediaError(error)) throw error;
    throw new MediaError('io', `${basename(file)}: ${(error as Error).message}`);
  }
}
