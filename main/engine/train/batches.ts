/**
 * Turns clips into the stage's task batch (flow/tasks.ts), with every random choice drawn from
 * the loop's seeded generator so a step is reproducible:
 * - pretrain (retrieval): `retrievalTargets` distinct frames anywhere in each clip; the whole
 *   clip is the history phi encodes.
 * - finetune (continuation): one cut point per batch on a chunk boundary, 1 to all chunks of
 *   history before it (so the model learns short and long memories alike), the next chunk after
 *   it, and the caption active at the cut. With a retrieval mix, that share of batches is stage
 *   1's retrieval over the clips' first history-length frames instead. With an opening mix, that
 *   share makes a shot's first chunk from its caption alone (no history: how a storyboard without
 *   footage begins); with a cut mix, that share puts each clip's target at one of its hard cuts;
 *   with a revisit mix, that share targets a cut back to a place the history still holds.
 * Layout: clips [B, T, H, W, 3] in [-1, 1]; history [B, h, H, W, 3]; target [B, C, H, W, 3].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TaskBatch } from '../flow/tasks';
import type { ModelConfig } from '../model/config';
import type { Rng } from '../optim/rng';
import { checkClip, clipsTensor, type TrainingClip } from './clips';
import { clipFrames, historyFrames, type TrainConfig } from './config';
import { revisitCuts } from './revisits';

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

/** True where a shot starts in frames [start, start + chunk) of the clip: that target opens a new shot. */
function opensShot(clip: TrainingClip, start: number, chunk: number): boolean {
  for (let f = start; f < start + chunk; f++) if (clip.shotStart?.[f] === true) return true;
  return false;
}

/** Continuation batch: `history` frames before frame `cut` of each clip, the chunk from `cut` on. */
export function continuationBatch(clips: readonly TrainingClip[], cut: number, history: number, chunk: number): DrawnBatch {
  const full = clipsTensor(clips);
  // Gathers, not slices: wasm's Slice copies its whole (large) input through JS.
  const past = tf.gather(full, range(cut - history, history), 1) as tf.Tensor5D; // [B, history, H, W, C]
  const next = tf.gather(full, range(cut, chunk), 1) as tf.Tensor5D; // [B, chunk, H, W, C]
  full.dispose();
  return {
    batch: {
      kind: 'continuation', history: past, target: next, captions: clips.map((clip) => clip.captions[cut] ?? ''),
      newShot: clips.map((clip) => history === 0 || opensShot(clip, cut, chunk)),
    },
    dispose: () => tf.dispose([past, next]),
  };
}

/**
 * Frames of each clip at its own indices: clips [B, T, H, W, C], rows B x K -> [B, K, H, W, C].
 * One flat gather over all B*T frames: wasm's GatherV2 with batchDims = 1 reads out of bounds
 * from a batch of 4 on (tfjs 4.22).
 */
function framesAt(full: tf.Tensor5D, rows: readonly (readonly number[])[]): tf.Tensor5D {
  const [b, t, h, w, c] = full.shape;
  const k = rows[0]?.length ?? 0;
  return tf.tidy(() => {
    const flat = tf.reshape(full, [b * t, h, w, c]); // [B*T, H, W, C]
    const picked = tf.gather(flat, tf.tensor1d(rows.flatMap((row, i) => row.map((f) => i * t + f)), 'int32')); // [B*K, H, W, C]
    return tf.reshape(picked, [b, k, h, w, c]) as tf.Tensor5D; // [B, K, H, W, C]
  });
}

/** True where frames [start, start + chunk) of the clip lie in one shot (no cut after `start`). */
function oneShot(clip: TrainingClip, start: number, chunk: number): boolean {
  for (let f = start + 1; f < start + chunk; f++) if (clip.shotStart?.[f] === true) return false;
  return true;
}

/** A uniformly drawn element of a non-empty list. */
const pick = (rng: Rng, list: readonly number[]): number => list[rng.int(list.length)] as number;

/**
 * Where each clip's opening chunk starts: half the time at a shot's first frame (chunk 0 of a
 * storyboard), else anywhere its opening caption is active; -1 where the clip has neither.
 */
function openingStart(clip: TrainingClip, rng: Rng, chunk: number): number {
  const candidates = range(0, clip.frameCount - chunk + 1).filter((f) => clip.shotOpening?.[f] === true
    && clip.shotOpening[f + chunk - 1] === true && oneShot(clip, f, chunk));
  if (candidates.length === 0) return -1;
  const starts = candidates.filter((f) => clip.shotStart?.[f] === true);
  return starts.length > 0 && rng.next() < 0.5 ? pick(rng, starts) : pick(rng, candidates);
}

/**
 * A shot's first chunk from its caption alone: no history, target times from 0. A clip without
 * an opening caption takes another clip's opening (another frame of it where there is one); a
 * batch with none at all is an ordinary continuation batch instead.
 */
function openingBatch(clips: readonly TrainingClip[], rng: Rng, chunk: number): DrawnBatch | null {
  const own = clips.map((clip) => openingStart(clip, rng, chunk));
  const donors = own.flatMap((start, i) => (start >= 0 ? [i] : []));
  if (donors.length === 0) return null;
  const chosen = own.map((start, i) => {
    if (start >= 0) return { clip: i, start };
    const donor = pick(rng, donors);
    return { clip: donor, start: openingStart(clips[donor] as TrainingClip, rng, chunk) };
  });
  const full = clipsTensor(chosen.map(({ clip }) => clips[clip] as TrainingClip));
  const next = framesAt(full, chosen.map(({ start }) => range(start, chunk))); // [B, chunk, H, W, C]
  const [b, , h, w, c] = full.shape;
  full.dispose();
  const none = tf.zeros([b, 0, h, w, c]) as tf.Tensor5D; // [B, 0, H, W, C]: no history
  return {
    batch: {
      kind: 'continuation', history: none, target: next, captions: chosen.map(({ clip, start }) => clips[clip]?.captions[start] ?? ''),
      newShot: chosen.map(() => true),
    },
    dispose: () => tf.dispose([none, next]),
  };
}

/**
 * Each clip's target at one of its hard cuts with `history` frames before it, the caption the
 * cut's; a clip with no cut that far in continues from its last chunk as usual.
 */
function cutBatch(clips: readonly TrainingClip[], rng: Rng, history: number, chunk: number): DrawnBatch {
  const cuts = clips.map((clip) => {
    const candidates = range(history, clip.frameCount - chunk - history + 1).filter((f) => clip.shotStart?.[f] === true && oneShot(clip, f, chunk));
    return candidates.length > 0 ? pick(rng, candidates) : clip.frameCount - chunk;
  });
  const full = clipsTensor(clips);
  const past = framesAt(full, cuts.map((cut) => range(cut - history, history))); // [B, history, H, W, C]
  const next = framesAt(full, cuts.map((cut) => range(cut, chunk))); // [B, chunk, H, W, C]
  full.dispose();
  return {
    batch: {
      kind: 'continuation', history: past, target: next, captions: clips.map((clip, i) => clip.captions[cuts[i] as number] ?? ''),
      newShot: clips.map((clip, i) => opensShot(clip, cuts[i] as number, chunk)),
    },
    dispose: () => tf.dispose([past, next]),
  };
}

/**
 * Fewest history frames before a revisit cut, as a share of the model's history: enough to hold
 * the shot cut away to and some of the place before it.
 */
const REVISIT_MIN_HISTORY_SHARE = 0.5;

/**
 * Targets at revisits (revisits.ts): each clip's own where it has one, else another clip's; the
 * history is as long as the latest common start allows, so it reaches back to the revisited
 * place in most samples. Null when no clip of the batch holds a revisit.
 */
function revisitBatch(clips: readonly TrainingClip[], rng: Rng, model: ModelConfig): DrawnBatch | null {
  const chunk = model.video.chunkFrames;
  const minHistory = Math.ceil(REVISIT_MIN_HISTORY_SHARE * historyFrames(model));
  const cuts = clips.map((clip) => revisitCuts(clip, chunk, minHistory).map(({ cut }) => cut));
  const donors = cuts.flatMap((own, i) => (own.length > 0 ? [i] : []));
  if (donors.length === 0) return null;
  const chosen = cuts.map((own, i) => {
    const clip = own.length > 0 ? i : pick(rng, donors);
    return { clip, cut: pick(rng, cuts[clip] as number[]) };
  });
  // Whole chunks, as generation's histories are.
  const history = Math.floor(Math.min(...chosen.map(({ cut }) => cut)) / chunk) * chunk;
  const full = clipsTensor(chosen.map(({ clip }) => clips[clip] as TrainingClip));
  const past = framesAt(full, chosen.map(({ cut }) => range(cut - history, history))); // [B, history, H, W, C]
  const next = framesAt(full, chosen.map(({ cut }) => range(cut, chunk))); // [B, chunk, H, W, C]
  full.dispose();
  return {
    batch: {
      kind: 'continuation', history: past, target: next,
      captions: chosen.map(({ clip, cut }) => clips[clip]?.captions[cut] ?? ''), newShot: chosen.map(() => true),
    },
    dispose: () => tf.dispose([past, next]),
  };
}

/**
 * The batch with its history corrupted as generated frames are: each sample gets pixel noise and
 * per-patch colour offsets, each with its own strength drawn uniformly in [0, max]. At inference
 * the history is the model's own output, blurred and blocky in ways clean footage never is;
 * trained only on clean history, a small error in one chunk grows in the next until the video is
 * a mosaic (the rollout probe in docs/model-quality.md). The target stays clean.
 */
function withNoisyHistory(drawn: DrawnBatch, rng: Rng, max: number, patch: number): DrawnBatch {
  const { batch } = drawn;
  if (batch.kind !== 'continuation' || batch.history.shape[1] === 0) return drawn;
  const [b, t, h, w, c] = batch.history.shape;
  const pixel = range(0, b).map(() => rng.next() * max);
  const block = range(0, b).map(() => rng.next() * max);
  const seeds = [rng.seed(), rng.seed()];
  const noisy = tf.tidy(() => {
    const strength = (values: number[]): tf.Tensor => tf.reshape(tf.tensor1d(values), [b, 1, 1, 1, 1]);
    const fine = tf.mul(tf.randomNormal([b, t, h, w, c], 0, 1, 'float32', seeds[0]), strength(pixel));
    const coarse = tf.randomNormal([b * t, h / patch, w / patch, c], 0, 1, 'float32', seeds[1]); // one offset per patch
    const blocks = tf.mul(tf.reshape(tf.image.resizeNearestNeighbor(coarse as tf.Tensor4D, [h, w]), [b, t, h, w, c]), strength(block));
    return tf.clipByValue(tf.add(batch.history, tf.add(fine, blocks)), -1, 1) as tf.Tensor5D;
  });
  return {
    batch: { ...batch, history: noisy },
    dispose: () => {
      noisy.dispose();
      drawn.dispose();
    },
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
      // Each share is drawn only when set, so older recipes draw exactly what they always did.
      const opening = (train.openingMix ?? 0) > 0 && rng.next() < (train.openingMix as number) ? openingBatch(clips, rng, chunk) : null;
      if (opening !== null) return opening;
      const noisy = (drawn: DrawnBatch): DrawnBatch => ((train.historyNoise ?? 0) > 0 ? withNoisyHistory(drawn, rng, train.historyNoise as number, model.video.patch) : drawn);
      const revisit = (train.revisitMix ?? 0) > 0 && rng.next() < (train.revisitMix as number) ? revisitBatch(clips, rng, model) : null;
      if (revisit !== null) return noisy(revisit);
      const chunks = 1 + rng.int(Math.floor(history / chunk));
      const drawn = (train.cutMix ?? 0) > 0 && rng.next() < (train.cutMix as number)
        ? cutBatch(clips, rng, chunks * chunk, chunk) : continuationBatch(clips, history, chunks * chunk, chunk);
      return noisy(drawn);
    }
  }
}
