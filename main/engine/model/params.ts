/**
 * Named, deterministically initialised parameters. Every module builds its weights through a
 * ParamScope, which records them under stable dotted names (`blocks.3.attn.qkv.weight`);
 * checkpoints and the optimizer address weights only by these names. Initial values come from
 * hashSeed(seed, full name), so two models built from the same seed are identical and adding a
 * module never changes the initial weights of another.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './errors';

/** FNV-1a over `${seed}:${name}`: a stable 32-bit seed for one named parameter. */
export function hashSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  const text = `${seed >>> 0}:${name}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** How a parameter starts. `xavier` is Glorot-uniform over (fanIn, fanOut) as in DiT's linears. */
export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  /** A square matrix's identity. */
  | { kind: 'identity' }
  | { kind: 'normal'; std: number }
  | { kind: 'xavier'; fanIn: number; fanOut: number };

/** A node of the parameter tree: its own variables plus named child scopes. */
export class ParamScope {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly children = new Map<string, ParamScope>();

  /** `path` is the full dotted name of this scope from the root ('' at the root). */
  constructor(readonly seed: number, readonly path = '') {}

  /** A child scope; each name may be used once per scope. */
  child(name: string): ParamScope {
    this.claim(name);
    const scope = new ParamScope(this.seed, this.path === '' ? name : `${this.path}.${name}`);
    this.children.set(name, scope);
    return scope;
  }

  /** Creates a trainable variable named `name` in this scope. */
  variable(name: string, shape: number[], init: Initializer): tf.Variable {
    this.claim(name);
    const fullName = this.path === '' ? name : `${this.path}.${name}`;
    const seed = hashSeed(this.seed, fullName);
    const initial = tf.tidy(() => {
      switch (init.kind) {
        case 'zeros': return tf.zeros(shape);
        case 'ones': return tf.ones(shape);
        case 'constant': return tf.fill(shape, init.value);
        case 'identity': {
          if (shape.length !== 2 || shape[0] !== shape[1]) throw new ModelError('invalid_config', `an identity start needs a square matrix, got [${shape.join(', ')}]`);
          return tf.eye(shape[0] as number);
        }
        case 'normal': return tf.truncatedNormal(shape, 0, init.std, 'float32', seed);
        case 'xavier': {
          const limit = Math.sqrt(6 / (init.fanIn + init.fanOut));
          return tf.randomUniform(shape, -limit, limit, 'float32', seed);
        }
      }
    });
    // tfjs variable names are global and must be unique, so the registry keeps ours instead.
    const variable = tf.variable(initial, true);
    initial.dispose();
    this.vars.set(name, variable);
    return variable;
  }

  /** Every variable under this scope, keyed by dotted names relative to it, in creation order. */
  params(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    this.collect('', out);
    return out;
  }

  /** Disposes every variable under this scope. */
  dispose(): void {
    for (const variable of this.params().values()) variable.dispose();
  }

  private collect(prefix: string, out: Map<string, tf.Variable>): void {
    for (const [name, variable] of this.vars) out.set(prefix + name, variable);
    for (const [name, scope] of this.children) scope.collect(`${prefix}${name}.`, out);
  }

  private claim(name: string): void {
    if (name === '' || name.includes('.') || this.vars.has(name) || this.children.has(name)) {
      throw new ModelError('invalid_config', `parameter name '${name}' is empty, dotted or already used in '${this.path}'`);
    }
  }
}

/** Base of every module: owns one scope and exposes its weights by stable names. */
export abstract class Module {
  constructor(protected readonly scope: ParamScope) {}

  /** This module's weights, keyed by dotted names relative to the module. */
  params(): Map<string, tf.Variable> {
    return this.scope.params();
  }

  /** The number of scalar weights. */
  parameterCount(): number {
    let n = 0;
    for (const variable of this.params().values()) n += variable.size;
    return n;
  }

  /** Frees every weight of the module. */
  dispose(): void {
    this.scope.dispose();
  }
}
