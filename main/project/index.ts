/**
 * The project store: a project is a folder `NAME.longshot/` holding `project.db` (SQLite through
 * better-sqlite3) and `media/`. Everything here is a plain function over a database handle
 * (`project.db`), synchronous like better-sqlite3 itself; every failure is a `ProjectError` with
 * a `code`. Rows are camelCase here and snake_case in SQL.
 */
export { ProjectError, type ProjectErrorCode } from './errors';
export { ProjectInUseError, WriterLease, acquireWriterLease, type TakenOver } from './writer-lease';
export { LEASE_FILE, readLease, type LeaseHolder } from './lease-file';
export type { Db, JsonValue } from './rows';
export { APPLICATION_ID, BUSY_TIMEOUT_MS } from './connection';
export { SCHEMA_VERSION, MIGRATIONS, runMigrations, type Migration } from './migrations/index';
export {
  createProject,
  openProject,
  closeProject,
  backupProject,
  type Project,
  type OpenOptions,
} from './project';
export {
  appHome,
  defaultProjectsDir,
  projectFolderName,
  resolveProjectRef,
  PROJECT_EXTENSION,
  PROJECT_DB_FILE,
  MEDIA_DIR,
  TRAINING_DIR,
} from './paths';
export { listRecentProjects, rememberProject, forgetProject, type RecentProject } from './recent';
export {
  getSettings,
  updateSettings,
  DEFAULT_SETTINGS,
  MEMORY_PRESETS,
  type MemoryPreset,
  type ProjectSettings,
  type SettingsInput,
} from './settings';
export {
  listCaptions,
  addCaption,
  updateCaption,
  deleteCaption,
  replaceStoryboard,
  TRANSITIONS,
  type Caption,
  type CaptionInput,
  type CaptionPatch,
  type Transition,
} from './storyboard';
export { addFootage, captionFootage, listFootage, getFootage, deleteFootage, FITS, MAX_FOOTAGE_CAPTION, type Footage, type FootageInput, type Fit } from './footage';
export {
  createJob,
  startJob,
  updateJobProgress,
  finishJob,
  getJob,
  listJobs,
  findInterruptedJobs,
  recoverJobs,
  type RecoverOptions,
  JOB_KINDS,
  JOB_STATUSES,
  type Job,
  type JobKind,
  type JobStatus,
  type JobInput,
  type JobProgress,
  type JobOutcome,
  type JobFilter,
} from './jobs';
export {
  createRun,
  getRun,
  listRuns,
  createTake,
  setCurrentTake,
  listTakes,
  getTake,
  addChunk,
  listChunks,
  CHUNK_STATUSES,
  type GenerationRun,
  type RunInput,
  type Take,
  type TakeInput,
  type CaptionOverride,
  type Chunk,
  type ChunkInput,
  type ChunkStatus,
} from './runs';
export { registerModel, listModels, MODEL_KINDS, type ModelRecord, type ModelInput, type ModelKind } from './models';
export {
  createTrainingRun,
  setTrainingRunStatus,
  listTrainingRuns,
  addTrainingMetric,
  addTrainingMetrics,
  listTrainingMetrics,
  TRAINING_STAGES,
  TRAINING_STATUSES,
  type TrainingRun,
  type TrainingRunInput,
  type TrainingStage,
  type TrainingStatus,
  type TrainingMetric,
} from './training';
export { addExport, listExports, type ExportRecord, type ExportInput } from './exports';
export { addEvalResult, listEvalResults, EVAL_KINDS, type EvalKind, type EvalResultInput, type EvalResultRecord } from './evaluations';
