/**
 * Caption encoder: token + position embeddings, a few pre-LN transformer blocks over the text,
 * and projections to the generator's width (per-token, for joint attention, and a pooled vector
 * that modulates every block with the timestep). A learned null caption stands in for dropped
 * captions in training and for the unconditional pass of classifier-free guidance.
 * Token embedding is one-hot [B*L, V] times [V, width]: a 2-D matMul whose gradient is another
 * matMul, where a gather's gradient would need scatter kernels the wasm backend lacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MASKED, TransformerBlock } from './attention';
import type { TextConfig } from './config';
import { assertShape, ModelError } from './errors';
import { LayerNorm, Linear } from './layers';
import { Module, type ParamScope } from './params';

/** An encoded batch of captions, in the generator's width D. */
export interface CaptionEncoding {
  /** [B, L, D] */
  tokens: tf.Tensor3D;
  /** [B, L]: 0 for real tokens, MASKED for padding; added to attention scores of these keys. */
  bias: tf.Tensor2D;
  /** [B, D] */
  pooled: tf.Tensor2D;
}

/** Disposes the tensors of a caption encoding. */
export function disposeCaption(caption: CaptionEncoding): void {
  tf.dispose([caption.tokens, caption.bias, caption.pooled]);
}

/** Text transformer producing CaptionEncoding; `modelWidth` is the generator's width D. */
export class CaptionEncoder extends Module {
  private readonly tokenEmbedding: tf.Variable;
  private readonly positionEmbedding: tf.Variable;
  private readonly blocks: TransformerBlock[];
  private readonly norm: LayerNorm;
  private readonly tokenProj: Linear;
  private readonly pooledProj: Linear;
  private readonly nullTokens: tf.Variable;
  private readonly nullPooled: tf.Variable;

  constructor(scope: ParamScope, readonly config: TextConfig, readonly modelWidth: number) {
    super(scope);
    const { vocab, maxLength, width, depth, heads } = config;
    this.tokenEmbedding = scope.variable('tokenEmbedding', [vocab.length, width], { kind: 'normal', std: 0.02 });
    this.positionEmbedding = scope.variable('positionEmbedding', [maxLength, width], { kind: 'normal', std: 0.02 });
    const blockScope = scope.child('blocks');
    this.blocks = Array.from({ length: depth }, (_, i) => new TransformerBlock(blockScope.child(String(i)), width, heads, 4));
    this.norm = new LayerNorm(scope.child('norm'), width);
    this.tokenProj = new Linear(scope.child('tokenProj'), width, modelWidth);
    this.pooledProj = new Linear(scope.child('pooledProj'), width, modelWidth);
    this.nullTokens = scope.variable('nullTokens', [maxLength, modelWidth], { kind: 'normal', std: 0.02 });
    this.nullPooled = scope.variable('nullPooled', [modelWidth], { kind: 'normal', std: 0.02 });
  }

  /**
   * Encodes ids [B, L] (int32, 0 = padding). Where `keep[i]` is false, sample i gets the null
   * caption instead (caption dropout; the unconditional guidance pass).
   */
  encode(ids: tf.Tensor2D, keep?: readonly boolean[]): CaptionEncoding {
    const { maxLength: length, width, vocab } = this.config;
    const [batch] = assertShape(ids, [null, length], 'caption ids') as [number];
    if (keep !== undefined && keep.length !== batch) {
      throw new ModelError('invalid_input', `caption keep flags: expected ${batch}, got ${keep.length}`);
    }
    const [tokens, bias, pooled] = tf.tidy(() => {
      const mask = tf.cast(tf.notEqual(ids, 0), 'float32'); // [B, L]
      const oneHot = tf.oneHot(tf.reshape(ids, [batch * length]), vocab.length); // [B*L, V]
      const embedded = tf.reshape(tf.matMul(tf.cast(oneHot, 'float32'), this.tokenEmbedding), [batch, length, width]); // [B, L, Dt]
      let h = tf.add(embedded, this.positionEmbedding) as tf.Tensor3D;
      const keyBias = tf.reshape(tf.mul(tf.sub(1, mask), MASKED), [batch, 1, 1, length]) as tf.Tensor4D; // [B, 1, 1, L]
      for (const block of this.blocks) h = block.apply(h, { bias: keyBias });
      h = this.norm.apply(h) as tf.Tensor3D;
      const maskCol = tf.expandDims(mask, 2); // [B, L, 1]
      const mean = tf.div(tf.sum(tf.mul(h, maskCol), 1), tf.maximum(tf.sum(maskCol, 1), 1)); // [B, Dt]
      const encoded: CaptionEncoding = {
        tokens: this.tokenProj.apply(h) as tf.Tensor3D,
        bias: tf.mul(tf.sub(1, mask), MASKED) as tf.Tensor2D,
        pooled: this.pooledProj.apply(mean) as tf.Tensor2D,
      };
      const out = keep === undefined ? encoded : this.mixWithNull(encoded, keep);
      return [out.tokens, out.bias, out.pooled];
    });
    return { tokens, bias, pooled } as CaptionEncoding;
  }

  /** The null caption for `batch` samples. */
  encodeNull(batch: number): CaptionEncoding {
    const { maxLength: length } = this.config;
    const [tokens, bias, pooled] = tf.tidy(() => [
      tf.tile(tf.expandDims(this.nullTokens, 0), [batch, 1, 1]), // [B, L, D]
      tf.zeros([batch, length]),
      tf.tile(tf.expandDims(this.nullPooled, 0), [batch, 1]), // [B, D]
    ]);
    return { tokens, bias, pooled } as CaptionEncoding;
  }

  /** Per sample: the encoded caption where keep, else the null caption (arithmetic select, so gradients reach both). */
  private mixWithNull(encoded: CaptionEncoding, keep: readonly boolean[]): CaptionEncoding {
    const batch = keep.length;
    const nul = this.encodeNull(batch);
    const k = tf.tensor1d(keep.map((x) => (x ? 1 : 0)));
    const mix = <T extends tf.Tensor>(a: T, b: T): T => {
      const kb = tf.reshape(k, [batch, ...a.shape.slice(1).map(() => 1)]); // [B, 1, ...]
      return tf.add(tf.mul(a, kb), tf.mul(b, tf.sub(1, kb))) as T;
    };
    return { tokens: mix(encoded.tokens, nul.tokens), bias: mix(encoded.bias, nul.bias), pooled: mix(encoded.pooled, nul.pooled) };
  }
}
