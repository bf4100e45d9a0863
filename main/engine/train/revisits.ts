/**
 * Revisits: hard cuts back to a place the clip showed before the shot just ended ("back at the
 * first place"). Only the compressed memory can bring such a place back: the caption does not
 * name it and the recent frame shows the shot before the cut. Uniformly drawn training samples
 * almost never hold one with that earlier shot still in the history (the cut must fall late in
 * the clip and the drawn history be long), so the generator never learned to look there and drew
 * a blur at every revisit (docs/model-quality.md). Found from the pixels, so any footage with
 * shot flags has them, not only Storyworld's.
 */
import type { TrainingClip } from './clips';

/** A revisit cut of a clip: where the revisiting shot starts, and the earlier frame it matches best. */
export interface RevisitCut {
  cut: number;
  match: number;
}

/** How much closer than the last frame before the cut an earlier frame must be to count as the same place. */
const CLOSER = 0.5;
/** Earlier frames are compared at this stride (places are still; characters move a little). */
const STRIDE = 2;

function frameDistance(clip: TrainingClip, a: number, b: number): number {
  const size = clip.width * clip.height * 3;
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.abs((clip.frames[a * size + i] as number) - (clip.frames[b * size + i] as number));
  return sum / size;
}

/** The last shot start before frame `f` (after the clip's first frame), or -1. */
function previousShotStart(clip: TrainingClip, f: number): number {
  for (let p = f - 1; p > 0; p--) if (clip.shotStart?.[p] === true) return p;
  return -1;
}

/**
 * Revisit cuts whose target chunk [cut, cut + chunk) lies in one shot and starts at least
 * `minHistory` frames into the clip: a shot start whose first frame is much closer to some frame
 * before the previous shot began than to the frame just before the cut.
 */
export function revisitCuts(clip: TrainingClip, chunk: number, minHistory: number): RevisitCut[] {
  const found: RevisitCut[] = [];
  for (let cut = Math.max(1, minHistory); cut + chunk <= clip.frameCount; cut++) {
    if (clip.shotStart?.[cut] !== true) continue;
    let oneShot = true;
    for (let f = cut + 1; f < cut + chunk; f++) if (clip.shotStart[f] === true) oneShot = false;
    const previous = previousShotStart(clip, cut);
    if (!oneShot || previous < 0) continue;
    const toLast = frameDistance(clip, cut, cut - 1);
    let best = { match: -1, distance: Infinity };
    for (let f = 0; f < previous; f += STRIDE) {
      const distance = frameDistance(clip, cut, f);
      if (distance < best.distance) best = { match: f, distance };
    }
    if (best.match >= 0 && best.distance < CLOSER * toLast) found.push({ cut, match: best.match });
  }
  return found;
}
