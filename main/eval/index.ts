/**
 * The evaluation's public surface (issue 7): the attribute judge, frame retrieval across memory
 * encoders (paper.md Table 1 in kind), consistency of continuations (Table 2 in kind), and one
 * trained model scored as it is (`eval model`, issue 6: the default model's card). The CLI
 * commands and the 'eval' job runner (runner.ts) both go through runEvaluation; results are
 * stored in a project with main/project's addEvalResult and read with listEvalResults.
 */
export { EvalError, type EvalErrorCode } from './errors';
export { evalParams, modelParams, type ConsistencyParams, type EvalParams, type JudgeParams, type ModelParams, type RetrievalParams } from './params';
export { defaultOutDir, runEvaluation, runModelEvaluation, type EvalContext, type EvalOutcome } from './run';
export { modelEvalCommand } from './model/command';
export type { ModelEvalResults } from './model/run';
export { CONSISTENCY_ARMS, JUDGE_DEFAULTS, RETRIEVAL_ARMS, type ConsistencyArm } from './compared';
export { DEFAULT_JUDGE_DIR, ensureJudge, trainAttributeJudge, type JudgeReport, type JudgeTrainingOptions } from './judge';
export { runRetrievalEval, type RetrievalResults, type RetrievalRow } from './retrieval';
export { runConsistencyEval, type ConsistencyResults, type ConsistencyRow } from './consistency/run';
export type { JudgeResults } from './judge-report';
export { RESULT_KINDS, writeResults, type ResultKind } from './outputs';
