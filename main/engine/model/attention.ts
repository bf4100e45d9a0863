/**
 * Multi-head self-attention and the plain pre-LayerNorm transformer block (text encoder, memory
 * encoder). Heads are folded into the batch, [B*heads, N, dh], so the two products are single
 * batched tf.matMul calls (the wasm kernel overrides turn those into fast 2-D products). Softmax
 * runs in float32 and every tfjs Softmax kernel subtracts the row maximum first, so large logits
 * do not overflow. Masks are additive biases broadcast to [B, heads, N, N].
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertShape, requireConfig } from './errors';
import { LayerNorm, Linear, Mlp } from './layers';
import { Module, type ParamScope } from './params';
import { applyRope, type RopeTables } from './rope';

/** A large negative bias: masked keys get probability exp(-1e9) = 0 without producing NaN. */
export const MASKED = -1e9;

/** Optional rotary tables ([B, 1, N, dh]) and additive bias (broadcastable to [B, heads, N, N]). */
export interface AttentionContext {
  rope?: RopeTables;
  bias?: tf.Tensor4D;
}

/** Self-attention over [B, N, width] with `heads` heads. */
export class Attention extends Module {
  private readonly qkv: Linear;
  private readonly out: Linear;
  readonly headDim: number;

  constructor(scope: ParamScope, readonly width: number, readonly heads: number) {
    super(scope);
    requireConfig(width % heads === 0, `attention width ${width} is not divisible by ${heads} heads`);
    this.headDim = width / heads;
    this.qkv = new Linear(scope.child('qkv'), width, 3 * width);
    this.out = new Linear(scope.child('out'), width, width);
  }

  /** [B, N, width] -> [B, N, width]. */
  apply(x: tf.Tensor3D, context: AttentionContext = {}): tf.Tensor3D {
    const [batch, tokens] = assertShape(x, [null, null, this.width], 'attention input') as [number, number, number];
    const { heads, headDim } = this;
    return tf.tidy(() => {
      const toHeads = (t: tf.Tensor): tf.Tensor3D => {
        const split = tf.reshape(t, [batch, tokens, heads, headDim]); // [B, N, heads, dh]
        return tf.reshape(tf.transpose(split, [0, 2, 1, 3]), [batch * heads, tokens, headDim]); // [B*heads, N, dh]
      };
      const [qFlat, kFlat, vFlat] = this.qkv.applySplit(x, 3) as [tf.Tensor, tf.Tensor, tf.Tensor]; // 3 x [B, N, width]
      let q = toHeads(tf.mul(qFlat, 1 / Math.sqrt(headDim)));
      let k = toHeads(kFlat);
      const v = toHeads(vFlat);
      if (context.rope !== undefined) {
        q = applyRope(q, context.rope);
        k = applyRope(k, context.rope);
      }
      let scores: tf.Tensor = tf.matMul(q, k, false, true); // [B*heads, N, N]
      if (context.bias !== undefined) {
        const biased = tf.add(tf.reshape(scores, [batch, heads, tokens, tokens]), context.bias); // [B, heads, N, N]
        scores = tf.reshape(biased, [batch * heads, tokens, tokens]); // [B*heads, N, N]
      }
      const mixed = tf.matMul(tf.softmax(scores), v); // [B*heads, N, dh]
      const merged = tf.transpose(tf.reshape(mixed, [batch, heads, tokens, headDim]), [0, 2, 1, 3]); // [B, N, heads, dh]
      return this.out.apply(tf.reshape(merged, [batch, tokens, this.width])) as tf.Tensor3D; // [B, N, width]
    });
  }
}

/** Pre-LayerNorm transformer block: x + attn(LN(x)), then x + mlp(LN(x)). */
export class TransformerBlock extends Module {
  private readonly norm1: LayerNorm;
  private readonly attn: Attention;
  private readonly norm2: LayerNorm;
  private readonly mlp: Mlp;

  constructor(scope: ParamScope, width: number, heads: number, mlpRatio: number) {
    super(scope);
    this.norm1 = new LayerNorm(scope.child('norm1'), width);
    this.attn = new Attention(scope.child('attn'), width, heads);
    this.norm2 = new LayerNorm(scope.child('norm2'), width);
    this.mlp = new Mlp(scope.child('mlp'), width, width * mlpRatio);
  }

  /** [B, N, width] -> [B, N, width]. */
  apply(x: tf.Tensor3D, context: AttentionContext = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const h = tf.add(x, this.attn.apply(this.norm1.apply(x) as tf.Tensor3D, context));
      return tf.add(h, this.mlp.apply(this.norm2.apply(h))) as tf.Tensor3D;
    });
  }
}
