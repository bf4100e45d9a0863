/**
 * Which part of a held-out video a consistency run generates and which frames it judges. Every
 * Storyworld video opens at a first place with a first character, cuts away, and later comes back
 * to that place, where the first character returns under a caption that no longer describes it
 * (data/storyworld/captions.ts). So: the opening shot is given as real footage (the memory's
 * start), everything from the first cut to the revisit is generated, and the frames of the
 * revisited shot are judged: is it the same kind of place, and do returning characters (those
 * seen in the opening) still have their shape, colour and pattern.
 */
import type { CaptionRow, DatasetVideo } from '../../data/index';

/** The generated stretch of one held-out video. */
export interface Segment {
  videoId: string;
  /** Frames [0, openingFrames) are given as footage. */
  openingFrames: number;
  /** Frames [openingFrames, openingFrames + generatedFrames) are generated, in whole chunks. */
  generatedFrames: number;
  /** Video frame indices judged: the revisited shot's first frames. */
  scoredFrames: number[];
  /** The opening's place (the revisited one) and the characters seen in the opening. */
  openingPlace: string;
  openingCharacters: string[];
  /** The storyboard of the generated stretch, in its own time (0 = the first generated frame). */
  storyboard: CaptionRow[];
}

/** The storyboard rows overlapping [fromSec, toSec), shifted to start at 0 and clipped to it. */
export function shiftStoryboard(rows: readonly CaptionRow[], fromSec: number, toSec: number): CaptionRow[] {
  return rows
    .filter((row) => row.endSec > fromSec && row.startSec < toSec)
    .map((row) => ({ ...row, startSec: Math.max(0, row.startSec - fromSec), endSec: Math.min(toSec, row.endSec) - fromSec }));
}

/**
 * The segment of `video`, judging at most `maxScoreFrames` frames of the revisit; null for a
 * video without ground truth or without a revisit.
 */
export function findSegment(video: DatasetVideo, chunkFrames: number, maxScoreFrames: number): Segment | null {
  const { frameCount, fps } = video.file;
  const placeAt = (f: number): string | undefined => video.truthAt(f)?.place;
  const first = placeAt(0);
  if (first === undefined) return null;
  let cut = 1;
  while (cut < frameCount && placeAt(cut) === first) cut++;
  let revisit = cut;
  while (revisit < frameCount && placeAt(revisit) !== first) revisit++;
  if (cut >= frameCount || revisit >= frameCount) return null;
  let end = revisit;
  while (end < frameCount && end - revisit < maxScoreFrames && placeAt(end) === first) end++;
  const generatedFrames = Math.ceil((end - cut) / chunkFrames) * chunkFrames;
  const openingCharacters = new Set<string>();
  for (let f = 0; f < cut; f++) for (const c of video.truthAt(f)?.characters ?? []) openingCharacters.add(c.id);
  return {
    videoId: video.id, openingFrames: cut, generatedFrames,
    scoredFrames: Array.from({ length: end - revisit }, (_, i) => revisit + i),
    openingPlace: first, openingCharacters: [...openingCharacters],
    storyboard: shiftStoryboard(video.file.storyboard, cut / fps, (cut + generatedFrames) / fps),
  };
}
