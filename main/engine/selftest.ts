/**
 * Start-up self-test: one forward and backward pass of every layer kind the engine uses, on tiny
 * shapes, on the current backend. A kernel or gradient the backend lacks is reported at start
 * (with its kernel name when tfjs names it) instead of failing an hour into a job. Failures are
 * returned, never thrown, so the caller can show all of them and choose another backend.
 * Run it after initEngine() (../backend), which selects the backend and registers gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import { drawLossRandomness, flowLoss } from './flow/loss';
import { sample } from './flow/sampler';
import { Attention } from './model/attention';
import { MEMORY_VARIANTS, type ModelConfig, type MemoryVariant } from './model/config';
import { LayerNorm, Linear, Mlp } from './model/layers';
import { VideoModel } from './model/model';
import { ParamScope } from './model/params';
import { PatchConv3d } from './model/patch-conv';
import { ropeTables } from './model/rope';
import { buildVocabulary } from './model/tokenizer';
import { presetConfig } from './presets';

/** One failed check: the layer kind, the kernel tfjs named (if any), and its message. */
export interface SelfTestFailure {
  layer: string;
  kernel: string | null;
  message: string;
}

/** Captions of the self-test (and the vocabulary of its config). */
const SELF_TEST_CAPTIONS = ['a red ball rolls left', 'a blue cat sits by the shelf', 'the woman walks away', 'night falls on the town'];

/** A micro config: 16x16 frames, 4x4 patches, D = 32, 2 blocks; also the unit tests' model. */
export function selfTestConfig(memory: Partial<ModelConfig['memory']> = {}, generator: Partial<ModelConfig['generator']> = {}): ModelConfig {
  const tiny = presetConfig('tiny');
  return {
    ...tiny,
    preset: 'micro',
    video: { width: 16, height: 16, channels: 3, fps: 4, patch: 4, chunkFrames: 2 },
    text: { vocab: buildVocabulary(SELF_TEST_CAPTIONS, { maxSize: 80 }), maxLength: 8, width: 32, depth: 1, heads: 2 },
    generator: { ...tiny.generator, width: 32, depth: 2, heads: 2, mlpRatio: 2, windowFrames: 1, ...generator },
    memory: { variant: 'pfp', compression: '2x2x2', historySeconds: 2, hrChannels: [16, 32], hrHeads: 2, ...memory },
  };
}

const KERNEL_PATTERNS = [/Kernel '([^']+)' not registered/, /gradient function not found for (\w+)/];

function failureOf(layer: string, error: unknown): SelfTestFailure {
  const message = error instanceof Error ? error.message : String(error);
  const kernel = KERNEL_PATTERNS.map((p) => p.exec(message)?.[1]).find((k) => k !== undefined) ?? null;
  return { layer, kernel, message };
}

/** Runs f's scalar forward and its gradients with respect to `params`. */
function forwardBackward(params: Map<string, tf.Variable>, f: () => tf.Scalar): void {
  const { value, grads } = tf.variableGrads(f, [...params.values()]);
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
}

/** The part of tfjs's engine state a failed tf.variableGrads leaves behind. */
interface TapeState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

/**
 * When f or a gradient throws inside tf.variableGrads, tfjs 4.22 leaves its gradient tape active
 * with the tensors it saved for the backward pass, and the next call drops it without disposing
 * them. A failed check must not leak, so the stale tape is disposed here.
 */
function discardStaleTape(): void {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth !== 0 || state.activeTape === null) return;
  for (const node of state.activeTape) tf.dispose(node.saved ?? []);
  state.activeTape = null;
}

const sumSquares = (x: tf.Tensor): tf.Scalar => tf.sum(tf.square(x));

/** Layer checks on random inputs; each builds its own weights and frees them. */
function layerChecks(): [string, () => void][] {
  const run = (build: (scope: ParamScope) => (x: tf.Tensor) => tf.Tensor, shape: number[]) => (): void => {
    const scope = new ParamScope(7);
    const x = tf.randomNormal(shape, 0, 1, 'float32', 3);
    try {
      const apply = build(scope);
      forwardBackward(scope.params(), () => sumSquares(apply(x)));
    } finally {
      x.dispose();
      scope.dispose();
    }
  };
  return [
    ['linear', run((s) => { const l = new Linear(s, 8, 16); return (x) => l.apply(x); }, [2, 3, 8])],
    ['layer-norm', run((s) => { const l = new LayerNorm(s, 8); return (x) => l.apply(x); }, [2, 3, 8])],
    ['mlp', run((s) => { const m = new Mlp(s, 8, 16); return (x) => m.apply(x); }, [2, 3, 8])],
    ['attention', run((s) => {
      const a = new Attention(s, 16, 2);
      return (x) => tf.tidy(() => {
        const rope = ropeTables([[null, [0, 0, 0], [1, 0.5, 1]], [[2, 1, 0], null, [0, 0, 1]]], 8, { time: 100, space: 10 });
        const bias = tf.tensor4d([0, -1e9, 0, 0, 0, 0, 0, 0, 0], [1, 1, 3, 3]);
        return a.apply(x as tf.Tensor3D, { rope, bias });
      });
    }, [2, 3, 16])],
    ['patch-conv3d', run((s) => { const c = new PatchConv3d(s, [2, 2, 2], 3, 8); return (x) => c.apply(x as tf.Tensor5D); }, [1, 2, 4, 4, 3])],
  ];
}

/** Whole-model checks per memory variant: both training tasks and one guided sampler step. */
function modelCheck(variant: MemoryVariant): () => Promise<void> {
  return async () => {
    const model = new VideoModel(selfTestConfig({ variant }), 1);
    const { height, width } = model.config.video;
    const history = tf.randomUniform([2, 6, height, width, 3], -1, 1, 'float32', 5) as tf.Tensor5D;
    const target = tf.randomUniform([2, 2, height, width, 3], -1, 1, 'float32', 6) as tf.Tensor5D;
    const rng = { next: () => 0.5, normal: () => 0.1, seed: () => 9 };
    try {
      const draws = drawLossRandomness(rng, 2, model.config.flow);
      forwardBackward(model.params(), () => flowLoss(model, { kind: 'retrieval', clips: history, captions: ['a red ball', ''], targetIndices: [[0, 5], [3, 1]] }, draws));
      forwardBackward(model.params(), () => flowLoss(model, { kind: 'continuation', history, target, captions: ['a cat', 'night'] }, draws));
      const memory = model.encodeMemory(history, [0, 1, 2, 3, 4, 5]);
      const out = await sample(model, { captions: ['a', 'b'], memory, window: null, targetTimes: [[6, 7], [6, 7]], seeds: [1, 2] }, { steps: 1, guidance: 2, shift: 1 });
      tf.dispose([out, memory.tokens]);
    } finally {
      tf.dispose([history, target]);
      model.dispose();
    }
  };
}

/** Runs every check on the current backend; returns the failures (empty when all pass). */
export async function selfTest(): Promise<SelfTestFailure[]> {
  const failures: SelfTestFailure[] = [];
  const checks: [string, () => void | Promise<void>][] = [
    ...layerChecks(),
    ...MEMORY_VARIANTS.map((variant): [string, () => Promise<void>] => [`model:${variant}`, modelCheck(variant)]),
  ];
  for (const [layer, check] of checks) {
    try {
      await check();
    } catch (error) {
      discardStaleTape();
      failures.push(failureOf(layer, error));
    }
  }
  return failures;
}
