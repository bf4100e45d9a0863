/**
 * Edge padding of a history to whole memory boxes (grid.ts gives the padded size): the last
 * frame, row and column are repeated, so a box at an edge sees real content, not zeros.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../errors';
import type { MemoryGrid } from './grid';

/** Repeats the last entry of `x` along `axis` until it has `size` entries. */
function padAxis(x: tf.Tensor5D, axis: number, size: number): tf.Tensor5D {
  const have = x.shape[axis] as number;
  if (have === size) return x;
  if (have > size) throw new ModelError('shape_mismatch', `cannot pad axis ${axis} of size ${have} down to ${size}`);
  // A gather, not a slice: wasm's Slice copies its whole input through JS (500 ms for 10 s of tiny history).
  const last = tf.gather(x, new Array<number>(size - have).fill(have - 1), axis); // [.., size - have on axis, ..]
  return tf.concat([x, last], axis); // [.., size on axis, ..]
}

/** Edge-pads a history [B, T, H, W, C] to the grid's padded size. */
export function padHistory(history: tf.Tensor5D, grid: MemoryGrid): tf.Tensor5D {
  return tf.tidy(() => {
    const { frames, height, width } = grid.padded;
    return padAxis(padAxis(padAxis(history, 1, frames), 2, height), 3, width);
  });
}
