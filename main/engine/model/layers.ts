/**
 * Basic layers: Linear, LayerNorm, SiLU and the MLP. Linear layers flatten their input to 2-D and
 * use one tf.matMul: on wasm a 2-D product without transposes is the fast path (about 40 GFLOP/s
 * against 1-3 for batched products; engine.md), so no layer here uses a batched product.
 * Layout: features are always the last axis.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from './errors';
import { Module, type Initializer, type ParamScope } from './params';

/** How a Linear layer's weight starts: Glorot-uniform (default), zeros, the identity (in = out), or normal(0, std). */
export type LinearInit = 'xavier' | 'zeros' | 'identity' | { std: number };

/** Options of a Linear layer. */
export interface LinearOptions {
  bias?: boolean;
  init?: LinearInit;
}

/** y = x W + b over the last axis; weight is [in, out]. */
export class Linear extends Module {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(scope: ParamScope, readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super(scope);
    const init = options.init ?? 'xavier';
    const weightInit: Initializer =
      init === 'xavier' ? { kind: 'xavier', fanIn: inFeatures, fanOut: outFeatures }
        : init === 'zeros' ? { kind: 'zeros' } : init === 'identity' ? { kind: 'identity' }
          : { kind: 'normal', std: init.std };
    this.weight = scope.variable('weight', [inFeatures, outFeatures], weightInit);
    this.bias = options.bias === false ? null : scope.variable('bias', [outFeatures], { kind: 'zeros' });
  }

  /** [..., in] -> [..., out]. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.product(x, this.weight, this.bias));
  }

  /**
   * [..., in] -> `parts` tensors [..., out/parts], one per column group of the weight (q, k, v
   * of one qkv layer). Splitting the small weight instead of the large output avoids wasm's
   * Slice kernel, which copies its whole input and ran at a few M elements/s.
   */
  applySplit(x: tf.Tensor, parts: number): tf.Tensor[] {
    return tf.tidy(() => {
      const weights = tf.split(this.weight, parts, 1); // parts x [in, out/parts]
      const biases = this.bias === null ? null : tf.split(this.bias, parts, 0); // parts x [out/parts]
      return weights.map((weight, i) => this.product(x, weight, biases?.[i] ?? null));
    });
  }

  private product(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
    const shape = x.shape;
    assertShape(x, [...shape.slice(0, -1).map(() => null), this.inFeatures], `Linear(${this.inFeatures}->${this.outFeatures}) input`);
    const out = weight.shape[1] as number;
    const flat = tf.reshape(x, [x.size / this.inFeatures, this.inFeatures]); // [rows, in]
    const product = tf.matMul(flat, weight); // [rows, out]
    const y = bias === null ? product : tf.add(product, bias);
    return tf.reshape(y, [...shape.slice(0, -1), out]); // [..., out]
  }
}

/** x * sigmoid(x). */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** Normalises the last axis to zero mean and unit variance (no affine part). */
export function normalize(x: tf.Tensor, eps = 1e-6): tf.Tensor {
  return tf.tidy(() => {
    const centred = tf.sub(x, tf.mean(x, -1, true));
    const variance = tf.mean(tf.square(centred), -1, true);
    return tf.mul(centred, tf.rsqrt(tf.add(variance, eps)));
  });
}

/** LayerNorm over the last axis with a learned scale and offset. */
export class LayerNorm extends Module {
  private readonly weight: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(scope: ParamScope, readonly features: number) {
    super(scope);
    this.weight = scope.variable('weight', [features], { kind: 'ones' });
    this.bias = scope.variable('bias', [features], { kind: 'zeros' });
  }

  /** [..., features] -> [..., features]. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(normalize(x), this.weight), this.bias));
  }
}

/** Two Linear layers with SiLU between: width -> hidden -> width. */
export class Mlp extends Module {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(scope: ParamScope, width: number, hidden: number) {
    super(scope);
    this.fc1 = new Linear(scope.child('fc1'), width, hidden);
    this.fc2 = new Linear(scope.child('fc2'), hidden, width);
  }

  /** [..., width] -> [..., width]. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.apply(silu(this.fc1.apply(x))));
  }
}
