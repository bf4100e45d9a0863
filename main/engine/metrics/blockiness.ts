/**
 * Blockiness: how much a frame jumps across the borders of the generator's patch grid compared
 * with how much it changes inside the patches. A generator that predicts each patch on its own
 * draws a mosaic whose seams are the patch borders, so this ratio is far above 1 for it, while
 * real video (and Storyworld's ground truth) sits near 1: its edges fall anywhere.
 */
import { MetricsError, type RgbFrame } from './frame';

/** Mean absolute differences between horizontal and vertical neighbours across patch borders and inside patches (0..255 scale). */
export interface PatchEdgeDifferences {
  border: number;
  inside: number;
}

/** Neighbour differences of frames, split by whether the pair straddles a `patch`-pixel grid line. */
export function patchEdgeDifferences(frames: readonly RgbFrame[], patch: number): PatchEdgeDifferences {
  if (!Number.isInteger(patch) || patch < 2) throw new MetricsError('invalid_frame', `patch size must be a whole number of at least 2 pixels, got ${patch}`);
  const sums = { border: 0, inside: 0 };
  const counts = { border: 0, inside: 0 };
  for (const frame of frames) {
    const { width, height, data } = frame;
    if (width <= patch || height <= patch) throw new MetricsError('too_small', `a ${width}x${height} frame has no ${patch}-pixel patch borders`);
    const add = (i: number, j: number, straddles: boolean): void => {
      const key = straddles ? 'border' : 'inside';
      for (let c = 0; c < 3; c++) sums[key] += Math.abs((data[i + c] as number) - (data[j + c] as number));
      counts[key] += 3;
    };
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        if (x + 1 < width) add(i, i + 3, (x + 1) % patch === 0);
        if (y + 1 < height) add(i, i + width * 3, (y + 1) % patch === 0);
      }
    }
  }
  return { border: sums.border / Math.max(1, counts.border), inside: sums.inside / Math.max(1, counts.inside) };
}

/**
 * Border difference over inside difference. A flat video (no change anywhere) has no seams and
 * scores 1; otherwise the inside difference is floored at 0.5 grey levels so a smooth frame with
 * faint seams is not scored as infinitely blocky.
 */
export function blockiness(frames: readonly RgbFrame[], patch: number): number {
  const { border, inside } = patchEdgeDifferences(frames, patch);
  if (border === 0) return 1;
  return border / Math.max(inside, 0.5);
}
