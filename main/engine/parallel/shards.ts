/**
 * Splitting a training step into row shards, and moving a shard to another thread.
 *
 * A step's loss is the mean over its batch rows of per-row terms (every sample has its own t,
 * noise seed and caption choice, and nothing in the model mixes samples), so the batch splits
 * into contiguous row ranges, each engine differentiates the mean over its own rows, and the
 * step's gradient is the sum of those weighted by each shard's share of the rows.
 *
 * Across threads tensors travel as plain float32 arrays with their shapes (PackedTensor): the
 * arrays are transferred, not copied, by postMessage.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossDraws } from '../flow/loss';
import type { TaskBatch } from '../flow/tasks';
import { range as indices } from '../train/batches';

/** Rows [start, start + count) of a batch. */
export interface RowRange {
  start: number;
  count: number;
}

/** A tensor as data and shape, for postMessage. */
export interface PackedTensor {
  shape: number[];
  data: Float32Array;
}

/** A task batch with its tensors packed (same fields as TaskBatch otherwise). */
export type PackedBatch =
  | { kind: 'retrieval'; clips: PackedTensor; captions: string[]; targetIndices: number[][] }
  | { kind: 'continuation'; history: PackedTensor; target: PackedTensor; captions: string[]; historyStart?: number; newShot?: boolean[] };

/** A shard of one step: its rows of the batch and of the loss draws. */
export interface PackedShard {
  batch: PackedBatch;
  draws: LossDraws;
}

/** Rows of each of `parts` shards of a batch of `rows`: contiguous, sizes differing by at most one, larger first. */
export function shardRanges(rows: number, parts: number): RowRange[] {
  const base = Math.floor(rows / parts);
  const extra = rows % parts;
  const ranges: RowRange[] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const count = base + (i < extra ? 1 : 0);
    ranges.push({ start, count });
    start += count;
  }
  return ranges;
}

/** Rows of a batch (its first dimension). */
export function batchRows(batch: TaskBatch): number {
  return batch.kind === 'retrieval' ? batch.clips.shape[0] : batch.history.shape[0];
}

const rowsOf = <T>(list: readonly T[], { start, count }: RowRange): T[] => list.slice(start, start + count);

/**
 * Rows of a tensor along axis 0; a gather, since wasm's Slice copies its whole input through JS.
 * An empty tensor (an opening's history of 0 frames) is made by shape instead: wasm's Gather of
 * one returns a wrong shape ([4, 0, 64, 64, 3] rows 0-1 came back as [1, 1, 2, 0]).
 */
function tensorRows<T extends tf.Tensor>(tensor: T, { start, count }: RowRange): T {
  if (tensor.size === 0) return tf.zeros([count, ...tensor.shape.slice(1)]) as T;
  return tf.tidy(() => tf.gather(tensor, tf.tensor1d(indices(start, count), 'int32'))) as T;
}

/** The draws of rows `range`. */
export function drawsShard(draws: LossDraws, range: RowRange): LossDraws {
  return {
    t: rowsOf(draws.t, range), noiseSeeds: rowsOf(draws.noiseSeeds, range), keepCaption: rowsOf(draws.keepCaption, range),
    ...(draws.weight !== undefined && { weight: rowsOf(draws.weight, range) }),
  };
}

/** The batch of rows `range`; its new tensors are the caller's to dispose (disposeBatch). */
export function batchShard(batch: TaskBatch, range: RowRange): TaskBatch {
  switch (batch.kind) {
    case 'retrieval':
      return { kind: 'retrieval', clips: tensorRows(batch.clips, range), captions: rowsOf(batch.captions, range), targetIndices: rowsOf(batch.targetIndices, range) };
    case 'continuation':
      return {
        kind: 'continuation', history: tensorRows(batch.history, range), target: tensorRows(batch.target, range), captions: rowsOf(batch.captions, range),
        ...(batch.historyStart !== undefined && { historyStart: batch.historyStart }),
        ...(batch.newShot !== undefined && { newShot: rowsOf(batch.newShot, range) }),
      };
  }
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: TaskBatch): void {
  if (batch.kind === 'retrieval') batch.clips.dispose();
  else tf.dispose([batch.history, batch.target]);
}

function pack(tensor: tf.Tensor): PackedTensor {
  // dataSync of a float32 tensor is a fresh array on wasm and cpu: safe to transfer.
  return { shape: [...tensor.shape], data: Float32Array.from(tensor.dataSync() as Float32Array) };
}

/** Rows `range` of a step, packed for another thread. */
export function packShard(batch: TaskBatch, draws: LossDraws, range: RowRange): PackedShard {
  const shard = batchShard(batch, range);
  try {
    const packed: PackedBatch = shard.kind === 'retrieval'
      ? { kind: 'retrieval', clips: pack(shard.clips), captions: shard.captions, targetIndices: shard.targetIndices }
      : {
        kind: 'continuation', history: pack(shard.history), target: pack(shard.target), captions: shard.captions,
        ...(shard.historyStart !== undefined && { historyStart: shard.historyStart }),
        ...(shard.newShot !== undefined && { newShot: shard.newShot }),
      };
    return { batch: packed, draws: drawsShard(draws, range) };
  } finally {
    disposeBatch(shard);
  }
}

/** The arrays a packed shard can hand over to the receiving thread. */
export function shardTransfers(shard: PackedShard): ArrayBuffer[] {
  const { batch } = shard;
  const tensors = batch.kind === 'retrieval' ? [batch.clips] : [batch.history, batch.target];
  return tensors.map((tensor) => tensor.data.buffer as ArrayBuffer);
}

const unpack = ({ shape, data }: PackedTensor): tf.Tensor5D => tf.tensor5d(data, shape as [number, number, number, number, number], 'float32');

/** A packed batch as tensors again (dispose with disposeBatch). */
export function unpackBatch(packed: PackedBatch): TaskBatch {
  switch (packed.kind) {
    case 'retrieval':
      return { kind: 'retrieval', clips: unpack(packed.clips), captions: packed.captions, targetIndices: packed.targetIndices };
    case 'continuation':
      return {
        kind: 'continuation', history: unpack(packed.history), target: unpack(packed.target), captions: packed.captions,
        ...(packed.historyStart !== undefined && { historyStart: packed.historyStart }),
        ...(packed.newShot !== undefined && { newShot: packed.newShot }),
      };
  }
}
