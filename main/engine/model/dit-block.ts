/**
 * DiT building blocks (facebookresearch/DiT's design, written for tfjs): the AdaLN-zero block,
 * the timestep embedding and the final layer. Modulation comes from one conditioning vector c
 * [B, D] (timestep embedding + pooled caption); its projections start at zero, so every block
 * starts as the identity and the final layer outputs 0 (DiT's "zero" initialisation).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Attention, type AttentionContext } from './attention';
import { Linear, Mlp, normalize, silu } from './layers';
import { Module, type ParamScope } from './params';

/** normalize(x) * (1 + scale) + shift with scale, shift [B, D] broadcast over tokens. */
function modulate(x: tf.Tensor3D, shift: tf.Tensor, scale: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, , d] = x.shape;
    const s = tf.reshape(scale, [b, 1, d]); // [B, 1, D]
    const m = tf.reshape(shift, [b, 1, d]); // [B, 1, D]
    return tf.add(tf.mul(normalize(x), tf.add(s, 1)), m) as tf.Tensor3D;
  });
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

  /** x [B, N, D], activated conditioning silu(c) [B, D] -> [B, N, D]. */
  apply(x: tf.Tensor3D, conditioning: tf.Tensor2D, context: AttentionContext): tf.Tensor3D {
    return tf.tidy(() => {
      const [b, , d] = x.shape;
      const [shiftA, scaleA, gateA, shiftM, scaleM, gateM] = this.modulation.applySplit(conditioning, 6); // 6 x [B, D]
      const gate = (g: tf.Tensor | undefined): tf.Tensor => tf.reshape(g as tf.Tensor, [b, 1, d]); // [B, 1, D]
      const attended = this.attn.apply(modulate(x, shiftA as tf.Tensor, scaleA as tf.Tensor), context);
      const h = tf.add(x, tf.mul(gate(gateA), attended)) as tf.Tensor3D;
      const mixed = this.mlp.apply(modulate(h, shiftM as tf.Tensor, scaleM as tf.Tensor));
      return tf.add(h, tf.mul(gate(gateM), mixed)) as tf.Tensor3D;
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

  /** x [B, N, D], silu(c) [B, D] -> [B, N, outFeatures]. */
  apply(x: tf.Tensor3D, conditioning: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [shift, scale] = this.modulation.applySplit(conditioning, 2); // 2 x [B, D]
      return this.linear.apply(modulate(x, shift as tf.Tensor, scale as tf.Tensor)) as tf.Tensor3D;
    });
  }
}
