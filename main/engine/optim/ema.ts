/**
 * Exponential moving average of the weights, `shadow <- decay * shadow + (1 - decay) * param`,
 * the weights a trained model usually ships with. Shadows are named `ema.NAME` in checkpoints.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptimError } from './errors';
import { SlotSet } from './slots';

/** EMA of a model's named parameters; shadows start as copies of the parameters. */
export class Ema {
  private readonly shadows: SlotSet;

  constructor(private readonly params: ReadonlyMap<string, tf.Variable>, readonly decay: number) {
    if (!(decay >= 0 && decay < 1)) throw new OptimError('invalid_option', `EMA decay must be in [0, 1), got ${decay}`);
    this.shadows = new SlotSet('ema.', params, (p) => tf.clone(p));
  }

  /**
   * Moves every shadow toward its parameter; call after each optimizer step. `decay` overrides
   * the constructor's for this update (a training loop ramps it up early in a run).
   */
  update(decay = this.decay): void {
    if (!(decay >= 0 && decay < 1)) throw new OptimError('invalid_option', `EMA decay must be in [0, 1), got ${decay}`);
    tf.tidy(() => {
      for (const [name, param] of this.params) {
        const shadow = this.shadows.get(name);
        shadow.assign(tf.add(tf.mul(shadow, decay), tf.mul(param, 1 - decay)));
      }
    });
  }

  /** The averaged weights by parameter name, e.g. to save as model.safetensors (live: do not dispose). */
  weights(): ReadonlyMap<string, tf.Variable> {
    return this.shadows.byParam();
  }

  /** The shadows as named state tensors `ema.NAME` (live variables: do not dispose). */
  stateTensors(): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    this.shadows.exportTo(out);
    return out;
  }

  /**
   * Sets every shadow to its parameter's current value: after weights are loaded into the
   * parameters (a run started from another model), the average starts from them, not from the
   * random values the parameters had when the shadows were made.
   */
  reset(): void {
    for (const [name, param] of this.params) this.shadows.get(name).assign(param);
  }

  /** Restores shadows saved by stateTensors (other names are ignored). */
  loadState(state: ReadonlyMap<string, tf.Tensor>): void {
    this.shadows.importFrom(state);
  }

  /** Frees the shadows (not the parameters). */
  dispose(): void {
    this.shadows.dispose();
  }
}
