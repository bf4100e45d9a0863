/**
 * Frames between the two forms generation needs: RGB uint8 (HWC, as frame files store them) and
 * video tensors [B, T, H, W, C] in [-1, 1] (as the model takes them). History is always rebuilt
 * from uint8 frames, in an uninterrupted run too, so a resumed job feeds the memory encoder
 * exactly the values the uninterrupted one did.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Frame size in pixels. */
export interface FrameSize {
  width: number;
  height: number;
}

/** uint8 frames -> one clip [1, T, H, W, 3] in [-1, 1]; T may be 0. */
export function framesToClip(frames: readonly Uint8Array[], size: FrameSize): tf.Tensor5D {
  const frameValues = size.width * size.height * 3;
  const values = new Float32Array(frames.length * frameValues);
  frames.forEach((frame, i) => {
    const offset = i * frameValues;
    for (let j = 0; j < frameValues; j++) values[offset + j] = (frame[j] as number) / 127.5 - 1;
  });
  return tf.tensor5d(values, [1, frames.length, size.height, size.width, 3]);
}

/** A clip [1, T, H, W, 3] (or frames [T, H, W, 3]) in [-1, 1] -> T uint8 frames, rounded and clamped. */
export function clipToFrames(clip: tf.Tensor): Uint8Array[] {
  const [height, width] = clip.shape.slice(-3, -1) as [number, number];
  const values = tf.tidy(() => tf.clipByValue(tf.round(tf.mul(tf.add(clip, 1), 127.5)), 0, 255).dataSync());
  const frameValues = width * height * 3;
  return Array.from({ length: values.length / frameValues }, (_, i) => Uint8Array.from(values.subarray(i * frameValues, (i + 1) * frameValues)));
}

/** Resamples uint8 frames to `to` (bilinear); frames already that size are returned as they are. */
export function resizeFrames(frames: readonly Uint8Array[], from: FrameSize, to: FrameSize): Uint8Array[] {
  if (from.width === to.width && from.height === to.height) return [...frames];
  return frames.map((frame) => {
    const resized = tf.tidy(() => {
      const image = tf.tensor3d(frame, [from.height, from.width, 3], 'int32'); // [H, W, 3]
      const scaled = tf.image.resizeBilinear(tf.cast(image, 'float32'), [to.height, to.width], true); // [H', W', 3]
      return tf.sub(tf.div(scaled, 127.5), 1);
    });
    const [out] = clipToFrames(resized);
    resized.dispose();
    return out as Uint8Array;
  });
}

/**
 * Frames at `fromFps` retimed to `toFps` by taking the frame shown at each new frame's time, so a
 * clip keeps its duration and speed (footage imported at the project's rate, for a model of
 * another); the same list when the rates match.
 */
export function retimeFrames<T>(frames: readonly T[], fromFps: number, toFps: number): T[] {
  if (fromFps === toFps || frames.length === 0) return [...frames];
  const count = Math.max(1, Math.round((frames.length * toFps) / fromFps));
  return Array.from({ length: count }, (_, i) => frames[Math.min(frames.length - 1, Math.floor((i * fromFps) / toFps + 1e-9))] as T);
}

/** Frames side by side in one RGB image (a chunk's preview strip). */
export function frameStrip(frames: readonly Uint8Array[], size: FrameSize): { rgb: Uint8Array; width: number; height: number } {
  const width = size.width * frames.length;
  const rgb = new Uint8Array(width * size.height * 3);
  const row = size.width * 3;
  frames.forEach((frame, i) => {
    for (let y = 0; y < size.height; y++) rgb.set(frame.subarray(y * row, (y + 1) * row), (y * width + i * size.width) * 3);
  });
  return { rgb, width, height: size.height };
}
