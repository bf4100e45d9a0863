/**
 * probe(file): what a video file holds, or a typed MediaError saying why it cannot be used.
 *
 * One guarded ffmpeg call both describes the input (`-i`, parsed by probe-parse.ts) and copies
 * the first packets of the first video stream to `framecrc`, whose timestamps tell a variable
 * frame rate from a constant one without decoding anything.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MediaError, errorFromStderr } from './errors';
import { locateFfmpeg } from './ffmpeg-path';
import { BASE_ARGS, DEFAULT_LIMITS, STILL_IMAGE_DEMUXERS, safeInputArgs, type MediaLimits } from './limits';
import { runGuarded } from './process';
import { parseInputDump, timestampStats, type ParsedInput, type ParsedStream } from './probe-parse';

/** Packets copied to judge the frame rate: a few seconds of any normal video. */
const TIMING_PACKETS = 240;

/** A chapter of a media file. */
export interface MediaChapter {
  startSec: number;
  endSec: number;
  title?: string;
}

/** What probe() found in a usable video file. */
export interface MediaInfo {
  path: string;
  sizeBytes: number;
  /** Demuxer name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  /** Video codec, e.g. "h264". */
  codec: string;
  /** null when the container does not say (raw streams). */
  durationSec: number | null;
  /** Displayed size: after rotation and sample aspect ratio. */
  width: number;
  height: number;
  /** Size as stored in the stream. */
  codedWidth: number;
  codedHeight: number;
  /** Clockwise rotation applied on display (decoding honours it). */
  rotation: 0 | 90 | 180 | 270;
  sampleAspect: number;
  fps: number;
  /** Variable frame rate; decoding resamples to a constant rate either way. */
  vfr: boolean;
  pixFmt: string;
  /** Always true: a file without video is a 'no_video' error. */
  hasVideo: true;
  hasAudio: boolean;
  /** Absolute index of the stream decode reads (`-map 0:N`). */
  videoStreamIndex: number;
  /** Container metadata, e.g. `comment`. */
  tags: Record<string, string>;
  chapters: MediaChapter[];
}

/** Options of probe(). */
export interface ProbeOptions {
  limits?: Partial<MediaLimits>;
  signal?: AbortSignal;
  /** ffmpeg to use; located when absent. */
  ffmpegPath?: string;
}

/** Checks the path before any process starts: missing, empty and directories are cheap to tell. */
async function checkInputFile(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MediaError('not_found', `${file}: file not found`);
    throw new MediaError('io', `${file}: cannot read (${code ?? (error as Error).message})`);
  }
  if (!info.isFile()) throw new MediaError('not_media', `${file}: not a regular file`);
  if (info.size === 0) throw new MediaError('empty', `${file}: the file is empty`);
  return info.size;
}

function pickVideo(input: ParsedInput): ParsedStream | undefined {
  return input.streams.find((s) => s.kind === 'video' && !s.attachedPic);
}

function toRotation(degrees: number): MediaInfo['rotation'] {
  const quarter = (Math.round(degrees / 90) * 90) % 360;
  return quarter === 90 || quarter === 180 || quarter === 270 ? quarter : 0;
}

function describe(file: string, sizeBytes: number, input: ParsedInput, stdout: string, limits: MediaLimits): MediaInfo {
  const name = basename(file);
  if (STILL_IMAGE_DEMUXERS.includes(input.format)) {
    throw new MediaError('unsupported', `${name}: a still image (${input.format.replace('_pipe', '')}), not a video`);
  }
  const video = pickVideo(input);
  if (!video) {
    const audio = input.streams.some((s) => s.kind === 'audio');
    throw new MediaError('no_video', `${name}: ${audio ? 'audio only, ' : ''}no video stream`);
  }
  const { width, height } = video;
  if (!width || !height) throw new MediaError('not_media', `${name}: the video stream has no readable frame size`);
  if (width * height > limits.maxPixels) {
    throw new MediaError('too_large', `${name}: ${width}x${height} frames exceed the limit of ${limits.maxPixels} pixels`);
  }
  if (input.durationSec !== null && input.durationSec > limits.maxDurationSec) {
    throw new MediaError('too_long', `${name}: ${Math.round(input.durationSec)} s is longer than the limit of ${limits.maxDurationSec} s`);
  }
  const timing = input.mappedStream === video.index ? timestampStats(stdout) : undefined;
  const fps = video.fps ?? timing?.fps ?? video.tbr;
  if (!fps || !Number.isFinite(fps) || fps <= 0) throw new MediaError('not_media', `${name}: the video stream has no frame rate`);
  const rotation = toRotation(video.rotation);
  const sampleAspect = video.sampleAspect ?? 1;
  const squareWidth = Math.max(1, Math.round(width * sampleAspect));
  const sideways = rotation === 90 || rotation === 270;
  return {
    path: file,
    sizeBytes,
    container: input.format,
    codec: video.codec,
    durationSec: input.durationSec,
    width: sideways ? height : squareWidth,
    height: sideways ? squareWidth : height,
    codedWidth: width,
    codedHeight: height,
    rotation,
    sampleAspect,
    fps,
    vfr: timing?.vfr ?? false,
    pixFmt: video.pixFmt ?? 'unknown',
    hasVideo: true,
    hasAudio: input.streams.some((s) => s.kind === 'audio'),
    videoStreamIndex: video.index,
    tags: input.tags,
    chapters: input.chapters.map((c) => ({ startSec: c.startSec, endSec: c.endSec, ...(c.tags.title !== undefined ? { title: c.tags.title } : {}) })),
  };
}

/** Describes a video file, or throws a MediaError saying why it cannot be used. */
export async function probe(file: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const sizeBytes = await checkInputFile(file);
  const ffmpeg = options.ffmpegPath ?? (await locateFfmpeg()).path;
  const args = [
    ...BASE_ARGS,
    ...safeInputArgs(file, limits),
    '-map', '0:v:0?', '-c', 'copy', '-frames:v', String(TIMING_PACKETS), '-f', 'framecrc', 'pipe:1',
  ];
  const result = await runGuarded(ffmpeg, args, {
    what: `probe ${basename(file)}`,
    timeoutMs: limits.probeTimeoutMs,
    signal: options.signal,
  });
  const input = parseInputDump(result.stderr);
  if (!input) throw errorFromStderr(result.stderr, 'not_media', basename(file));
  return describe(file, sizeBytes, input, result.stdout.toString('utf8'), limits);
}
