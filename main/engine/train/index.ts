/**
 * The training loop's public surface (engine side): recipes, the clip interface data arrives
 * through, the loop itself, evaluation and model export. The job runner
 * (main/jobs/runners/train.ts) connects main/data to it.
 */
export { MAX_WORKERS, TRAINING_STAGES, clipFrames, defaultTrainConfig, historyFrames, recipeOf, validateTrainConfig, type TrainConfig, type TrainRecipe, type TrainingStage } from './config';
export { checkClip, clipsTensor, type ClipSource, type ClipSourceFactory, type TrainingClip } from './clips';
export { TrainError, type TrainErrorCode } from './errors';
export { RETRIEVAL_METHODS, evaluate, evaluationMetrics, nearestWindowFrame, type Evaluation, type EvaluationOptions, type FrameScores, type RetrievalByVideo, type RetrievalMethod, type VideoPsnrs } from './evaluate';
export { exportModel, type ExportModelOptions, type ExportedModel } from './export';
export { runTraining, type CheckpointReport, type StepReport, type TrainerHooks, type TrainerOptions, type TrainingOutcome } from './trainer';
export type { StepResult } from './session';
