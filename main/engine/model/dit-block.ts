/**
 * DiT building blocks (facebookresearch/DiT's design, written for tfjs): the AdaLN-zero block,
 * the timestep embedding and the final layer. Modulation comes from one conditioning vector c
 * [B, D] (timestep embedding + pooled caption); its projections start at zero, so every block
 * starts as the identity and the final layer outputs 0 (DiT's "zero" initialisation). With clean
 * context, the leading context tokens are modulated by c at t = 0 instead, the rest by c at t.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Attention, type AttentionContext } from './attention';
import { Linear, Mlp, normalize, silu } from './layers';
import { Module, type ParamScope } from './params';

/** normalize(x) * (1 + scale) + shift with scale, shift [B, 1, D] (or per token, [B, N, D]). */
function modulate(x: tf.Tensor3D, shift: tf.Tensor, scale: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => tf.add(tf.mul(normalize(x), tf.add(scale, 1)), shift) as tf.Tensor3D);
}

/** What modulates a block: silu(c) of the targets' t, and optionally of t = 0 for leading clean context tokens. */
export interface BlockConditioning {
  /** silu(c) at the targets' flow time, [B, D]. */
  target: tf.Tensor2D;
  /**
   * silu(c) at t = 0 [B, D] and the token mask [1, N, 1] (0 on context tokens, 1 on targets);
   * null: every token gets the targets' modulation.
   */
  context: { conditioning: tf.Tensor2D; targetMask: tf.Tensor3D } | null;
}

/**
 * The `parts` modulation vectors of `linear` for every token: [B, 1, D] each when all tokens
 * share them, else [B, N, D] with the context rows' values on context tokens.
 */
export function tokenModulation(linear: Linear, conditioning: BlockConditioning, parts: number): tf.Tensor[] {
  const [b] = conditioning.target.shape;
  const width = linear.outFeatures / parts;
  const target = linear.applySplit(conditioning.target, parts).map((m) => tf.reshape(m, [b, 1, width])); // parts x [B, 1, D']
  if (conditioning.context === null) return target;
  const { targetMask } = conditioning.context;
  const context = linear.applySplit(conditioning.context.conditioning, parts).map((m) => tf.reshape(m, [b, 1, width]));
  // context + mask * (target - context): context values on context tokens, target values on targets.
  return target.map((t, i) => tf.add(context[i] as tf.Tensor, tf.mul(targetMask, tf.sub(t, context[i] as tf.Tensor)))); // parts x [B, N, D']
}

/** Attention + MLP with adaptive LayerNorm and zero-initialised residual gates. */
export class DitBlock extends Module {
  private readonly attn: Attention;
  private readonly mlp: Mlp;
  private readonly modulation: Linear;

  constructor(scope: ParamScope, readonly width: number, heads: number, mlpRatio: number) {
    super(scope);
    this.attn = new Attention(scope.child('attn'), width, heads);
    this.mlp = new Mlp(scope.child('mlp'), width, width * mlpRatio);
    this.modulation = new Linear(scope.child('modulation'), width, 6 * width, { init: 'zeros' });
  }

  /** x [B, N, D] and its modulation -> [B, N, D]. */
  apply(x: tf.Tensor3D, conditioning: BlockConditioning, context: AttentionContext): tf.Tensor3D {
    return tf.tidy(() => {
      const [shiftA, scaleA, gateA, shiftM, scaleM, gateM] = tokenModulation(this.modulation, conditioning, 6) as [
        tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]; // 6 x [B, 1 or N, D]
      const attended = this.attn.apply(modulate(x, shiftA, scaleA), context);
      const h = tf.add(x, tf.mul(gateA, attended)) as tf.Tensor3D;
      const mixed = this.mlp.apply(modulate(h, shiftM, scaleM));
      return tf.add(h, tf.mul(gateM, mixed)) as tf.Tensor3D;
    });
  }
}

/** Sinusoidal embedding of t in [0, 1] (scaled by 1000 as in DiT) followed by an MLP: [B] -> [B, D]. */
export class TimestepEmbedder extends Module {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(scope: ParamScope, readonly width: number) {
    super(scope);
    this.fc1 = new Linear(scope.child('fc1'), width, width, { init: { std: 0.02 } });
    this.fc2 = new Linear(scope.child('fc2'), width, width, { init: { std: 0.02 } });
  }

  /** t [B] -> [B, D]. */
  apply(t: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const half = this.width / 2;
      const freqs = tf.exp(tf.mul(tf.range(0, half), -Math.log(10000) / half)); // [D/2]
      const args = tf.mul(tf.reshape(tf.mul(t, 1000), [-1, 1]), tf.reshape(freqs, [1, half])); // [B, D/2]
      const sinusoid = tf.concat([tf.cos(args), tf.sin(args)], 1); // [B, D]
      return this.fc2.apply(silu(this.fc1.apply(sinusoid))) as tf.Tensor2D;
    });
  }
}

/** Adaptive LayerNorm then a linear map to patch values; both start at zero. */
export class FinalLayer extends Module {
  private readonly modulation: Linear;
  private readonly linear: Linear;

  constructor(scope: ParamScope, width: number, outFeatures: number) {
    super(scope);
    this.modulation = new Linear(scope.child('modulation'), width, 2 * width, { init: 'zeros' });
    this.linear = new Linear(scope.child('linear'), width, outFeatures, { init: 'zeros' });
  }

  /** Target tokens x [B, N, D], their silu(c) [B, D] -> [B, N, outFeatures]. */
  apply(x: tf.Tensor3D, conditioning: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [shift, scale] = tokenModulation(this.modulation, { target: conditioning, context: null }, 2) as [tf.Tensor, tf.Tensor]; // 2 x [B, 1, D]
      return this.linear.apply(modulate(x, shift, scale)) as tf.Tensor3D;
    });
  }
}
