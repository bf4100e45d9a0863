/**
 * Box geometry for the judge's presence head: overlap, the crops it learns "no character here"
 * from, and the grid of candidate boxes it searches a frame with.
 */
import type { PixelBox } from '../metrics/psnr';
import type { Rng } from '../optim/rng';

/** Intersection over union of two boxes; 0 when they do not touch. */
export function boxIou(a: PixelBox, b: PixelBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * A crop with no character centred in it counts as absent when it overlaps every character's box
 * by at most this much: a crop shifted by half a character holds half of one, and the judge must
 * learn to call that absent, or it would locate characters only to within their own size.
 */
export const ABSENT_MAX_IOU = 0.25;

/**
 * A box the size of `like` that no character occupies (ABSENT_MAX_IOU), inside a `width` x
 * `height` frame: half the draws anywhere, half next to a character (shifted by half to one and a
 * half of its size), the near misses a located box must not settle on. Null after a few tries.
 */
export function absentBox(rng: Rng, like: PixelBox, occupied: readonly PixelBox[], width: number, height: number): PixelBox | null {
  const { width: w, height: h } = like;
  if (w >= width || h >= height) return null;
  for (let attempt = 0; attempt < 8; attempt++) {
    let x: number;
    let y: number;
    const near = occupied.length > 0 && rng.next() < 0.5 ? occupied[rng.int(occupied.length)] : undefined;
    if (near) {
      const angle = rng.next() * 2 * Math.PI;
      const reach = 0.5 + rng.next();
      x = near.x + Math.cos(angle) * reach * near.width;
      y = near.y + Math.sin(angle) * reach * near.height;
    } else {
      x = rng.next() * (width - w);
      y = rng.next() * (height - h);
    }
    x = Math.min(Math.max(0, x), width - w);
    y = Math.min(Math.max(0, y), height - h);
    const box = { x, y, width: w, height: h };
    if (occupied.every((o) => boxIou(box, o) <= ABSENT_MAX_IOU)) return box;
  }
  return null;
}

/** Every box of `like`'s size on a grid of `stride` pixels covering the frame (the last row and column flush with its edges). */
export function candidateBoxes(like: PixelBox, width: number, height: number, stride: number): PixelBox[] {
  const positions = (extent: number, size: number): number[] => {
    const last = Math.max(0, extent - size);
    const out: number[] = [];
    for (let p = 0; p < last; p += stride) out.push(p);
    out.push(last);
    return out;
  };
  const xs = positions(width, like.width);
  return positions(height, like.height).flatMap((y) => xs.map((x) => ({ x, y, width: like.width, height: like.height })));
}

/** Boxes that survive non-maximum suppression: best first, dropping any that overlaps a kept one by more than `maxIou`. */
export function suppressOverlaps(boxes: readonly PixelBox[], scores: readonly number[], maxIou: number): { box: PixelBox; score: number }[] {
  const order = boxes.map((box, i) => ({ box, score: scores[i] as number })).sort((a, b) => b.score - a.score);
  const kept: { box: PixelBox; score: number }[] = [];
  for (const candidate of order) {
    if (kept.every((k) => boxIou(k.box, candidate.box) <= maxIou)) kept.push(candidate);
  }
  return kept;
}
