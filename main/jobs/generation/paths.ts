/**
 * Where generation writes inside a project. Paths are project-relative with '/' separators, as
 * the store keeps them and the media route serves them:
 *   media/runs/run-R/take-T/chunk-NNNN.frames     finished chunks
 *   media/runs/run-R/take-T/previews/*.png        chunk strips and the live estimate
 *   media/runs/run-R/take-T/fidelity.json         the fidelity strip
 *   media/cache/memory/take-T/*.png               memory-inspector images
 * No tensors here: the service layer reads these paths without starting the engine.
 */
import { join } from 'node:path';
import { MEDIA_DIR, type Take } from '../../project/index';

type TakeRef = Pick<Take, 'runId' | 'id'>;

const pad = (n: number): string => String(n).padStart(4, '0');

/** Folder of one take's files. */
export function takeFolder(take: TakeRef): string {
  return `${MEDIA_DIR}/runs/run-${take.runId}/take-${take.id}`;
}

/** Frames file of one chunk of a take. */
export function chunkFile(take: TakeRef, chunkIndex: number): string {
  return `${takeFolder(take)}/chunk-${pad(chunkIndex)}.frames`;
}

/** Preview strip of a finished chunk. */
export function chunkPreviewFile(take: TakeRef, chunkIndex: number): string {
  return `${takeFolder(take)}/previews/chunk-${pad(chunkIndex)}.png`;
}

/** The live preview of the chunk being sampled (its current x0 estimate), overwritten in place. */
export function estimatePreviewFile(take: TakeRef): string {
  return `${takeFolder(take)}/previews/estimate.png`;
}

/** The stored fidelity strip of a take. */
export function fidelityFile(take: TakeRef): string {
  return `${takeFolder(take)}/fidelity.json`;
}

/** One memory-inspector image of a take at a history frame. */
export function inspectionFile(take: TakeRef, frame: number, kind: 'original' | 'reconstruction' | 'difference'): string {
  return `${MEDIA_DIR}/cache/memory/take-${take.id}/frame-${pad(frame)}-${kind}.png`;
}

/** The absolute path of a project-relative media path. */
export function projectFile(project: { readonly path: string }, relative: string): string {
  return join(project.path, ...relative.split('/'));
}
