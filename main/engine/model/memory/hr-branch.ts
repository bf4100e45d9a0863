/**
 * The two branches of the PFP memory encoder (paper.md). Both map an edge-padded history
 * [B, T', H', W', C] to one vector per memory box, [B, M, D], in the generator's width D.
 * - LR: the generator's own patch embedding applied to the history average-pooled by the box's
 *   (h, w), then merged over the box's t frames: by their mean (layout and motion at no extra
 *   weights), or by the mean plus a learned map of the t frames side by side ('learned', which
 *   starts at zero so it starts as the mean, and can tell the frames apart).
 * - HR: strided conv3d + SiLU stages on the full-resolution history (a first stage of
 *   (1, q, q) pixels, q the config's hrPatch, 2x merges up to the generator's patch, then 2x
 *   merges until the box size is reached), a temporally causal attention block (a box sees
 *   boxes of its own and earlier times) and a 1x1x1 projection to D: the fine detail,
 *   "residual enhancing vectors" added on top of LR.
 * Every conv here has stride = kernel, so it runs as a PatchConv3d (reshape + 2-D matMul).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MASKED, TransformerBlock } from '../attention';
import { Linear, silu } from '../layers';
import { Module, type ParamScope } from '../params';
import { PatchConv3d } from '../patch-conv';
import { poolSpace, type Box3 } from '../patchify';
import { ropeTables, type Position3, type RopeBases } from '../rope';
import { mergeStages, type MemoryGrid } from './grid';

/** LR branch: [B, T', H', W', C] -> [B, M, D] through the generator's patch embedding (shared, not owned). */
export class LrBranch extends Module {
  private readonly merge: Linear | null;

  constructor(scope: ParamScope, private readonly patchEmbed: PatchConv3d, private readonly boxFrames: number, mode: 'mean' | 'learned') {
    super(scope);
    const d = patchEmbed.outChannels;
    this.merge = mode === 'learned' && boxFrames > 1 ? new Linear(scope.child('merge'), boxFrames * d, d, { init: 'zeros' }) : null;
  }

  apply(padded: tf.Tensor5D, grid: MemoryGrid): tf.Tensor3D {
    return tf.tidy(() => {
      const [b] = padded.shape;
      const { box } = grid;
      const small = poolSpace(padded, box.h, box.w); // [B, T', H'/h, W'/w, C]
      const embedded = this.patchEmbed.apply(small); // [B, T', rows, cols, D]
      const d = this.patchEmbed.outChannels;
      const s = grid.rows * grid.cols;
      const m = grid.frames * s;
      const groups = tf.reshape(embedded, [b * grid.frames, this.boxFrames, s, d]); // [B*frames, t, S, D]
      const mean = tf.reshape(tf.mean(groups, 1), [b, m, d]); // [B, M, D]
      if (this.merge === null) return mean as tf.Tensor3D;
      const sideBySide = tf.reshape(tf.transpose(groups, [0, 2, 1, 3]), [b, m, this.boxFrames * d]); // [B, M, t*D]
      return tf.add(mean, this.merge.apply(sideBySide)) as tf.Tensor3D; // [B, M, D]
    });
  }
}

/** Settings of the HR branch. */
export interface HrBranchSetup {
  patch: number;
  /** Pixels per side of the first stage; divides `patch` by a power of 2. */
  firstPatch: number;
  channels: number;
  box: { t: number; h: number; w: number };
  hrChannels: readonly number[];
  heads: number;
  modelWidth: number;
  rope: RopeBases;
}

/** HR branch: conv stages, causal attention, projection to D. */
export class HrBranch extends Module {
  private readonly stages: PatchConv3d[];
  private readonly block: TransformerBlock;
  private readonly proj: Linear;
  private readonly width: number;

  constructor(scope: ParamScope, private readonly setup: HrBranchSetup) {
    super(scope);
    const { patch, firstPatch, channels, box, hrChannels, heads, modelWidth } = setup;
    const kernels: Box3[] = [[1, firstPatch, firstPatch], ...mergeStages({ t: 1, h: patch / firstPatch, w: patch / firstPatch }), ...mergeStages(box)];
    const widthOf = (i: number): number => hrChannels[Math.min(i, hrChannels.length - 1)] as number;
    const stageScope = scope.child('stages');
    this.stages = kernels.map((kernel, i) => new PatchConv3d(stageScope.child(String(i)), kernel, i === 0 ? channels : widthOf(i - 1), widthOf(i)));
    this.width = widthOf(kernels.length - 1);
    this.block = new TransformerBlock(scope.child('block'), this.width, heads, 2);
    this.proj = new Linear(scope.child('proj'), this.width, modelWidth);
  }

  /** [B, T', H', W', C] -> [B, M, D]; `positions` are the M memory positions. */
  apply(padded: tf.Tensor5D, grid: MemoryGrid, positions: readonly Position3[]): tf.Tensor3D {
    return tf.tidy(() => {
      const [b] = padded.shape;
      let h = padded;
      for (const stage of this.stages) h = silu(stage.apply(h)) as tf.Tensor5D; // [B, frames', rows', cols', c]
      const m = positions.length;
      const tokens = tf.reshape(h, [b, m, this.width]) as tf.Tensor3D; // [B, M, c]
      const rope = ropeTables(Array.from({ length: b }, () => positions), this.width / this.setup.heads, this.setup.rope);
      const causal = new Float32Array(m * m);
      positions.forEach((query, i) => positions.forEach((key, j) => {
        if (key[0] > query[0]) causal[i * m + j] = MASKED;
      }));
      const bias = tf.tensor4d(causal, [1, 1, m, m]);
      return this.proj.apply(this.block.apply(tokens, { rope, bias })) as tf.Tensor3D; // [B, M, D]
    });
  }
}
