/**
 * Continuation held against the truth one chunk at a time (teacher forcing): every chunk of a
 * held-out Storyworld storyboard is generated from the TRUE video before it (memory and recent
 * window), never from the model's own frames, so what it measures is whether the generator
 * continues what it is shown, apart from errors compounding over a rollout (storyboard-truth.ts).
 * The baseline is repeating the last true frame, which in a mostly still shot is nearly the
 * answer: a generator below it does not continue the frame it is shown. Finding the shipped one
 * 10 dB below it is what led to the skip connection and window injection (docs/model-quality.md).
 * PSNR is pooled (from the mean squared error over all frames), so a frame equal to the one
 * before it counts as a small error, not as a capped 100 dB that inflates a mean of PSNRs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { StoryworldVideo, type StoryworldOptions } from '../../data/index';
import { modelSampling, sample } from '../../engine/flow/sampler';
import { blockiness } from '../../engine/metrics/blockiness';
import { pooledPsnr } from '../../engine/metrics/psnr';
import { clipToFrames, framesToClip } from '../../jobs/generation/frames';
import type { LoadedModel } from '../../jobs/generation/model-source';
import { chunkSeed } from '../../jobs/generation/seeds';

/** Which storyboard, how much of it, and how it is sampled. */
export interface TeacherForcedRun {
  source: StoryworldOptions;
  /** Generate the chunks of the first this many seconds (after the first chunk, which has no history). */
  seconds: number;
  samplingSteps: number;
  guidance: number;
  /** Noise seed (per chunk as a take derives it). */
  seed: number;
}

/** The comparison over every chunk after the first. */
export interface TeacherForcedComparison {
  chunks: number;
  /** Pooled PSNR of the generated frames against the true ones. */
  psnr: number;
  /** Pooled PSNR of repeating the last true frame before each chunk. */
  lastFramePsnr: number;
  blockiness: number;
  /** Generated and true frames (RGB), for contact sheets. */
  generated: Uint8Array[];
  truth: Uint8Array[];
}

/** Generates each chunk of `run`'s storyboard from the true frames before it and scores it. */
export async function compareTeacherForced(loaded: LoadedModel, run: TeacherForcedRun, signal = new AbortController().signal): Promise<TeacherForcedComparison> {
  const { model, config } = loaded;
  const { width, height, fps } = run.source;
  const { chunkFrames, patch } = config.video;
  const video = new StoryworldVideo(run.source);
  const frameCount = Math.min(video.frameCount, Math.round(run.seconds * fps));
  const truthAll = Array.from({ length: frameCount }, (_, i) => video.renderFrame(i).pixels.slice());
  const maxHistory = Math.round(config.memory.historySeconds * fps);
  const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);
  const generated: Uint8Array[] = [];
  const truth: Uint8Array[] = [];
  const repeated: Uint8Array[] = [];
  for (let start = chunkFrames; start + chunkFrames <= frameCount; start += chunkFrames) {
    signal.throwIfAborted();
    const rowAt = (frame: number) => video.storyboard.find((r) => r.startSec * fps <= frame && frame < r.endSec * fps);
    const row = rowAt(start);
    // As the generation plan says it: the chunk whose caption differs from the last one's and enters by a cut opens a shot.
    const opens = row !== undefined && row !== rowAt(start - chunkFrames) && row.transition === 'cut';
    const history = truthAll.slice(Math.max(0, start - maxHistory), start);
    const clip = framesToClip(history, { width, height });
    const memory = model.encodeMemory(clip, range(0, history.length));
    const windowFrames = Math.min(config.generator.windowFrames, history.length);
    const window = windowFrames === 0 ? null
      : { frames: tf.gather(clip, range(history.length - windowFrames, windowFrames), 1) as tf.Tensor5D, times: [range(history.length - windowFrames, windowFrames)] };
    let frames: Uint8Array[];
    try {
      const out = await sample(model, {
        captions: [row?.text ?? ''], memory, window, targetTimes: [range(history.length, chunkFrames)],
        seeds: [chunkSeed(run.seed, start / chunkFrames)], newShot: [opens],
      }, { steps: run.samplingSteps, guidance: run.guidance, ...modelSampling(config.flow) });
      frames = clipToFrames(out);
      out.dispose();
    } finally {
      tf.dispose([clip, memory.tokens, ...(window === null ? [] : [window.frames])]);
    }
    const last = history[history.length - 1] as Uint8Array;
    frames.forEach((frame, i) => {
      const real = truthAll[start + i] as Uint8Array;
      repeated.push(last);
      generated.push(frame);
      truth.push(real);
    });
  }
  const asFrames = (list: Uint8Array[]) => list.map((data) => ({ width, height, data }));
  return {
    chunks: truth.length / chunkFrames,
    psnr: pooledPsnr(generated, truth),
    lastFramePsnr: pooledPsnr(repeated, truth),
    blockiness: blockiness(asFrames(generated), patch),
    generated,
    truth,
  };
}
