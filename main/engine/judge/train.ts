/**
 * Training the attribute judge: AdamW (../optim) with warm-up and cosine decay on the sum of
 * four cross-entropies and the presence head's binary one. Each step takes a batch of whole
 * frames for the place head, a batch of character crops for the attribute heads and as present,
 * and half as many crops where no character is (boxes.ts: anywhere, or a near miss beside one)
 * as absent. Character crops are jittered (shifted, scaled, mirrored) so the judge also reads
 * characters drawn slightly off their boxes. Every draw comes from one seeded generator, so one
 * seed gives one judge.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CancelledError } from '../flow/errors';
import { ModelError } from '../model/errors';
import { AdamW } from '../optim/adamw';
import { clipGradsByGlobalNorm, computeGradients } from '../optim/gradients';
import { Rng } from '../optim/rng';
import { learningRateAt } from '../optim/schedule';
import { absentBox } from './boxes';
import { CHARACTER_HEADS } from './config';
import { framesTensor, type JudgeSet } from './examples';
import type { AttributeJudge, CropBox } from './network';

/** How to train. */
export interface JudgeTrainOptions {
  steps: number;
  /** Frames and crops per step (each). */
  batch: number;
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  /** Called after every step with the step's loss. */
  onStep?(step: number, steps: number, loss: number): void;
}

/** What training did. */
export interface JudgeTrainResult {
  steps: number;
  /** Mean loss over the last tenth of the steps. */
  finalLoss: number;
  seconds: number;
}

/** Largest shift of a jittered crop, as a fraction of the box size. */
const JITTER_SHIFT = 0.1;
/** Jittered crops are scaled by a factor in [1 - this, 1 + this]. */
const JITTER_SCALE = 0.1;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Mean cross-entropy of logits [N, C] against integer labels. */
function crossEntropy(logits: tf.Tensor2D, labels: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const target = tf.oneHot(tf.tensor1d([...labels], 'int32'), classes);
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/** Mean binary cross-entropy of logits [K, 1] against 0/1 labels: softplus(z) - y z. */
function binaryCrossEntropy(logits: tf.Tensor2D, labels: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.reshape(logits, [-1]);
    return tf.mean(tf.sub(tf.softplus(z), tf.mul(tf.tensor1d([...labels]), z))) as tf.Scalar;
  });
}

function jittered(rng: Rng, box: CropBox): CropBox {
  const scale = 1 + (rng.next() * 2 - 1) * JITTER_SCALE;
  const width = box.width * scale;
  const height = box.height * scale;
  const x = box.x + (box.width - width) / 2 + (rng.next() * 2 - 1) * JITTER_SHIFT * box.width;
  const y = box.y + (box.height - height) / 2 + (rng.next() * 2 - 1) * JITTER_SHIFT * box.height;
  return { frame: box.frame, x, y, width, height, flip: rng.next() < 0.5 };
}

/** Trains `judge` in place on `set`. Throws CancelledError when the signal aborts. */
export async function trainJudge(judge: AttributeJudge, set: JudgeSet, options: JudgeTrainOptions): Promise<JudgeTrainResult> {
  const characters = set.frames.flatMap((frame, i) => frame.characters.map((c) => ({ frame: i, box: c.box, labels: c.labels })));
  if (set.frames.length === 0 || characters.length === 0) {
    throw new ModelError('invalid_input', `the judge needs frames and characters to train on (got ${set.frames.length} frames, ${characters.length} characters)`);
  }
  const started = performance.now();
  const rng = Rng.fromSeed(options.seed);
  const params = judge.params();
  const adamw = new AdamW(params, { weightDecay: 1e-4 });
  const schedule = { peak: options.learningRate, warmupSteps: Math.min(50, Math.floor(options.steps / 10)), totalSteps: options.steps, floor: options.learningRate / 20 };
  const frames = framesTensor(set.frames.map((f) => f.pixels), set.width, set.height);
  const recent: number[] = [];
  try {
    for (let step = 0; step < options.steps; step++) {
      if (options.signal?.aborted) throw new CancelledError(step, options.steps);
      const frameIds = Array.from({ length: options.batch }, () => rng.int(set.frames.length));
      const picked = Array.from({ length: options.batch }, () => characters[rng.int(characters.length)] as (typeof characters)[number]);
      const absent = Array.from({ length: Math.ceil(options.batch / 2) }, (): CropBox | null => {
        const like = characters[rng.int(characters.length)] as (typeof characters)[number];
        const frame = set.frames[like.frame] as JudgeSet['frames'][number];
        const box = absentBox(rng, like.box, frame.occupied ?? frame.characters.map((c) => c.box), set.width, set.height);
        return box && { frame: like.frame, ...box, flip: rng.next() < 0.5 };
      }).filter((box): box is CropBox => box !== null);
      const crops = judge.crop(frames, [...picked.map((c) => jittered(rng, { frame: c.frame, ...c.box })), ...absent]);
      const presence = [...picked.map(() => 1), ...absent.map(() => 0)];
      const places = frameIds.map((i) => set.frames[i]?.place as number);
      const inputs = tf.tidy(() => tf.gather(frames, tf.tensor1d(frameIds, 'int32')) as tf.Tensor4D); // [batch, H, W, 3]
      const { loss, grads } = computeGradients(params, () => tf.tidy(() => {
        const logits = judge.characterLogits(crops);
        // Attributes are learned from the character crops only, the first `picked.length` rows.
        const ofCharacters = (t: tf.Tensor2D) => tf.slice(t, [0, 0], [picked.length, -1]) as tf.Tensor2D;
        const parts = [
          crossEntropy(judge.placeLogits(inputs), places),
          ...CHARACTER_HEADS.map((head) => crossEntropy(ofCharacters(logits[head]), picked.map((c) => c.labels[head]))),
          binaryCrossEntropy(logits.presence, presence),
        ];
        return tf.addN(parts) as tf.Scalar;
      }));
      tf.dispose([crops, inputs]);
      const clipped = clipGradsByGlobalNorm(grads, 5);
      if (Number.isFinite(loss) && Number.isFinite(clipped.norm)) adamw.step(clipped.grads, learningRateAt(step, schedule));
      tf.dispose([...grads.values(), ...clipped.grads.values()]);
      recent.push(loss);
      if (recent.length > Math.max(1, Math.ceil(options.steps / 10))) recent.shift();
      options.onStep?.(step + 1, options.steps, loss);
      await yieldToEvents();
    }
  } finally {
    frames.dispose();
    adamw.dispose();
  }
  return { steps: options.steps, finalLoss: recent.reduce((a, b) => a + b, 0) / recent.length, seconds: (performance.now() - started) / 1000 };
}
