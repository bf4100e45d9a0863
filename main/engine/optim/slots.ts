/**
 * Per-parameter state (Adam moments, EMA shadows) as named, non-trainable variables. Updating a
 * variable with `assign` replaces its value in place, so the tensor count stays flat across steps,
 * and the variables double as the named tensors a checkpoint stores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptimError } from './errors';

/** One state tensor per parameter, named `${prefix}${paramName}`. */
export class SlotSet {
  private readonly slots = new Map<string, tf.Variable>();

  /** `init` gives each slot's starting value from its parameter (e.g. zeros, or a copy). */
  constructor(
    readonly prefix: string,
    params: ReadonlyMap<string, tf.Variable>,
    init: (param: tf.Variable) => tf.Tensor,
  ) {
    for (const [name, param] of params) {
      this.slots.set(name, tf.tidy(() => tf.variable(init(param), false)));
    }
  }

  /** The slot of a parameter. */
  get(name: string): tf.Variable {
    const slot = this.slots.get(name);
    if (!slot) throw new OptimError('unknown_param', `no parameter named '${name}'`);
    return slot;
  }

  /** Slots keyed by parameter name (live variables: do not dispose them). */
  byParam(): ReadonlyMap<string, tf.Variable> {
    return this.slots;
  }

  /** Adds every slot to `into` under its prefixed name (live variables: do not dispose them). */
  exportTo(into: Map<string, tf.Tensor>): void {
    for (const [name, slot] of this.slots) into.set(this.prefix + name, slot);
  }

  /** What keeps `state` from restoring this set: missing, unexpected or misshapen names. */
  stateProblems(state: ReadonlyMap<string, tf.Tensor>): string[] {
    const problems: string[] = [];
    for (const [name, slot] of this.slots) {
      const saved = state.get(this.prefix + name);
      if (!saved) problems.push(`missing ${this.prefix + name}`);
      else if (saved.shape.join('x') !== slot.shape.join('x') || saved.dtype !== slot.dtype) {
        problems.push(`${this.prefix + name} is ${saved.dtype}[${saved.shape.join(', ')}], expected ${slot.dtype}[${slot.shape.join(', ')}]`);
      }
    }
    for (const key of state.keys()) {
      if (key.startsWith(this.prefix) && !this.slots.has(key.slice(this.prefix.length))) problems.push(`unexpected ${key}`);
    }
    return problems;
  }

  /**
   * Restores every slot from `state` (the tensors under this set's prefix; other names are
   * ignored). Everything is checked before any slot changes.
   */
  importFrom(state: ReadonlyMap<string, tf.Tensor>): void {
    assertFits(this.stateProblems(state));
    for (const [name, slot] of this.slots) slot.assign(state.get(this.prefix + name) as tf.Tensor);
  }

  /** Frees every slot. */
  dispose(): void {
    for (const slot of this.slots.values()) slot.dispose();
    this.slots.clear();
  }
}

/** Throws OptimError 'state_mismatch' listing the problems, if there are any. */
export function assertFits(problems: readonly string[]): void {
  if (problems.length > 0) throw new OptimError('state_mismatch', `saved state does not fit: ${problems.join('; ')}`);
}
