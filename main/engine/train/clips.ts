/**
 * How training data reaches the loop. The loop knows no files or datasets: it pulls clips from a
 * ClipSource (the job runner adapts main/data's ClipSampler to it) and saves the source's cursor
 * with each checkpoint, so a resumed run draws exactly the clips the uninterrupted one would.
 * Layout: clip frames are RGB uint8 [T, H, W, 3]; tensors are [B, T, H, W, 3] in [-1, 1].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../model/config';
import type { PixelBox } from '../metrics/psnr';
import { TrainError } from './errors';

/** One clip of consecutive frames. */
export interface TrainingClip {
  /**
   * The video the clip was cut from, unique across datasets; evaluations pool their scores per
   * video and resample videos for intervals. Absent: the clip counts as a video of its own.
   */
  videoKey?: string;
  width: number;
  height: number;
  frameCount: number;
  /** RGB bytes [T, H, W, 3]. */
  frames: Uint8Array;
  /** The caption active at each frame ('' where there is none). */
  captions: string[];
  /** Per frame: the active caption opens a shot (a storyboard's 'cut' caption); absent: none does. */
  shotOpening?: boolean[];
  /** Per frame: a shot begins here (a hard cut, or the video's first frame); absent: none does. */
  shotStart?: boolean[];
  /** Ground-truth boxes of the characters in each frame, where the data has them (Storyworld). */
  boxes?: PixelBox[][];
}

/** An endless stream of training clips of one length. */
export interface ClipSource {
  next(): TrainingClip;
  /** Plain-JSON position of the stream, saved with checkpoints. */
  cursor(): unknown;
  close(): void;
}

/** Opens the training stream, at its start or at a saved cursor. */
export type ClipSourceFactory = (cursor: unknown) => ClipSource;

/** Throws an 'invalid_data' TrainError unless the clip has the model's frame size and `frames` frames. */
export function checkClip(clip: TrainingClip, model: ModelConfig, frames: number): void {
  const { width, height } = model.video;
  const ok = clip.width === width && clip.height === height && clip.frameCount === frames
    && clip.frames.length === frames * width * height * 3 && clip.captions.length === frames;
  if (!ok) {
    throw new TrainError('invalid_data', `a training clip is ${clip.width}x${clip.height} with ${clip.frameCount} frames; `
      + `the model needs ${width}x${height} with ${frames} frames (and one caption per frame)`);
  }
}

/** Clips [T, H, W, 3] uint8 -> [B, T, H, W, 3] float32 in [-1, 1]. */
export function clipsTensor(clips: readonly TrainingClip[]): tf.Tensor5D {
  const first = clips[0];
  if (!first) throw new TrainError('invalid_data', 'a batch needs at least one clip');
  const size = first.frames.length;
  const data = new Float32Array(clips.length * size);
  clips.forEach((clip, b) => {
    const offset = b * size;
    for (let i = 0; i < size; i++) data[offset + i] = (clip.frames[i] as number) / 127.5 - 1;
  });
  return tf.tensor5d(data, [clips.length, first.frameCount, first.height, first.width, 3]);
}
