/**
 * Ways for a person to look at a dataset video: an MP4 (upscaled without smoothing so the
 * pixel detail stays visible) with its storyboard as an .srt beside it and one chapter per shot,
 * and a PNG contact sheet of chosen frames.
 */
import { writeFileSync } from 'node:fs';
import { encodeMp4 } from '../media/encode';
import { encodePng } from '../media/png';
import { toSrt } from '../media/subtitles';
import type { DatasetVideo } from './dataset';
import { DatasetError, type CaptionRow } from './schema';
import { contactSheet, upscale } from './sheet';

export interface PreviewOptions {
  /** Whole-number upscale (nearest neighbour); default 4. */
  scale?: number;
  crf?: number;
  signal?: AbortSignal;
}

/** The .srt path written beside an MP4. */
export const srtPathFor = (mp4: string): string => `${mp4.replace(/\.mp4$/i, '')}.srt`;

/** Writes `out` (MP4) and its .srt; returns both paths and the MP4's size. */
export async function writePreviewMp4(video: DatasetVideo, out: string, options: PreviewOptions = {}): Promise<{ mp4: string; srt: string; bytes: number }> {
  const { width, height, fps, storyboard } = video.file;
  const reader = video.openFrames();
  try {
    const result = await encodeMp4({
      frames: reader,
      width,
      height,
      fps,
      out,
      crf: options.crf ?? 16,
      upscale: { factor: options.scale ?? 4, filter: 'neighbor' },
      chapters: storyboard.filter((row) => row.transition === 'cut').map((row, i, cuts) => ({ startSec: row.startSec, endSec: cuts[i + 1]?.startSec ?? video.file.frameCount / fps, title: row.text })),
      metadata: { comment: JSON.stringify({ video: video.id, source: video.file.source, seed: video.file.seed }) },
      signal: options.signal,
    });
    const srt = srtPathFor(out);
    writeFileSync(srt, toSrt(storyboard));
    return { mp4: result.out, srt, bytes: result.bytes };
  } finally {
    reader.close();
  }
}

/** The storyboard as timestamped lines, e.g. "6s: cut to a sandy beach: ...", the way a
 * storyboard is written by hand. */
export function storyboardLines(rows: readonly CaptionRow[]): string[] {
  return rows.map((row) => `${Number(row.startSec.toFixed(2))}s: ${row.text}${row.transition === 'cut' ? ' [cut]' : ''}`);
}

/** Default frames of a contact sheet: the middle of every caption, so the sheet tells the story. */
export function storyFrames(video: DatasetVideo): number[] {
  const { fps, frameCount, storyboard } = video.file;
  const frames = storyboard.map((row) => Math.min(frameCount - 1, Math.floor(((row.startSec + row.endSec) / 2) * fps)));
  return frames.length > 0 ? frames : [0, Math.floor(frameCount / 2), frameCount - 1];
}

/** Writes a PNG contact sheet of `frames` (default: storyFrames) to `out`. */
export function writeContactSheet(video: DatasetVideo, out: string, options: { frames?: readonly number[]; scale?: number; columns?: number } = {}): { png: string; frames: number[] } {
  const { width, height, frameCount } = video.file;
  const frames = [...(options.frames ?? storyFrames(video))];
  const bad = frames.find((f) => !Number.isInteger(f) || f < 0 || f >= frameCount);
  if (bad !== undefined) throw new DatasetError('invalid', `frame ${bad} is outside 0..${frameCount - 1} of video ${video.id}`);
  const reader = video.openFrames();
  try {
    const sheet = contactSheet(frames.map((f) => reader.read(f)), width, height, options.columns ?? 6);
    const scale = options.scale ?? 4;
    writeFileSync(out, encodePng(upscale(sheet.rgb, sheet.width, sheet.height, scale), sheet.width * scale, sheet.height * scale));
    return { png: out, frames };
  } finally {
    reader.close();
  }
}
