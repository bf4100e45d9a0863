/**
 * The history H of a take: its opening footage (all of it), then the frames of its finished
 * chunks, as uint8 frames at the model's size. Frame f of H has time index f, which is what the
 * memory encoder and the generator's positions use; the first generated frame has index
 * `footageFrames`. Generation, memory inspection and the fidelity strip all read H from here.
 */
import type { ModelConfig } from '../../engine/model/config';
import type { Chunk, Take } from '../../project/index';
import { chunkFrames, footageFrames, type ProjectFiles } from './chunk-store';
import type { FrameSize } from './frames';
import type { GenerationPlan } from './plan';
import { finishedChunks } from './takes';

/** H as frames, and which chunks they came from. */
export interface TakeHistory {
  frames: Uint8Array[];
  footageFrames: number;
  /** The finished chunks whose frames follow the footage, in order. */
  chunks: Chunk[];
  size: FrameSize;
  fps: number;
}

/** Loads H of a take: footage, then its finished chunks (the first `limit` of them, if given). */
export function loadTakeHistory(project: ProjectFiles, plan: GenerationPlan, take: Take, config: ModelConfig, limit?: number): TakeHistory {
  const size = { width: config.video.width, height: config.video.height };
  const opening = plan.footageId === null ? [] : footageFrames(project, plan.footageId, size, config.video.fps);
  const chunks = finishedChunks(project.db, take).slice(0, limit);
  return { frames: [...opening, ...chunkFrames(project, chunks, size)], footageFrames: opening.length, chunks, size, fps: config.video.fps };
}

/** The caption a history frame was generated with ('' for footage). */
export function captionOfFrame(history: TakeHistory, frame: number): string {
  const generated = frame - history.footageFrames;
  if (generated < 0) return '';
  return history.chunks.find((c) => generated >= c.frameStart && generated < c.frameEnd)?.caption ?? '';
}
