/**
 * What each evaluation compares, and the judge's training defaults: plain data, apart from the
 * code that trains and scores, so the app's server can offer the choices and check a request
 * without loading tfjs (test/unit/server-imports.test.ts).
 */
import { encoderArm, type EncoderArm } from './scales';

/** The six encoders of paper.md's Table 1, in its order. */
export const RETRIEVAL_ARMS: readonly EncoderArm[] = [
  encoderArm('large-patchifier', '4x4x2'), encoderArm('only-lr', '4x4x2'), encoderArm('without-lr', '4x4x2'),
  encoderArm('pfp', '4x4x2'), encoderArm('pfp', '2x2x2'), encoderArm('pfp', '2x2x1'),
];

/** One compared model. */
export interface ConsistencyArm {
  id: 'pretrained' | 'not-pretrained' | 'only-lr' | 'no-memory';
  label: string;
  encoder: EncoderArm;
  pretrained: boolean;
}

/** The four models of paper.md's Table 2 comparison (consistency/run.ts says what each is). */
export const CONSISTENCY_ARMS: readonly ConsistencyArm[] = [
  { id: 'pretrained', label: 'Pretrained memory', encoder: encoderArm('pfp', '4x4x2'), pretrained: true },
  { id: 'not-pretrained', label: 'Not pretrained', encoder: encoderArm('pfp', '4x4x2'), pretrained: false },
  { id: 'only-lr', label: 'Only LR memory', encoder: encoderArm('only-lr', '4x4x2'), pretrained: true },
  { id: 'no-memory', label: 'No memory (window)', encoder: encoderArm('none', '4x4x2'), pretrained: false },
];

/** Defaults of `longshot eval judge`. */
export const JUDGE_DEFAULTS = { steps: 1600, batch: 48, learningRate: 2e-3, seed: 1, validationFraction: 0.1, trainVideos: 600, trainSeconds: 9, frameStep: 12 } as const;
