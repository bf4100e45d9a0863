/**
 * The retrieval task at inference (paper.md, stage 1): given phi(H), reconstruct frame f of H as
 * G's x0 prediction at t = 1 in one step, conditioned on the memory, f's own time index and the
 * caption it was made with (no recent-frame window: only the memory may help). engine.md found
 * one step both the best reconstruction and the cheapest. The noise is seeded per (take, frame),
 * so the same question always gets the same answer. A probe encodes H once and answers many.
 */
import * as tf from '@tensorflow/tfjs-core';
import { modelSampling, sample } from '../../engine/flow/sampler';
import { framesFromTensor, type RgbFrame } from '../../engine/metrics/frame';
import type { MemoryEncoding } from '../../engine/model/memory/encoder';
import { clipToFrames, framesToClip } from '../generation/frames';
import { captionOfFrame, type TakeHistory } from '../generation/history';
import type { LoadedModel } from '../generation/model-source';
import { retrievalSeed } from '../generation/seeds';

/** One retrieved frame: on the 0..255 scale unrounded (for metrics) and as uint8 (for images). */
export interface Retrieved {
  frame: number;
  exact: RgbFrame;
  rgb: Uint8Array;
}

/** phi(H) of one take, ready to answer retrieval questions. Dispose it when done. */
export class MemoryProbe {
  private readonly memory: MemoryEncoding;

  constructor(private readonly loaded: LoadedModel, private readonly history: TakeHistory, private readonly takeSeed: number) {
    const clip = framesToClip(history.frames, history.size);
    try {
      this.memory = loaded.model.encodeMemory(clip, history.frames.map((_, i) => i));
    } finally {
      clip.dispose();
    }
  }

  /** Memory tokens phi(H) holds. */
  get tokens(): number {
    return this.memory.positions.length;
  }

  /** Retrieves history frames (indices into H), in one batch. */
  async retrieve(frames: readonly number[]): Promise<Retrieved[]> {
    const batch = frames.length;
    const tokens = tf.tidy(() => tf.tile(this.memory.tokens, [batch, 1, 1]) as tf.Tensor3D); // [B, M, D]
    let output: tf.Tensor5D;
    try {
      output = await sample(this.loaded.model, {
        captions: frames.map((f) => captionOfFrame(this.history, f)),
        memory: { tokens, positions: this.memory.positions },
        window: null,
        targetTimes: frames.map((f) => [f]),
        seeds: frames.map((f) => retrievalSeed(this.takeSeed, f)),
        newShot: frames.map(() => false), // a frame of the history is inside its shot
      }, { steps: 1, guidance: 1, ...modelSampling(this.loaded.config.flow) });
    } finally {
      tokens.dispose();
    }
    try {
      const exact = framesFromTensor(output);
      const rgb = clipToFrames(output);
      return frames.map((frame, i) => ({ frame, exact: exact[i] as RgbFrame, rgb: rgb[i] as Uint8Array }));
    } finally {
      output.dispose();
    }
  }

  dispose(): void {
    this.memory.tokens.dispose();
  }
}
