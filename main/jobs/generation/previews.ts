/**
 * Preview images of a generation: a strip of each finished chunk's frames, and the current x0
 * estimate of the chunk being sampled, each announced as a preview event. Every PNG is written
 * atomically (temporary name, rename), so the UI never loads half a file, even from the
 * estimate that is overwritten every few steps.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../engine/checkpoint/atomic';
import { encodePng } from '../../media/png';
import type { Take } from '../../project/index';
import type { RunnerContext } from '../runners';
import { frameStrip, type FrameSize } from './frames';
import { chunkPreviewFile, estimatePreviewFile, projectFile } from './paths';

type Previewer = Pick<RunnerContext, 'preview'>;

/** Writes frames side by side as a PNG at `file` (absolute); returns `file`. */
export function writeStripPng(file: string, frames: readonly Uint8Array[], size: FrameSize): string {
  const strip = frameStrip(frames, size);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, encodePng(strip.rgb, strip.width, strip.height));
  return file;
}

/** The strip of a finished chunk, announced as a preview. */
export function previewChunk(project: { path: string }, take: Take, chunkIndex: number, frames: readonly Uint8Array[], size: FrameSize, to: Previewer): void {
  to.preview(writeStripPng(projectFile(project, chunkPreviewFile(take, chunkIndex)), frames, size));
}

/** The current estimate of the chunk being sampled, announced as a preview. */
export function previewEstimate(project: { path: string }, take: Take, frames: readonly Uint8Array[], size: FrameSize, to: Previewer): void {
  to.preview(writeStripPng(projectFile(project, estimatePreviewFile(take)), frames, size));
}
