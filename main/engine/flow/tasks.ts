/**
 * The two training tasks as (targets, conditioning) pairs for the generator (paper.md):
 * - `retrieval` (stage 1): targets are frames at random indices anywhere in a clip, conditioned
 *   on phi(the whole clip), the caption and the targets' own time indices; random indices force
 *   the memory to cover the whole history, not just its end.
 * - `continuation` (stage 2): the target is the chunk right after a cut point, conditioned on
 *   phi(the history before it), the caption at the cut and, when the config has one, the window
 *   of most recent uncompressed frames.
 * Layout: video [B, T, H, W, C] in [-1, 1]; every sample of a batch has the same lengths.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../model/errors';
import type { Conditioning, WindowFrames } from '../model/generator';
import type { VideoModel } from '../model/model';

/** Stage 1 batch: clips [B, T, H, W, C]; targetIndices: B rows of K frame indices in [0, T). */
export interface RetrievalBatch {
  kind: 'retrieval';
  clips: tf.Tensor5D;
  captions: string[];
  targetIndices: number[][];
}

/** Stage 2 batch: history [B, Th, H, W, C] then target [B, Tc, H, W, C]; history starts at historyStart (default 0). */
export interface ContinuationBatch {
  kind: 'continuation';
  history: tf.Tensor5D;
  target: tf.Tensor5D;
  captions: string[];
  historyStart?: number;
  /** Per sample: the target opens a new shot (Conditioning.newShot); absent, the generator's default. */
  newShot?: boolean[];
}

/** A batch of either task. */
export type TaskBatch = RetrievalBatch | ContinuationBatch;

/** Clean targets [B, Tt, H, W, C] and what G is conditioned on. */
export interface TaskExample {
  x0: tf.Tensor5D;
  cond: Conditioning;
}

const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

/**
 * Builds the example of a batch; where keepCaption[i] is false sample i gets the null caption.
 * New tensors are returned (call inside tf.tidy or dispose with disposeConditioning).
 */
export function taskExample(model: VideoModel, batch: TaskBatch, keepCaption?: readonly boolean[]): TaskExample {
  switch (batch.kind) {
    case 'retrieval': return retrievalExample(model, batch, keepCaption);
    case 'continuation': return continuationExample(model, batch, keepCaption);
  }
}

function retrievalExample(model: VideoModel, batch: RetrievalBatch, keep?: readonly boolean[]): TaskExample {
  const [b, frames] = batch.clips.shape;
  const count = batch.targetIndices[0]?.length ?? 0;
  const valid = batch.targetIndices.length === b && count > 0
    && batch.targetIndices.every((row) => row.length === count && row.every((i) => Number.isInteger(i) && i >= 0 && i < frames));
  if (!valid) throw new ModelError('invalid_input', `retrieval target indices must be ${b} rows of the same positive length, each index in [0, ${frames})`);
  const memory = model.encodeMemory(batch.clips, range(0, frames));
  // One flat gather over all B*T frames: wasm's GatherV2 with batchDims = 1 reads out of bounds
  // from a batch of 4 on (tfjs 4.22, "memory access out of bounds").
  const [, , height, width, channels] = batch.clips.shape;
  const flatIndices = batch.targetIndices.flatMap((row, i) => row.map((index) => i * frames + index));
  const x0 = tf.tidy(() => tf.reshape(
    tf.gather(tf.reshape(batch.clips, [b * frames, height, width, channels]), tf.tensor1d(flatIndices, 'int32')), // [B*K, H, W, C]
    [b, count, height, width, channels],
  ) as tf.Tensor5D); // [B, K, H, W, C]
  const caption = model.encodeCaptions(batch.captions, keep);
  // Retrieved frames lie inside the history: they never open a new shot.
  return { x0, cond: { caption, memory, window: null, targetTimes: batch.targetIndices.map((row) => [...row]), newShot: batch.targetIndices.map(() => false) } };
}

function continuationExample(model: VideoModel, batch: ContinuationBatch, keep?: readonly boolean[]): TaskExample {
  const [b, historyFrames] = batch.history.shape;
  const [, targetFrames] = batch.target.shape;
  const start = batch.historyStart ?? 0;
  const memory = model.encodeMemory(batch.history, range(start, historyFrames));
  const windowFrames = Math.min(model.config.generator.windowFrames, historyFrames);
  let window: WindowFrames | null = null;
  if (windowFrames > 0) {
    // A gather, not a slice: wasm's Slice copies its whole (large) input through JS.
    const frames = tf.gather(batch.history, range(historyFrames - windowFrames, windowFrames), 1) as tf.Tensor5D; // [B, W, H, W, C]
    window = { frames, times: range(0, b).map(() => range(start + historyFrames - windowFrames, windowFrames)) };
  }
  const caption = model.encodeCaptions(batch.captions, keep);
  const targetTimes = range(0, b).map(() => range(start + historyFrames, targetFrames));
  return { x0: tf.clone(batch.target), cond: { caption, memory, window, targetTimes, ...(batch.newShot && { newShot: [...batch.newShot] }) } };
}
