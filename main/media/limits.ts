/**
 * The limits and input arguments every ffmpeg read uses, in one place so that probe and decode
 * cannot drift apart.
 *
 * What keeps a hostile file inside its own bytes:
 * - `-protocol_whitelist file,pipe`: no network, no `concat:`/`subfile:`/`data:` protocols.
 * - `-format_whitelist`: only single-file containers. Playlists (HLS, DASH, concat, ffconcat) and
 *   image sequences (image2, which expands `%d` patterns) would open other files even through the
 *   `file` protocol, so they are not on the list and end as 'unsupported'.
 * - The path is passed as `file:/absolute/path`, so no name is ever read as a protocol or option.
 * - MP4's external data references stay off (ffmpeg's default `enable_drefs=0`).
 * - `-probesize`/`-analyzeduration` bound how much is read to describe the input, `-max_pixels`
 *   makes decoders refuse frames bigger than the limit even when a header lied to the probe.
 */
import { resolve } from 'node:path';

/** Resource limits for reading media. */
export interface MediaLimits {
  /** Largest accepted frame, width * height. 8K UHD (7680x4320) fits. */
  maxPixels: number;
  /** Longest accepted input in seconds (after `maxSeconds` trimming, where the caller trims). */
  maxDurationSec: number;
  /** Deadline of one probe. */
  probeTimeoutMs: number;
  /** Bytes ffmpeg may read to identify streams. */
  probeSizeBytes: number;
  /** Media time ffmpeg may analyse to identify streams, in microseconds. */
  analyzeDurationUs: number;
}

/** Defaults for importing footage on a desktop. */
export const DEFAULT_LIMITS: MediaLimits = {
  maxPixels: 8192 * 4320,
  maxDurationSec: 3600,
  probeTimeoutMs: 15_000,
  probeSizeBytes: 5_000_000,
  analyzeDurationUs: 5_000_000,
};

/** Demuxers of video containers and raw video streams: each reads one file only. */
const VIDEO_DEMUXERS = [
  'mov', 'matroska', 'avi', 'flv', 'mpegts', 'mpeg', 'ogg', 'asf', 'nut', 'gif', 'ivf',
  'yuv4mpegpipe', 'h264', 'hevc', 'm4v', 'mjpeg',
];
/** Audio-only containers: listed so that an audio file ends as 'no_video', not 'unsupported'. */
const AUDIO_DEMUXERS = ['mp3', 'wav', 'flac', 'aac', 'w64'];
/**
 * Single-image demuxers: listed so that a still (even renamed to .mp4) is recognised and refused
 * with a clear message rather than as unreadable data.
 */
export const STILL_IMAGE_DEMUXERS = [
  'png_pipe', 'jpeg_pipe', 'webp_pipe', 'bmp_pipe', 'tiff_pipe', 'gif_pipe', 'j2k_pipe', 'psd_pipe', 'qdraw_pipe',
];

/** Global arguments of every ffmpeg call: no banner, never read the terminal. */
export const BASE_ARGS = ['-hide_banner', '-nostdin'];

/** The guarded `-i` of an untrusted input file. */
export function safeInputArgs(file: string, limits: MediaLimits): string[] {
  return [
    '-protocol_whitelist', 'file,pipe',
    '-format_whitelist', [...VIDEO_DEMUXERS, ...AUDIO_DEMUXERS, ...STILL_IMAGE_DEMUXERS].join(','),
    '-probesize', String(limits.probeSizeBytes),
    '-analyzeduration', String(limits.analyzeDurationUs),
    '-max_pixels', String(limits.maxPixels),
    '-i', `file:${resolve(file)}`,
  ];
}
