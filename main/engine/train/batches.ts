/**
 * Turns clips into the stage's task batch (flow/tasks.ts), with every random choice drawn from
 * the loop's seeded generator so a step is reproducible:
 * - pretrain (retrieval): `retrievalTargets` distinct frames anywhere in each clip; the whole
 *   clip is the history phi encodes.
 * - finetune (continuation): one cut point per batch on a chunk boundary, 1 to all chunks of
 *   history before it (so the model learns short and long memories alike), the next chunk after
 *   it, and the caption active at the cut. With a retrieval mix, that share of batches is stage
 *   1's retrieval over the clips' first history-length frames instead.
 * Layout: clips [B, T, H, W, 3] in [-1, 1]; history [B, h, H, W, 3]; target [B, C, H, W, 3].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TaskBatch } from '../flow/tasks';
import type { ModelConfig } from '../model/config';
import type { Rng } from '../optim/rng';
import { checkClip, clipsTensor, type TrainingClip } from './clips';
import { clipFrames, historyFrames, type TrainConfig } from './config';

/** The integers start, start + 1, ... (count of them). */
export const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

/** A task batch and the tensors it holds. */
export interface DrawnBatch {
  batch: TaskBatch;
  dispose(): void;
}

/** `count` distinct indices of [0, n), in draw order (a partial Fisher-Yates shuffle). */
export function distinctIndices(rng: Rng, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count);
}

/** Retrieval batch over whole clips with the given target indices (B rows of K). */
export function retrievalBatch(clips: readonly TrainingClip[], targetIndices: number[][]): DrawnBatch {
  const tensor = clipsTensor(clips);
  return {
    batch: { kind: 'retrieval', clips: tensor, captions: clips.map(() => ''), targetIndices },
    dispose: () => tensor.dispose(),
  };
}

/** Retrieval batch over the first `history` frames of each clip (fine-tuning's mixed-in stage-1 task). */
function historyRetrievalBatch(clips: readonly TrainingClip[], history: number, targetIndices: number[][]): DrawnBatch {
  const full = clipsTensor(clips);
  const past = tf.gather(full, range(0, history), 1) as tf.Tensor5D; // [B, history, H, W, C]
  full.dispose();
  return {
    batch: { kind: 'retrieval', clips: past, captions: clips.map(() => ''), targetIndices },
    dispose: () => past.dispose(),
  };
}

/** Continuation batch: `history` frames before frame `cut` of each clip, the chunk from `cut` on. */
export function continuationBatch(clips: readonly TrainingClip[], cut: number, history: number, chunk: number): DrawnBatch {
  const full = clipsTensor(clips);
  // Gathers, not slices: wasm's Slice copies its whole (large) input through JS.
  const past = tf.gather(full, range(cut - history, history), 1) as tf.Tensor5D; // [B, history, H, W, C]
  const next = tf.gather(full, range(cut, chunk), 1) as tf.Tensor5D; // [B, chunk, H, W, C]
  full.dispose();
  return {
    batch: { kind: 'continuation', history: past, target: next, captions: clips.map((clip) => clip.captions[cut] ?? '') },
    dispose: () => tf.dispose([past, next]),
  };
}

/** Draws the stage's batch from `clips` (each checked against the model's format). */
export function drawTaskBatch(clips: readonly TrainingClip[], rng: Rng, model: ModelConfig, train: TrainConfig): DrawnBatch {
  const frames = clipFrames(model, train.stage);
  for (const clip of clips) checkClip(clip, model, frames);
  const history = historyFrames(model);
  switch (train.stage) {
    case 'pretrain':
      return retrievalBatch(clips, clips.map(() => distinctIndices(rng, frames, train.retrievalTargets)));
    case 'finetune': {
      // Drawn only with a mix, so a run without one draws exactly what it always did.
      const mix = train.retrievalMix ?? 0;
      if (mix > 0 && rng.next() < mix) return historyRetrievalBatch(clips, history, clips.map(() => distinctIndices(rng, history, train.retrievalTargets)));
      const chunk = model.video.chunkFrames;
      const chunks = 1 + rng.int(Math.floor(history / chunk));
      return continuationBatch(clips, history, chunks * chunk, chunk);
    }
  }
}
