/**
 * Labelled examples for the judge and its verdicts on frames, in the engine's terms: frames are
 * RGB uint8 [H, W, 3] with class ids already resolved (the app side maps its names to ids with
 * the judge config's class lists). Frames go through tfjs in groups, so a long video is judged
 * in bounded memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '../metrics/psnr';
import { ModelError } from '../model/errors';
import { Rng } from '../optim/rng';
import { absentBox, boxIou, candidateBoxes, suppressOverlaps } from './boxes';
import { CHARACTER_HEADS, JUDGE_HEADS, type CharacterHead } from './config';
import type { AttributeJudge, CropBox } from './network';

/** A character seen in a frame, with its class ids. */
export interface LabelledCharacter {
  box: PixelBox;
  labels: Record<CharacterHead, number>;
}

/** One labelled frame. */
export interface JudgeFrame {
  /** RGB bytes [H, W, 3]. */
  pixels: Uint8Array;
  place: number;
  /** The characters the judge can read (whole, big enough, uncovered). */
  characters: LabelledCharacter[];
  /** Every character's box, readable or not: where a crop must not be taken as "no character". Absent: `characters`' boxes. */
  occupied?: PixelBox[];
}

/** Labelled frames of one size. */
export interface JudgeSet {
  width: number;
  height: number;
  frames: JudgeFrame[];
}

/** A character box in a frame of a list, to judge. */
export interface CharacterQuery {
  frame: number;
  box: PixelBox;
}

/** Class ids the judge gives: one place per frame, three attributes per queried character. */
export interface Verdicts {
  places: number[];
  /** Per query: its attributes, or null where the character was searched for and not found. */
  characters: (Record<CharacterHead, number> | null)[];
  /** Per query: the box its attributes were read at, or null where it was not found. */
  read: (PixelBox | null)[];
}

/** Correct and total verdicts of one head. */
export interface HeadScore {
  correct: number;
  total: number;
  accuracy: number;
}

/** Frames of one group per forward pass. */
const GROUP = 64;

/** uint8 frames [H, W, 3] -> [N, H, W, 3] in [-1, 1]. */
export function framesTensor(frames: readonly Uint8Array[], width: number, height: number): tf.Tensor4D {
  const size = width * height * 3;
  const values = new Float32Array(frames.length * size);
  frames.forEach((frame, i) => {
    if (frame.length !== size) throw new ModelError('invalid_input', `frame ${i} has ${frame.length} bytes, not ${width}x${height}x3`);
    for (let j = 0; j < size; j++) values[i * size + j] = (frame[j] as number) / 127.5 - 1;
  });
  return tf.tensor4d(values, [frames.length, height, width, 3]);
}

function argMaxRows(logits: tf.Tensor2D): number[] {
  const ids = tf.argMax(logits, 1);
  try {
    return Array.from(ids.dataSync());
  } finally {
    ids.dispose();
  }
}

/** How a query's box is used. */
export interface JudgeOptions {
  /**
   * Find each queried character where it is drawn: the judge's presence head searches the frame
   * with boxes of the query's size, and the query takes the found character nearest its box (the
   * box is where it should be, not where a generator put it). Without: crops at the query's box.
   */
  locate?: boolean;
}

/** Crops judged per forward pass while searching. */
const SEARCH_GROUP = 1024;
/** Found characters overlapping more than this are one character. */
const SAME_CHARACTER_IOU = 0.3;

/** The search grid's step for a box: a quarter of its smaller side, so a found box is within an eighth of the size of the best one. */
const searchStride = (box: PixelBox) => Math.max(1, Math.round(Math.min(box.width, box.height) / 4));

/** Presence logits of `boxes` (frame indices into `images`), in bounded groups. */
function presenceLogits(judge: AttributeJudge, images: tf.Tensor4D, boxes: readonly CropBox[]): number[] {
  const out: number[] = [];
  for (let start = 0; start < boxes.length; start += SEARCH_GROUP) {
    const crops = judge.crop(images, boxes.slice(start, start + SEARCH_GROUP));
    const logits = judge.characterLogits(crops);
    out.push(...Array.from(logits.presence.dataSync()));
    tf.dispose([crops, ...Object.values(logits)]);
  }
  return out;
}

/** Where each query's character is drawn in `images` (see JudgeOptions.locate), or null where no character is found for it. */
function locate(judge: AttributeJudge, images: tf.Tensor4D, queries: readonly { frame: number; box: PixelBox }[], width: number, height: number): (PixelBox | null)[] {
  const grids = queries.map((q) => candidateBoxes(q.box, width, height, searchStride(q.box)));
  const logits = presenceLogits(judge, images, grids.flatMap((grid, k) => grid.map((box) => ({ frame: (queries[k] as { frame: number }).frame, ...box }))));
  const found: (PixelBox | null)[] = [];
  let offset = 0;
  queries.forEach((query, k) => {
    const grid = grids[k] as PixelBox[];
    const scores = logits.slice(offset, offset + grid.length);
    offset += grid.length;
    const present = grid.flatMap((box, i) => ((scores[i] as number) >= 0 ? [{ box, score: scores[i] as number }] : []));
    const characters = suppressOverlaps(present.map((p) => p.box), present.map((p) => p.score), SAME_CHARACTER_IOU);
    const takenHere = found.filter((box, j): box is PixelBox => box !== null && (queries[j] as { frame: number }).frame === query.frame);
    const free = characters.filter((c) => takenHere.every((t) => boxIou(t, c.box) <= SAME_CHARACTER_IOU));
    const centre = (b: PixelBox) => [b.x + b.width / 2, b.y + b.height / 2] as const;
    const [qx, qy] = centre(query.box);
    const nearest = free.map((c) => ({ box: c.box, distance: Math.hypot(centre(c.box)[0] - qx, centre(c.box)[1] - qy) }))
      .sort((a, b) => a.distance - b.distance)[0];
    found.push(nearest?.box ?? null);
  });
  return found;
}

/**
 * The judge's verdicts on `frames` (every frame's place) and on each queried character: its
 * attributes where it was read (its box, or where it was found), null where it was not found.
 */
export function judgeFrames(judge: AttributeJudge, frames: readonly Uint8Array[], width: number, height: number, queries: readonly CharacterQuery[] = [], options: JudgeOptions = {}): Verdicts {
  const verdicts: Verdicts = { places: [], characters: [], read: [] };
  for (let start = 0; start < frames.length; start += GROUP) {
    const group = frames.slice(start, start + GROUP);
    const inGroup = queries.filter((q) => q.frame >= start && q.frame < start + group.length).map((q) => ({ frame: q.frame - start, box: q.box }));
    const images = framesTensor(group, width, height);
    try {
      const placeLogits = judge.placeLogits(images);
      verdicts.places.push(...argMaxRows(placeLogits));
      placeLogits.dispose();
      if (inGroup.length === 0) continue;
      const read = options.locate ? locate(judge, images, inGroup, width, height) : inGroup.map((q) => q.box);
      const boxes: CropBox[] = inGroup.flatMap((q, k) => (read[k] ? [{ frame: q.frame, ...(read[k] as PixelBox) }] : []));
      const ids: Partial<Record<CharacterHead, number[]>> = {};
      if (boxes.length > 0) {
        const crops = judge.crop(images, boxes);
        const logits = judge.characterLogits(crops);
        crops.dispose();
        for (const head of CHARACTER_HEADS) ids[head] = argMaxRows(logits[head]);
        tf.dispose(Object.values(logits));
      }
      let next = 0;
      read.forEach((box) => {
        verdicts.read.push(box);
        if (box === null) {
          verdicts.characters.push(null);
          return;
        }
        const k = next++;
        verdicts.characters.push(Object.fromEntries(CHARACTER_HEADS.map((head) => [head, ids[head]?.[k] as number])) as Record<CharacterHead, number>);
      });
    } finally {
      images.dispose();
    }
  }
  return verdicts;
}

/** What judgeAccuracy scores: each head, the presence head, and locating characters. */
export const JUDGE_SCORES = [...JUDGE_HEADS, 'presence', 'location'] as const;
/** One of JUDGE_SCORES. */
export type JudgeScore = (typeof JUDGE_SCORES)[number];

/** A located box counts as the character's own when it overlaps its true box at least this much. */
export const LOCATED_MIN_IOU = 0.5;

/**
 * Accuracy on a labelled set: every frame's place; every character's attributes read at its box;
 * presence, called at each character's box and at one box of its size where no character is
 * (seeded, the same every time); location, a character searched for being found at its own box.
 */
export function judgeAccuracy(judge: AttributeJudge, set: JudgeSet): Record<JudgeScore, HeadScore> {
  const queries = set.frames.flatMap((frame, i) => frame.characters.map((c) => ({ frame: i, box: c.box })));
  const pixels = set.frames.map((f) => f.pixels);
  const verdicts = judgeFrames(judge, pixels, set.width, set.height, queries);
  const counts = Object.fromEntries(JUDGE_SCORES.map((head) => [head, { correct: 0, total: 0 }])) as Record<JudgeScore, { correct: number; total: number }>;
  set.frames.forEach((frame, i) => {
    counts.place.total += 1;
    if (verdicts.places[i] === frame.place) counts.place.correct += 1;
  });
  const labels = set.frames.flatMap((frame) => frame.characters.map((c) => c.labels));
  labels.forEach((truth, k) => {
    for (const head of CHARACTER_HEADS) {
      counts[head].total += 1;
      if (verdicts.characters[k]?.[head] === truth[head]) counts[head].correct += 1;
    }
  });
  scorePresence(judge, set, queries, counts.presence);
  const located = judgeFrames(judge, pixels, set.width, set.height, queries, { locate: true });
  queries.forEach((query, k) => {
    counts.location.total += 1;
    const box = located.read[k];
    if (box && boxIou(box, query.box) >= LOCATED_MIN_IOU) counts.location.correct += 1;
  });
  return Object.fromEntries(JUDGE_SCORES.map((head) => {
    const { correct, total } = counts[head];
    return [head, { correct, total, accuracy: total === 0 ? 0 : correct / total }];
  })) as Record<JudgeScore, HeadScore>;
}

/** Presence at each character's box (present) and at one free box of its size (absent). */
function scorePresence(judge: AttributeJudge, set: JudgeSet, queries: readonly CharacterQuery[], tally: { correct: number; total: number }): void {
  const rng = Rng.fromSeed(7);
  const cases = queries.flatMap((q) => {
    const frame = set.frames[q.frame] as JudgeFrame;
    const absent = absentBox(rng, q.box, frame.occupied ?? frame.characters.map((c) => c.box), set.width, set.height);
    return [{ frame: q.frame, box: q.box, present: true }, ...(absent ? [{ frame: q.frame, box: absent, present: false }] : [])];
  });
  for (let start = 0; start < set.frames.length; start += GROUP) {
    const inGroup = cases.filter((c) => c.frame >= start && c.frame < start + GROUP);
    if (inGroup.length === 0) continue;
    const images = framesTensor(set.frames.slice(start, start + GROUP).map((f) => f.pixels), set.width, set.height);
    try {
      const logits = presenceLogits(judge, images, inGroup.map((c) => ({ frame: c.frame - start, ...c.box })));
      inGroup.forEach((c, k) => {
        tally.total += 1;
        if (((logits[k] as number) >= 0) === c.present) tally.correct += 1;
      });
    } finally {
      images.dispose();
    }
  }
}
