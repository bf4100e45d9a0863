/**
 * The parameters of an evaluation, one schema for the `longshot eval` commands and the 'eval'
 * job (whose params are stored in SQLite and parsed again when an interrupted job restarts).
 * Defaults are the documented reduced run on a 2-core CPU, at the sizes issue 13 asks for to tell
 * arms apart: 128 held-out clips x 4 targets for retrieval, 16 storyboards for continuations.
 */
import { z } from 'zod';
import { CONSISTENCY_ARMS, JUDGE_DEFAULTS, RETRIEVAL_ARMS } from './compared';
import { EVAL_SCALES } from './scales';

const whole = z.int().positive();
const common = {
  /** Storyworld dataset folders. */
  data: z.array(z.string().min(1)).min(1),
  /** Folder of the run's models, projects and results. */
  out: z.string().min(1).optional(),
  /** Also write the results into DOCS/results.md and DOCS/results/. */
  docs: z.string().min(1).optional(),
  seed: z.int().min(0).max(2 ** 32 - 1).default(1),
  /** Fraction of each dataset's videos held out, as in training. */
  validationFraction: z.number().gt(0).lt(1).default(0.1),
};
const models = {
  scale: z.enum(EVAL_SCALES).default('small'),
  /** Stage-1 steps of every pretrained model. */
  budget: whole.default(300),
  batch: whole.max(64).default(2),
  /** Training seeds of every model, consecutive from `seed`; figures are their means (issue 13 asks for 3). */
  seeds: whole.max(10).default(3),
};

/** `eval judge`: train and score the attribute judge. */
export const judgeParams = z.strictObject({
  what: z.literal('judge'),
  ...common,
  /** The judge folder to write. */
  judge: z.string().min(1).optional(),
  steps: whole.default(JUDGE_DEFAULTS.steps),
  batch: whole.max(1024).default(JUDGE_DEFAULTS.batch),
  learningRate: z.number().positive().max(1).default(JUDGE_DEFAULTS.learningRate),
  trainVideos: whole.default(JUDGE_DEFAULTS.trainVideos),
  trainSeconds: z.number().min(9).max(600).default(JUDGE_DEFAULTS.trainSeconds),
  frameStep: whole.default(JUDGE_DEFAULTS.frameStep),
});

/** `eval retrieval`: paper.md Table 1 in kind. */
export const retrievalParams = z.strictObject({
  what: z.literal('retrieval'),
  ...common,
  ...models,
  clips: whole.max(10_000).default(128),
  targets: whole.max(64).default(4),
  fewSteps: whole.max(100).default(4),
  arms: z.array(z.enum(RETRIEVAL_ARMS.map((a) => a.id) as [string, ...string[]])).min(1).optional(),
});

/** `eval consistency`: paper.md Table 2 in kind. */
export const consistencyParams = z.strictObject({
  what: z.literal('consistency'),
  ...common,
  ...models,
  finetune: whole.default(300),
  videos: whole.max(1000).default(16),
  scoreSeconds: z.number().positive().max(60).default(4),
  samplingSteps: whole.max(100).default(4),
  guidance: z.number().min(0).max(50).default(2),
  /** The judge folder (trained there first when it holds none). */
  judge: z.string().min(1).optional(),
  arms: z.array(z.enum(CONSISTENCY_ARMS.map((a) => a.id) as [string, ...string[]])).min(1).optional(),
});

/** `eval model`: one trained model scored as it is. */
export const modelParams = z.strictObject({
  what: z.literal('model'),
  ...common,
  /** The model folder (a checkpoint or exported model, as `longshot train` writes). */
  model: z.string().min(1),
  clips: whole.max(10_000).default(128),
  targets: whole.max(64).default(4),
  fewSteps: whole.max(100).default(4),
  /** Clips per forward pass of the retrieval scoring (changes speed, not the figures). */
  batch: whole.max(64).default(4),
  videos: whole.max(1000).default(16),
  scoreSeconds: z.number().positive().max(60).default(4),
  samplingSteps: whole.max(100).default(4),
  guidance: z.number().min(0).max(50).default(2),
  /** The judge folder (trained there first when it holds none). */
  judge: z.string().min(1).optional(),
});

/** Any evaluation. */
export const evalParams = z.discriminatedUnion('what', [judgeParams, retrievalParams, consistencyParams, modelParams]);
/** Parsed params of any evaluation. */
export type EvalParams = z.output<typeof evalParams>;
/** Params of one evaluation. */
export type JudgeParams = z.output<typeof judgeParams>;
export type RetrievalParams = z.output<typeof retrievalParams>;
export type ConsistencyParams = z.output<typeof consistencyParams>;
export type ModelParams = z.output<typeof modelParams>;
