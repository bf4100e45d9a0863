/**
 * Labelled examples for the judge and its verdicts on frames, in the engine's terms: frames are
 * RGB uint8 [H, W, 3] with class ids already resolved (the app side maps its names to ids with
 * the judge config's class lists). Frames go through tfjs in groups, so a long video is judged
 * in bounded memory.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PixelBox } from '../metrics/psnr';
import { ModelError } from '../model/errors';
import { CHARACTER_HEADS, JUDGE_HEADS, type CharacterHead, type JudgeHead } from './config';
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
  characters: LabelledCharacter[];
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
  characters: Record<CharacterHead, number>[];
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

/** The judge's verdicts on `frames` (every frame's place) and on each queried character box. */
export function judgeFrames(judge: AttributeJudge, frames: readonly Uint8Array[], width: number, height: number, queries: readonly CharacterQuery[] = []): Verdicts {
  const verdicts: Verdicts = { places: [], characters: [] };
  for (let start = 0; start < frames.length; start += GROUP) {
    const group = frames.slice(start, start + GROUP);
    const inGroup = queries.filter((q) => q.frame >= start && q.frame < start + group.length);
    const images = framesTensor(group, width, height);
    try {
      const placeLogits = judge.placeLogits(images);
      verdicts.places.push(...argMaxRows(placeLogits));
      placeLogits.dispose();
      if (inGroup.length === 0) continue;
      const boxes: CropBox[] = inGroup.map((q) => ({ frame: q.frame - start, ...q.box }));
      const crops = judge.crop(images, boxes);
      const logits = judge.characterLogits(crops);
      crops.dispose();
      const ids = Object.fromEntries(CHARACTER_HEADS.map((head) => [head, argMaxRows(logits[head])]));
      tf.dispose(Object.values(logits));
      inGroup.forEach((_, k) => verdicts.characters.push(Object.fromEntries(CHARACTER_HEADS.map((head) => [head, ids[head]?.[k] as number])) as Record<CharacterHead, number>));
    } finally {
      images.dispose();
    }
  }
  return verdicts;
}

/** Accuracy of each head on a labelled set (every frame's place, every character's attributes). */
export function judgeAccuracy(judge: AttributeJudge, set: JudgeSet): Record<JudgeHead, HeadScore> {
  const queries = set.frames.flatMap((frame, i) => frame.characters.map((c) => ({ frame: i, box: c.box })));
  const verdicts = judgeFrames(judge, set.frames.map((f) => f.pixels), set.width, set.height, queries);
  const counts = Object.fromEntries(JUDGE_HEADS.map((head) => [head, { correct: 0, total: 0 }])) as Record<JudgeHead, { correct: number; total: number }>;
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
  return Object.fromEntries(JUDGE_HEADS.map((head) => {
    const { correct, total } = counts[head];
    return [head, { correct, total, accuracy: total === 0 ? 0 : correct / total }];
  })) as Record<JudgeHead, HeadScore>;
}
