/**
 * The frames of a finished take, read from its chunks' frames files in order, for export. The
 * video is the take's chunks trimmed to the planned duration (the last chunk may run a frame
 * past it, as chunks are whole). Every file is checked against its row and against the first
 * chunk's format before any frame is encoded, so a damaged take fails before ffmpeg starts.
 */
import { createHash } from 'node:crypto';
import { FrameFileReader } from '../../media/frame-file';
import type { Chunk, Take } from '../../project/index';
import type { ProjectFiles } from '../generation/chunk-store';
import { projectFile } from '../generation/paths';
import { chunkCount, type GenerationPlan } from '../generation/plan';
import { finishedChunks } from '../generation/takes';
import { ExportError } from './errors';

/** Frames hashed between two turns of the event loop. */
const YIELD_EVERY = 64;

/** The format of a take's frames (the model's). */
export interface TakeFormat {
  width: number;
  height: number;
  fps: number;
}

/** Random access to the frames of a finished take. Close it when done. */
export class TakeFrames {
  /** Frames of the exported video (trimmed to the planned duration). */
  readonly frameCount: number;
  private reader: { chunk: Chunk; file: FrameFileReader } | undefined;

  private constructor(
    private readonly project: ProjectFiles,
    private readonly chunks: readonly Chunk[],
    readonly format: TakeFormat,
    durationSec: number,
  ) {
    const total = (chunks.at(-1) as Chunk).frameEnd;
    this.frameCount = Math.min(total, Math.max(1, Math.round(durationSec * format.fps)));
  }

  /**
   * Opens the take's chunks: all of them must be finished and readable, in one format. Throws
   * ExportError 'incomplete_take' or 'missing_chunk' (GenerationError for a broken lineage).
   */
  static open(project: ProjectFiles, take: Take, plan: GenerationPlan): TakeFrames {
    const chunks = finishedChunks(project.db, take);
    const first = chunks[0];
    if (!first) {
      throw new ExportError('incomplete_take', `take ${take.id} has no finished chunks yet: generate it first`);
    }
    const format = TakeFrames.check(project, first);
    const expected = chunkCount(plan, { fps: format.fps, chunkFrames: first.frameEnd - first.frameStart });
    if (chunks.length < expected) {
      throw new ExportError('incomplete_take', `take ${take.id} has ${chunks.length} of ${expected} chunks: `
        + 'finish generating it first (longshot render resumes it)');
    }
    for (const chunk of chunks.slice(1, expected)) {
      const own = TakeFrames.check(project, chunk);
      if (own.width !== format.width || own.height !== format.height || own.fps !== format.fps) {
        throw new ExportError('missing_chunk', `chunk ${chunk.chunkIndex} of take ${take.id} is ${own.width}x${own.height} `
          + `at ${own.fps} fps, unlike the chunks before it (${format.width}x${format.height} at ${format.fps} fps)`);
      }
    }
    return new TakeFrames(project, chunks.slice(0, expected), format, plan.durationSec);
  }

  /** Opens a chunk's file and checks it holds the frames its row says; returns its format. */
  private static check(project: ProjectFiles, chunk: Chunk): TakeFormat {
    const file = projectFile(project, chunk.framesPath);
    let reader: FrameFileReader;
    try {
      reader = new FrameFileReader(file);
    } catch (error) {
      throw new ExportError('missing_chunk', `chunk ${chunk.chunkIndex} cannot be read (${(error as Error).message})`, { cause: error });
    }
    try {
      const { width, height, fps, frameCount } = reader.info;
      if (frameCount !== chunk.frameEnd - chunk.frameStart) {
        throw new ExportError('missing_chunk', `chunk ${chunk.chunkIndex} holds ${frameCount} frames, its record says `
          + `${chunk.frameEnd - chunk.frameStart}: ${file}`);
      }
      return { width, height, fps };
    } finally {
      reader.close();
    }
  }

  /** Frame `index` of the video (0-based), as RGB bytes. */
  read(index: number): Uint8Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.frameCount) {
      throw new RangeError(`frame ${index} is outside the video's ${this.frameCount} frames`);
    }
    if (!this.reader || index < this.reader.chunk.frameStart || index >= this.reader.chunk.frameEnd) {
      const chunk = this.chunks.find((c) => index >= c.frameStart && index < c.frameEnd);
      if (!chunk) throw new ExportError('missing_chunk', `no chunk holds frame ${index}`);
      this.reader?.file.close();
      this.reader = undefined;
      this.reader = { chunk, file: new FrameFileReader(projectFile(this.project, chunk.framesPath)) };
    }
    return this.reader.file.read(index - this.reader.chunk.frameStart);
  }

  /**
   * sha256 of every frame's RGB bytes in order: the identity of the video, which a re-render
   * from the export's provenance must reproduce. `onFrame` (progress, and a chance to throw on
   * cancel) is called after each frame; the event loop gets a turn every few frames so that a
   * cancel message can arrive during a long video.
   */
  async hash(onFrame?: (done: number) => void): Promise<string> {
    const sha = createHash('sha256');
    for (let i = 0; i < this.frameCount; i += 1) {
      sha.update(this.read(i));
      onFrame?.(i + 1);
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    return sha.digest('hex');
  }

  close(): void {
    this.reader?.file.close();
    this.reader = undefined;
  }
}
