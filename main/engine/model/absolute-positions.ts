/**
 * Fixed sinusoidal embeddings of (t, h, w) positions, added to video and memory tokens when a
 * generator's config asks for absolutePositions. RoPE alone gives a token its place only through
 * rotations of attention pairs, and with a head width of 32 only 8 pairs carry time, half of them
 * nearly constant over a 10 s history; a fixed embedding puts every axis in the token itself
 * (DiT adds fixed 2-D sinusoids the same way; engine.md's calibration that separated the encoders
 * used them). Time is measured from the first target frame, so what the generator learns about
 * "two frames ago" holds wherever a chunk lies in the video.
 *
 * Layout: width D splits into D/2 time features and D/4 for each of h and w, each half cos, half
 * sin; wavelengths grow geometrically from 2 to 4 x the axis's span. Caption rows (null) get 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { requireConfig } from './errors';
import type { Position3 } from './rope';

/** The longest extent of each axis that must stay distinguishable: frames, rows, columns. */
export type AxisSpans = readonly [number, number, number];

/** Wavelengths of `count` sinusoid pairs for an axis spanning `span` positions. */
function wavelengths(count: number, span: number): number[] {
  const longest = 4 * Math.max(span, 1);
  return Array.from({ length: count }, (_, j) => 2 * (longest / 2) ** (count === 1 ? 0 : j / (count - 1)));
}

/** [B, N, D] embeddings of B rows of N positions (all rows the same length). */
export function absolutePositionTable(positions: readonly (readonly (Position3 | null)[])[], width: number, spans: AxisSpans): tf.Tensor3D {
  requireConfig(width % 8 === 0, `absolute positions need a width divisible by 8, got ${width}`);
  const pairs = [width / 4, width / 8, width / 8] as const; // sin/cos pairs per axis
  const axisWaves = pairs.map((count, axis) => wavelengths(count, spans[axis] as number));
  const batch = positions.length;
  const tokens = positions[0]?.length ?? 0;
  const table = new Float32Array(batch * tokens * width);
  positions.forEach((row, b) => {
    requireConfig(row.length === tokens, `absolute positions: row ${b} has ${row.length} tokens, row 0 has ${tokens}`);
    row.forEach((pos, n) => {
      if (pos === null) return;
      let offset = (b * tokens + n) * width;
      axisWaves.forEach((waves, axis) => {
        const value = pos[axis] as number;
        for (let j = 0; j < waves.length; j++) {
          const angle = (2 * Math.PI * value) / (waves[j] as number);
          table[offset + j] = Math.cos(angle);
          table[offset + waves.length + j] = Math.sin(angle);
        }
        offset += 2 * waves.length;
      });
    });
  });
  return tf.tensor3d(table, [batch, tokens, width]);
}
