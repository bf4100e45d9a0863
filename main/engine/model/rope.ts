/**
 * 3-D rotary position embedding over (t, h, w). Video tokens, window tokens and memory tokens
 * all carry positions on the generator's token grid (memory tokens: the centre of the box they
 * cover), so a memory token and the target tokens it describes rotate alike; engine.md found
 * these aligned positions better than learned, separate embeddings. Positions may be fractional.
 *
 * Layout: the head dimension dh is split into dh/2 rotation pairs (i, i + dh/2) ("rotate half");
 * the first pairs rotate with t, the next with h, the last with w. Tables are [B, 1, N, dh] so
 * they broadcast over heads; a `null` position (caption tokens) gets cos 1, sin 0: no rotation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertShape, requireConfig } from './errors';

/** A token's (t, h, w) position on the generator's token grid. */
export type Position3 = readonly [number, number, number];

/** Wavelength bases: time spans hundreds of token-frames, space a few dozen tokens. */
export interface RopeBases {
  time: number;
  space: number;
}

/** Cosine and sine tables, [B, 1, N, dh]. */
export interface RopeTables {
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
}

/** How many rotation pairs each axis gets: a quarter each for h and w, the rest for t. */
export function ropeAxisPairs(headDim: number): [number, number, number] {
  requireConfig(headDim % 8 === 0, `rotary embedding needs a head width divisible by 8, got ${headDim}`);
  const spatial = headDim / 8;
  return [headDim / 2 - 2 * spatial, spatial, spatial];
}

/** Tables for B rows of N positions each (all rows the same length). */
export function ropeTables(positions: readonly (readonly (Position3 | null)[])[], headDim: number, bases: RopeBases): RopeTables {
  const pairs = ropeAxisPairs(headDim);
  const half = headDim / 2;
  // Per pair: which axis it reads and its angular frequency base^(-j / pairsOfAxis).
  const axisOf: number[] = [];
  const freqOf: number[] = [];
  pairs.forEach((count, axis) => {
    const base = axis === 0 ? bases.time : bases.space;
    for (let j = 0; j < count; j++) {
      axisOf.push(axis);
      freqOf.push(base ** (-j / count));
    }
  });
  const batch = positions.length;
  const tokens = positions[0]?.length ?? 0;
  const cos = new Float32Array(batch * tokens * headDim);
  const sin = new Float32Array(batch * tokens * headDim);
  positions.forEach((row, b) => {
    requireConfig(row.length === tokens, `rotary positions: row ${b} has ${row.length} tokens, row 0 has ${tokens}`);
    row.forEach((pos, n) => {
      const offset = (b * tokens + n) * headDim;
      for (let i = 0; i < half; i++) {
        const angle = pos === null ? 0 : (pos[axisOf[i] as 0 | 1 | 2] * (freqOf[i] as number));
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        cos[offset + i] = c;
        cos[offset + i + half] = c;
        sin[offset + i] = s;
        sin[offset + i + half] = s;
      }
    });
  });
  return {
    cos: tf.tensor4d(cos, [batch, 1, tokens, headDim]),
    sin: tf.tensor4d(sin, [batch, 1, tokens, headDim]),
  };
}

/**
 * The "rotate half" map as a matrix R [dh, dh]: x R = [-x2, x1] for x = [x1, x2]. A 2-D matMul
 * with it runs on the fast path, where slicing the last axis in half ran at a few M elements/s
 * on wasm and took over a third of a forward pass.
 */
function rotateHalfMatrix(headDim: number): tf.Tensor2D {
  const half = headDim / 2;
  const r = new Float32Array(headDim * headDim);
  for (let i = 0; i < half; i++) {
    r[(i + half) * headDim + i] = -1; // out[i] = -x[i + half]
    r[i * headDim + i + half] = 1; // out[i + half] = x[i]
  }
  return tf.tensor2d(r, [headDim, headDim]);
}

/** Rotates x, [B*heads, N, dh], by the tables of its B rows. */
export function applyRope(x: tf.Tensor3D, tables: RopeTables): tf.Tensor3D {
  const [batch, , tokens, headDim] = tables.cos.shape;
  const [folded] = assertShape(x, [null, tokens, headDim], 'rope input');
  return tf.tidy(() => {
    const heads = (folded as number) / batch;
    const flat = tf.reshape(x, [(folded as number) * tokens, headDim]); // [B*heads*N, dh]
    const rotated = tf.reshape(tf.matMul(flat, rotateHalfMatrix(headDim)), [batch, heads, tokens, headDim]); // [B, heads, N, dh]
    const x4 = tf.reshape(x, [batch, heads, tokens, headDim]); // [B, heads, N, dh]
    const out = tf.add(tf.mul(x4, tables.cos), tf.mul(rotated, tables.sin));
    return tf.reshape(out, [folded as number, tokens, headDim]); // [B*heads, N, dh]
  });
}
