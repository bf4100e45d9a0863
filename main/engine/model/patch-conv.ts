/**
 * A conv3d whose stride equals its kernel, computed as spaceToDepth3d + one 2-D matMul: the
 * fast path on wasm (engine.md: stride = kernel convolutions as reshape + matMul run at about
 * 32 GFLOP/s where stock conv3d runs at 0.5-0.9). Weight [kt*kh*kw*Cin, Cout] is a tf.conv3d
 * filter [kt, kh, kw, Cin, Cout] flattened. Layout: [B, T, H, W, C] -> [B, T/kt, H/kh, W/kw, Cout].
 */
import * as tf from '@tensorflow/tfjs-core';
import { Linear, type LinearOptions } from './layers';
import { Module, type ParamScope } from './params';
import { spaceToDepth3d, type Box3 } from './patchify';

/** Non-overlapping 3-D convolution (patch embedding, patch merging). */
export class PatchConv3d extends Module {
  private readonly linear: Linear;

  constructor(scope: ParamScope, readonly kernel: Box3, readonly inChannels: number, readonly outChannels: number, options: LinearOptions = {}) {
    super(scope);
    this.linear = new Linear(scope, kernel[0] * kernel[1] * kernel[2] * inChannels, outChannels, options);
  }

  /** The weight [kt*kh*kw*Cin, Cout]; reshaped to [kt, kh, kw, Cin, Cout] it is a tf.conv3d filter. */
  get weight(): tf.Variable {
    return this.linear.weight;
  }

  /** [B, T, H, W, Cin] -> [B, T/kt, H/kh, W/kw, Cout]. */
  apply(x: tf.Tensor5D): tf.Tensor5D {
    return tf.tidy(() => this.linear.apply(spaceToDepth3d(x, this.kernel)) as tf.Tensor5D);
  }
}
