/**
 * Importing footage into a project: decode the source into the project's media folder at the
 * project's frame size and rate, draw a thumbnail strip, then record the clip. Lives here, not in
 * main/media (which may not know projects) nor main/project (which may not run ffmpeg). The row
 * is added last, so a failed or cancelled import leaves neither a row nor files behind. A
 * re-render imports the footage its export recorded the same way, and checks the frames.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExportError } from '../jobs/export/errors';
import type { Provenance } from '../jobs/export/provenance';
import { decodeToFrames, hashFrames, writeThumbnailStrip, type DecodeProgress } from '../media/index';
import { addFootage, deleteFootage, getSettings, MEDIA_DIR, type Fit, type Footage, type Project } from '../project/index';

/** Thumbnails in a footage strip, and their height in pixels. */
const STRIP_FRAMES = 10;
const STRIP_HEIGHT = 48;

/** Options of importFootage. */
export interface FootageImportOptions {
  fit: Fit;
  /** Keep only the first seconds of the source. */
  maxSeconds?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DecodeProgress) => void;
}

/** Decodes `sourcePath` into `project` and records it; throws MediaError or ProjectError. */
export async function importFootage(project: Project, sourcePath: string, options: FootageImportOptions): Promise<Footage> {
  const settings = getSettings(project.db);
  const stem = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const framesRel = `${MEDIA_DIR}/footage/${stem}.frames`;
  const thumbsRel = `${MEDIA_DIR}/footage/${stem}.thumbs.png`;
  const framesPath = join(project.path, framesRel);
  const thumbsPath = join(project.path, thumbsRel);
  mkdirSync(join(project.path, MEDIA_DIR, 'footage'), { recursive: true });
  const decoded = await decodeToFrames(sourcePath, {
    out: framesPath,
    width: settings.width,
    height: settings.height,
    fps: settings.fps,
    fit: options.fit,
    maxSeconds: options.maxSeconds,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  try {
    await writeThumbnailStrip(framesPath, thumbsPath, { count: STRIP_FRAMES, height: STRIP_HEIGHT });
    return addFootage(project.db, {
      sourcePath: resolve(sourcePath),
      framesPath: framesRel,
      frameCount: decoded.frames.frameCount,
      fps: decoded.frames.fps,
      width: decoded.frames.width,
      height: decoded.frames.height,
      fit: options.fit,
      thumbsPath: thumbsRel,
    });
  } catch (error) {
    rmSync(framesPath, { force: true });
    rmSync(thumbsPath, { force: true });
    throw error;
  }
}

/** The footage an export's provenance records (non-null). */
export type RecordedFootage = NonNullable<Provenance['footage']>;

/**
 * Imports the footage an export continued, for re-rendering it: `sourcePath` (the recorded one
 * by default) decoded with the recorded fit and length, and checked to give the same frames.
 * Refuses with ExportError 'not_reproducible' when the file is not there or decodes to other
 * frames (another file, or another ffmpeg that scales differently); the clip is then removed.
 */
export async function importRecordedFootage(project: Project, recorded: RecordedFootage, sourcePath = recorded.sourcePath, signal?: AbortSignal): Promise<Footage> {
  if (!existsSync(sourcePath)) {
    throw new ExportError('not_reproducible', `the footage this export continued, ${sourcePath}, is not there: pass the same video with --footage FILE`);
  }
  const clip = await importFootage(project, sourcePath, { fit: recorded.fit, maxSeconds: recorded.frameCount / recorded.fps, signal });
  const framesSha256 = hashFrames(join(project.path, clip.framesPath));
  if (clip.frameCount !== recorded.frameCount || framesSha256 !== recorded.framesSha256) {
    deleteFootage(project.db, clip.id);
    rmSync(join(project.path, clip.framesPath), { force: true });
    if (clip.thumbsPath) rmSync(join(project.path, clip.thumbsPath), { force: true });
    throw new ExportError('not_reproducible', `${sourcePath} decodes to other frames than the footage this export continued `
      + `(${clip.frameCount} frames, sha256 ${framesSha256.slice(0, 12)}... instead of ${recorded.frameCount}, ${recorded.framesSha256.slice(0, 12)}...): `
      + 'it is another video, or this ffmpeg scales it differently');
  }
  return clip;
}

