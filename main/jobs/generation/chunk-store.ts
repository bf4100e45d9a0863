/**
 * Where a take's chunks live and how they get there durably. A finished chunk is one frames file
 * `media/runs/run-R/take-T/chunk-NNNN.frames` (written under a temporary name, fsynced, renamed,
 * the folder fsynced), and only then one row in SQLite. So a row always names a complete file;
 * a crash between the two leaves a file without a row, which the resumed job simply writes
 * again (generation is deterministic, so with the same bytes). The frames are all that resuming
 * needs: they rebuild the memory, and noise comes from (seed, chunk index).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir } from '../../engine/checkpoint/atomic';
import { FrameFileReader, FrameFileWriter } from '../../media/frame-file';
import { addChunk, getFootage, listChunks, type Chunk, type Db, type Take } from '../../project/index';
import { GenerationError } from './errors';
import { resizeFrames, retimeFrames, type FrameSize } from './frames';
import { chunkFile, projectFile } from './paths';
import type { PlannedChunk } from './plan';

/** What the store needs of an open project. */
export interface ProjectFiles {
  readonly path: string;
  readonly db: Db;
}

/** The format of generated frames: the model's. */
export interface FrameFormat extends FrameSize {
  fps: number;
}

/** A finished chunk to record. */
export interface FinishedChunk {
  take: Take;
  planned: PlannedChunk;
  seed: number;
  frames: readonly Uint8Array[];
  format: FrameFormat;
}

/** Writes a chunk's frames file durably, then its row; returns the row. */
export function saveChunk(project: ProjectFiles, chunk: FinishedChunk): Chunk {
  const framesPath = chunkFile(chunk.take, chunk.planned.index);
  const file = projectFile(project, framesPath);
  mkdirSync(dirname(file), { recursive: true });
  try {
    const writer = new FrameFileWriter(file, chunk.format);
    try {
      for (const frame of chunk.frames) writer.write(frame);
      writer.close();
    } catch (error) {
      writer.abort();
      throw error;
    }
    fsyncDir(dirname(file));
  } catch (error) {
    throw isDiskFull(error) ? diskFull(chunk, project.db, error) : error;
  }
  return addChunk(project.db, {
    takeId: chunk.take.id,
    chunkIndex: chunk.planned.index,
    frameStart: chunk.planned.frameStart,
    frameEnd: chunk.planned.frameStart + chunk.frames.length,
    framesPath,
    seed: chunk.seed,
    caption: chunk.planned.caption,
  });
}

const isDiskFull = (error: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The typed failure of a chunk the disk had no room for, saying what is kept and what to do. */
function diskFull(chunk: FinishedChunk, db: Db, cause: unknown): GenerationError {
  const kept = listChunks(db, chunk.take.id).length;
  return new GenerationError('disk_full', `chunk ${chunk.planned.index + 1} could not be saved: the disk is full `
    + `(${(cause as Error).message}). The take's ${kept} saved chunk${kept === 1 ? ' is' : 's are'} kept; `
    + 'free some disk space and continue the take.', { cause });
}

/** Every frame of a frames file, checked against the size (and count) expected of it. */
export function readFrames(file: string, size: FrameSize, count?: number): Uint8Array[] {
  let reader: FrameFileReader;
  try {
    reader = new FrameFileReader(file);
  } catch (error) {
    throw new GenerationError('missing_chunk', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const { width, height, frameCount } = reader.info;
    if (width !== size.width || height !== size.height || (count !== undefined && frameCount !== count)) {
      throw new GenerationError('missing_chunk', `${file} holds ${frameCount} frames of ${width}x${height}, `
        + `expected ${count ?? 'some'} of ${size.width}x${size.height}`);
    }
    return Array.from({ length: frameCount }, (_, i) => reader.read(i));
  } finally {
    reader.close();
  }
}

/** The frames of recorded chunks, in order, as one list. */
export function chunkFrames(project: ProjectFiles, chunks: readonly Chunk[], size: FrameSize): Uint8Array[] {
  return chunks.flatMap((chunk) => readFrames(projectFile(project, chunk.framesPath), size, chunk.frameEnd - chunk.frameStart));
}

/**
 * Imported footage as opening memory: all of it, resampled to the model's size and retimed to its
 * frame rate (footage is imported at the project's, which may differ), so the memory sees it at
 * its real speed.
 */
export function footageFrames(project: ProjectFiles, footageId: number, size: FrameSize, fps: number): Uint8Array[] {
  const footage = getFootage(project.db, footageId);
  let frames: Uint8Array[];
  try {
    frames = readFrames(projectFile(project, footage.framesPath), { width: footage.width, height: footage.height }, footage.frameCount);
  } catch (error) {
    throw new GenerationError('invalid_footage', `footage #${footageId} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  return resizeFrames(retimeFrames(frames, footage.fps, fps), footage, size);
}
