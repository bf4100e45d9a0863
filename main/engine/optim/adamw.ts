/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"), with the update
 * PyTorch's torch.optim.AdamW makes, so a hand calculation or a PyTorch run can check it:
 *
 *   p <- p * (1 - lr * wd)                 decoupled decay, before the moments
 *   m <- b1 m + (1 - b1) g ;  v <- b2 v + (1 - b2) g^2
 *   p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 *
 * All state lives in named tensors (`adamw.m.NAME`, `adamw.v.NAME`, `adamw.step`), so a checkpoint
 * holding them restores the optimizer exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptimError } from './errors';
import { assertFits, SlotSet } from './slots';

/** AdamW settings; the defaults are PyTorch's except weight decay (0.01 there too). */
export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  /**
   * Which parameters get weight decay. Default: tensors of rank >= 2 (matrices, kernels), the
   * usual choice that spares biases, norm scales and gates.
   */
  decays?: (name: string, param: tf.Variable) => boolean;
}

/** The name of the step counter in the state tensors. */
export const ADAMW_STEP = 'adamw.step';

function checkRange(name: string, value: number, low: number, high: number): number {
  if (!(Number.isFinite(value) && value >= low && value < high)) {
    throw new OptimError('invalid_option', `${name} must be in [${low}, ${high}), got ${value}`);
  }
  return value;
}

/** AdamW over a model's named parameters. */
export class AdamW {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decayed: ReadonlySet<string>;
  private readonly m: SlotSet;
  private readonly v: SlotSet;
  private readonly stepVariable = tf.tidy(() => tf.variable(tf.scalar(0, 'int32'), false));
  private steps = 0;

  constructor(private readonly params: ReadonlyMap<string, tf.Variable>, options: AdamWOptions = {}) {
    this.beta1 = checkRange('beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange('beta2', options.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkRange('epsilon', options.epsilon ?? 1e-8, 0, Infinity);
    this.weightDecay = checkRange('weightDecay', options.weightDecay ?? 0.01, 0, Infinity);
    const decays = options.decays ?? ((_name: string, param: tf.Variable) => param.rank >= 2);
    this.decayed = new Set([...params].filter(([name, param]) => decays(name, param)).map(([name]) => name));
    this.m = new SlotSet('adamw.m.', params, (p) => tf.zerosLike(p));
    this.v = new SlotSet('adamw.v.', params, (p) => tf.zerosLike(p));
  }

  /** Updates taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * One update with learning rate `lr`. Gradients are keyed by parameter name; parameters without
   * a gradient are left alone, as PyTorch does. The gradients stay owned by the caller.
   */
  step(grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    checkRange('learning rate', lr, 0, Infinity);
    for (const [name, grad] of grads) {
      const param = this.params.get(name);
      if (!param) throw new OptimError('unknown_param', `gradient for '${name}', which is not a parameter`);
      if (grad.shape.join('x') !== param.shape.join('x')) {
        throw new OptimError('unknown_param', `gradient for '${name}' has shape [${grad.shape.join(', ')}], the parameter [${param.shape.join(', ')}]`);
      }
    }
    const t = this.steps + 1;
    const correction1 = 1 - this.beta1 ** t;
    const correction2 = 1 - this.beta2 ** t;
    tf.tidy(() => {
      for (const [name, grad] of grads) {
        const param = this.params.get(name) as tf.Variable;
        const m = this.m.get(name);
        const v = this.v.get(name);
        const decayed = this.decayed.has(name) && this.weightDecay > 0 ? tf.mul(param, 1 - lr * this.weightDecay) : param;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
        const denominator = tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon);
        param.assign(tf.sub(decayed, tf.mul(tf.div(m, denominator), lr / correction1)));
      }
      this.stepVariable.assign(tf.scalar(t, 'int32'));
    });
    this.steps = t;
  }

  /** The optimizer state as named tensors (live variables: save them, do not dispose them). */
  stateTensors(): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>([[ADAMW_STEP, this.stepVariable]]);
    this.m.exportTo(out);
    this.v.exportTo(out);
    return out;
  }

  /** Restores state saved by stateTensors (names of other owners, e.g. `ema.`, are ignored). */
  loadState(state: ReadonlyMap<string, tf.Tensor>): void {
    const step = state.get(ADAMW_STEP);
    if (!step || step.size !== 1) throw new OptimError('state_mismatch', `saved state has no scalar ${ADAMW_STEP}`);
    const steps = (step.dataSync() as ArrayLike<number>)[0] as number;
    if (!(Number.isInteger(steps) && steps >= 0)) throw new OptimError('state_mismatch', `${ADAMW_STEP} is ${steps}, not a step count`);
    assertFits([...this.m.stateProblems(state), ...this.v.stateProblems(state)]);
    this.m.importFrom(state);
    this.v.importFrom(state);
    tf.tidy(() => this.stepVariable.assign(tf.scalar(steps, 'int32')));
    this.steps = steps;
  }

  /** Frees the optimizer state (not the parameters). */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
    this.stepVariable.dispose();
  }
}
