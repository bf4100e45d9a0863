/**
 * High-frequency error: how far two frames' fine detail differs. LPIPS would need pretrained
 * network weights that cannot be shipped here; differences of image gradients measure the same
 * thing the paper cares about (edges, textures, faces) and ignore smooth offsets such as a
 * slightly different brightness.
 */
import { assertComparable, type RgbFrame } from './frame';

/**
 * Mean absolute difference of the frames' forward differences in x and in y, over all channels,
 * on the 0..255 scale: 0 for identical frames or frames differing by a constant.
 */
export function highFrequencyError(a: RgbFrame, b: RgbFrame): number {
  assertComparable(a, b);
  const { width, height } = a;
  const at = (frame: RgbFrame, x: number, y: number, c: number): number => frame.data[(y * width + x) * 3 + c] as number;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const here = at(a, x, y, c) - at(b, x, y, c);
        if (x + 1 < width) {
          sum += Math.abs(at(a, x + 1, y, c) - at(b, x + 1, y, c) - here);
          count++;
        }
        if (y + 1 < height) {
          sum += Math.abs(at(a, x, y + 1, c) - at(b, x, y + 1, c) - here);
          count++;
        }
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}
