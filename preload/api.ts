/**
 * THE contract between the renderer and the main side: every call channel with the zod schemas of
 * its input and output, every event channel with the schema of its payload, and the `Api` type
 * derived from them. Both transports (the Electron preload bridge and the browser client of the
 * local server) build their `Api` object from this file with `createApi`, so there is no second
 * hand-written list of calls. It imports only zod: main, preload and renderer all load it.
 *
 * Inputs are strict objects with bounded sizes (they come from an untrusted renderer); outputs
 * are plain objects, so a field the main side adds by mistake is stripped, never leaked. The file
 * is longer than most because it is the one list of the app's calls and their data shapes.
 */
import { z } from 'zod';

// ---- Shared shapes -------------------------------------------------------------------------

/** Handle of an open project, issued by projects.open/create for this session. */
export const projectId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a project handle');
const rowId = z.int().positive();
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'must not contain NUL');
const label = z.string().trim().min(1).max(200);
const seed = z.int().min(0).max(0xffff_ffff);
const time = z.string();
const json = z.json();
const MAX_CAPTIONS = 5000;
const projectName = z.string().trim().min(1).max(100);
const durationSec = z.number().positive().max(3600);

export const memoryPreset = z.enum(['4x4x2', '2x2x2', '2x2x1']);
export const transition = z.enum(['cut', 'continuous']);
export const fit = z.enum(['crop', 'letterbox']);
export const jobKind = z.enum(['generate', 'train', 'eval', 'import', 'export', 'fidelity']);
export const jobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export const trainingStage = z.enum(['pretrain', 'finetune']);
export const trainingData = z.enum(['footage', 'storyworld']);
export const logLevel = z.enum(['debug', 'info', 'warn', 'error']);

/** Frame sides are multiples of 8: the generator patchifies 8x8 (engine.md). */
const side = z.int().min(16).max(4096).multipleOf(8);

/** What a user may set on a project (the same ranges the store enforces). */
export const settingsPatch = z.strictObject({
  name: projectName,
  durationSec,
  fps: z.int().min(1).max(120),
  width: side,
  height: side,
  modelId: z.string().trim().min(1).max(200),
  memoryPreset,
  seed,
  samplingSteps: z.int().min(1).max(1000),
  guidance: z.number().min(0).max(50),
}).partial();

export const settings = z.object({
  name: z.string(),
  durationSec: z.number(),
  fps: z.number(),
  width: z.number(),
  height: z.number(),
  modelId: z.string(),
  memoryPreset,
  seed: z.number(),
  samplingSteps: z.number(),
  guidance: z.number(),
  createdAt: time,
  updatedAt: time,
});

export const projectInfo = z.object({ id: projectId, path: z.string(), name: z.string(), settings });
export const recentProject = z.object({ path: z.string(), name: z.string(), openedAt: time, missing: z.boolean() });

const captionFields = {
  startSec: z.number().min(0).max(36_000),
  endSec: z.number().positive().max(36_000),
  text: z.string().trim().min(1).max(2000),
  transition,
};
/** A caption as the editor sends it; `id` only when restoring a deleted one (undo). */
export const captionInput = z.strictObject({ ...captionFields, id: rowId.optional(), transition: transition.optional() });
export const captionPatch = z.strictObject(captionFields).partial();
export const caption = z.object({ id: rowId, startSec: z.number(), endSec: z.number(), text: z.string(), transition });
/** A new take may say some captions differently from the storyboard. */
export const captionOverride = z.strictObject({ captionId: rowId, text: captionFields.text });

export const footage = z.object({
  id: rowId,
  sourcePath: z.string(),
  framesPath: z.string(),
  frameCount: z.number(),
  fps: z.number(),
  width: z.number(),
  height: z.number(),
  fit,
  thumbsPath: z.string().nullable(),
  /** What happens in the clip ('' until the user says): its caption when fine-tuning on footage. */
  caption: z.string(),
  importedAt: time,
});

export const job = z.object({
  id: rowId,
  kind: jobKind,
  params: json,
  status: jobStatus,
  progress: z.number(),
  step: z.number(),
  total: z.number(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: time,
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
});

export const take = z.object({
  id: rowId,
  runId: rowId,
  parentTakeId: rowId.nullable(),
  fromChunk: z.number(),
  seed: z.number(),
  captionOverrides: z.array(z.object({ captionId: rowId, text: z.string() })),
  isCurrent: z.boolean(),
  createdAt: time,
});

export const chunk = z.object({
  id: rowId,
  runId: rowId,
  takeId: rowId,
  chunkIndex: z.number(),
  frameStart: z.number(),
  frameEnd: z.number(),
  framesPath: z.string(),
  seed: z.number(),
  caption: z.string(),
  status: z.enum(['done', 'failed']),
  /** The strip of the chunk's frames side by side (a media path), or null when it is missing. */
  previewPath: z.string().nullable(),
  createdAt: time,
});

export const trainingRun = z.object({
  id: rowId,
  jobId: rowId.nullable(),
  stage: trainingStage,
  config: json,
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  createdAt: time,
  finishedAt: time.nullable(),
  /** The step of the newest checkpoint its folder keeps, or null: a stopped run's can become a model. */
  checkpointStep: z.int().nonnegative().nullable(),
});
export const trainingMetric = z.object({ name: z.string(), step: z.number(), value: z.number() });

export const model = z.object({
  id: rowId,
  path: z.string(),
  kind: z.enum(['model', 'checkpoint']),
  preset: z.string(),
  sha256: z.string(),
  metrics: json,
  createdAt: time,
});

/**
 * The model a project's model setting resolves to, read without loading its weights: what the
 * timeline's chunk grid, the budget dial and the settings screen show.
 */
export const modelInfo = z.object({
  modelId: z.string(),
  source: z.enum(['checkpoint', 'random']),
  /** The preset the model was built from ('tiny', 'base'...): what memory.budget forecasts. */
  preset: z.string(),
  /** The checkpoint folder, or null for a randomly initialised model. */
  path: z.string().nullable(),
  fps: z.number(),
  /** Frames per generated chunk: the chunk grid is chunkFrames / fps seconds. */
  chunkFrames: z.number(),
  width: z.number(),
  height: z.number(),
  /** What the user should know, e.g. that the default model is not installed; null if nothing. */
  warning: z.string().nullable(),
});

export const exportSettings = z.strictObject({
  takeId: rowId.optional(),
  crf: z.int().min(0).max(51),
  fps: z.int().min(1).max(120).optional(),
  upscale: z.strictObject({ factor: z.int().min(1).max(8), filter: z.enum(['neighbor', 'bicubic', 'lanczos']) }).optional(),
  subtitles: z.enum(['none', 'srt', 'vtt', 'both']),
  chapters: z.boolean(),
  fileName: z.string().regex(/^[^/\\\0]{1,200}\.mp4$/, 'must be a file name ending in .mp4'),
});
export const exportRow = z.object({ id: rowId, path: z.string(), takeId: rowId.nullable(), format: json, provenance: json, createdAt: time });

/** One generation of the storyboard; `settings` is the plan it was made with (settings, storyboard, footage). */
export const run = z.object({ id: rowId, jobId: rowId.nullable(), settings: json, createdAt: time });

/**
 * What the model remembers at one moment (memory inspector). Images are media paths; the
 * difference image is |original - reconstruction| amplified 4x. Times count from the start of
 * the memory: the opening footage, then the generated video.
 */
export const memoryInspection = z.object({
  takeId: rowId,
  timeSec: z.number(),
  /** The history frame shown. */
  frame: z.number(),
  memoryTokens: z.number(),
  originalPath: z.string(),
  reconstructionPath: z.string(),
  differencePath: z.string(),
  psnr: z.number(),
  ssim: z.number(),
});

/** The memory-budget dial's forecast, before anything runs. */
export const memoryBudget = z.object({
  /** Memory tokens the history compresses into. */
  tokens: z.number(),
  /** Generator tokens of the same history uncompressed. */
  historyTokens: z.number(),
  compressionRatio: z.number(),
  /** Estimated peak memory of sampling one chunk (weights, activations, attention), bytes. */
  estimatedBytes: z.number(),
  /** Average seconds per chunk over the video, and for the whole video. */
  secondsPerChunk: z.number(),
  totalSeconds: z.number(),
  /** 'measured' on this machine by an earlier generation, or 'assumed' from a planning figure. */
  timeBasis: z.enum(['measured', 'assumed']),
});

/** Retrieval scores at regular times across a take's memory (the fidelity strip). */
export const fidelityStrip = z.object({
  takeId: rowId,
  runId: rowId,
  fps: z.number(),
  historyFrames: z.number(),
  footageFrames: z.number(),
  memoryTokens: z.number(),
  points: z.array(z.object({
    timeSec: z.number(),
    frame: z.number(),
    psnr: z.number(),
    ssim: z.number(),
    /** PSNR of the history's mean frame: the baseline a useful memory beats. */
    meanFramePsnr: z.number(),
  })),
  meanPsnr: z.number(),
  meanFramePsnr: z.number(),
  createdAt: time,
});

// ---- Evaluations (main/eval: the paper's ablations on Storyworld) -------------------------

/**
 * What an evaluation measures (main/eval: `longshot eval judge|retrieval|consistency|model`): the
 * judge, the paper's two comparisons of memory encoders, and one trained model scored as it is.
 */
export const evalKind = z.enum(['judge', 'retrieval', 'consistency', 'model']);
const count = z.int().positive().max(10_000_000);

/**
 * One of the paper's expected orderings, checked on the measured figures: it holds or not, never
 * adjusted. With a 95% interval of the difference over resampled videos it is called only when
 * the interval excludes 0 (`decided`); results stored before intervals carry neither field.
 */
const orderingCheck = z.object({
  claim: z.string(),
  metric: z.string(),
  relation: z.enum(['>', '>=']),
  left: z.object({ label: z.string(), value: z.number() }),
  right: z.object({ label: z.string(), value: z.number() }),
  difference: z.number(),
  interval: z.object({
    difference: z.number(), low: z.number(), high: z.number(), videos: z.number(), seeds: z.number().optional(), resamples: z.number(), level: z.number(),
  }).optional(),
  holds: z.boolean(),
  decided: z.boolean().optional(),
});

/** Where a result came from: command, seed, data, machine and backend, hashes of the models scored. */
const evalProvenance = z.object({
  command: z.string(),
  seed: z.number(),
  data: z.array(z.object({
    dir: z.string(), source: z.string(), videos: z.number(), seconds: z.number(), width: z.number(), height: z.number(),
    fps: z.number(), seed: z.number(), recreate: z.string().nullable(),
  })),
  startedAt: time,
  finishedAt: time,
  seconds: z.number(),
  machine: z.object({
    cpu: z.string(), cores: z.number(), memoryGiB: z.number(), os: z.string(), node: z.string(), backend: z.string(),
    threads: z.number().nullable(), simd: z.boolean().nullable(), kernelOverrides: z.boolean(),
  }),
  models: z.array(z.object({ role: z.string(), path: z.string().nullable(), sha256: z.string().nullable() })),
});

const frameScores = z.object({ psnr: z.number(), ssim: z.number(), hfError: z.number(), boxPsnr: z.number().nullable() });
const evalData = z.array(z.string());
/** One method's pooled PSNRs per held-out video, behind the intervals (absent from results stored before them). */
const videoPsnrs = z.object({ psnr: z.array(z.number()), boxPsnr: z.array(z.number().nullable()) });
/** An arm's per-video PSNRs: one step and, for models with memory, memory zeroed. */
const armByVideo = z.object({
  videos: z.array(z.string()), oneStep: videoPsnrs, zeroMemory: videoPsnrs.optional(),
  perSeed: z.array(z.object({ oneStep: videoPsnrs, zeroMemory: videoPsnrs.optional() })).optional(),
});
/** One training seed's model of an arm and its headline figure (absent from results stored before seeds). */
const seedRun = z.object({ seed: z.number(), model: z.string(), sha256: z.string().nullable(), figure: z.number().nullable() });

/** Frame retrieval from memory across encoders (paper.md Table 1 in kind). */
export const retrievalResults = z.object({
  kind: z.literal('retrieval'),
  version: z.literal(1),
  provenance: evalProvenance,
  settings: z.object({
    budget: z.number(), batch: z.number(), scale: z.string(), historyFrames: z.number(), clips: z.number(), targets: z.number(),
    fewSteps: z.number(), validationFraction: z.number(), data: evalData, seeds: z.array(z.number()).optional(),
  }),
  rows: z.array(z.object({
    id: z.string(), label: z.string(), variant: z.string(), compression: z.string(), memoryTokens: z.number(),
    memoryGate: z.number().nullable(), steps: z.number(), samplesSeen: z.number(), trainSeconds: z.number(), model: z.string(),
    sha256: z.string().nullable(), oneStep: frameScores, fewStep: frameScores, zeroMemory: frameScores, byVideo: armByVideo.optional(),
    seeds: z.array(seedRun).optional(),
  })),
  /** The clip's mean frame as the retrieved frame: the static-scene baseline. */
  meanFrame: frameScores,
  meanFrameByVideo: armByVideo.optional(),
  orderings: z.array(orderingCheck),
});

const tally = z.object({ consistent: z.number(), total: z.number() });
const consistencyCounts = z.object({ identity: tally, clothing: tally, place: tally });
/** Percentages (null where nothing was judged) and the counts behind them. */
const consistencyScores = z.object({
  identity: z.number().nullable(),
  clothing: z.number().nullable(),
  place: z.number().nullable(),
  counts: consistencyCounts,
});

/** The attribute judge that scored continuations, and its held-out accuracy per head. */
const evalJudge = z.object({ path: z.string(), sha256: z.string(), accuracy: z.record(z.string(), z.number()) });

/** Consistency of returning characters and revisited places (paper.md Table 2 in kind). */
export const consistencyResults = z.object({
  kind: z.literal('consistency'),
  version: z.literal(1),
  provenance: evalProvenance,
  settings: z.object({
    pretrainSteps: z.number(), finetuneSteps: z.number(), batch: z.number(), scale: z.string(), samplingSteps: z.number(),
    guidance: z.number(), videos: z.array(z.string()), generatedFrames: z.number(), judgedFrames: z.number(), data: evalData,
    seeds: z.array(z.number()).optional(),
    revisitSeconds: z.array(z.number()).optional(), historySeconds: z.number().optional(),
  }),
  rows: z.array(z.object({
    id: z.string(), label: z.string(), encoder: z.string(), pretrainSteps: z.number(), finetuneSteps: z.number(), model: z.string(),
    sha256: z.string().nullable(), scores: consistencyScores, byVideo: z.array(consistencyCounts).optional(),
    seeds: z.array(seedRun).optional(),
    byVideoPerSeed: z.array(z.array(consistencyCounts)).optional(),
  })),
  /** The held-out videos' own frames, judged the same way: the judge's ceiling. */
  reference: consistencyScores,
  judge: evalJudge,
  orderings: z.array(orderingCheck),
});

/** The attribute judge's training and held-out accuracy per head. */
export const judgeResults = z.object({
  kind: z.literal('judge'),
  version: z.literal(1),
  provenance: evalProvenance,
  settings: z.object({
    steps: z.number(), batch: z.number(), learningRate: z.number(), trainVideos: z.number(), trainSeconds: z.number(),
    frameStep: z.number(), validationFraction: z.number(), data: evalData,
  }),
  report: z.object({
    dir: z.string(), sha256: z.string(), accuracy: z.record(z.string(), z.object({ correct: z.number(), total: z.number(), accuracy: z.number() })),
    trainFrames: z.number(), trainCharacters: z.number(), steps: z.number(), finalLoss: z.number(), seconds: z.number(),
  }),
});

/** One trained model scored as it is (`longshot eval model`): retrieval beside three baselines, judged continuations. */
export const modelResults = z.object({
  kind: z.literal('model'),
  version: z.literal(1),
  provenance: evalProvenance,
  settings: z.object({ data: evalData, validationFraction: z.number(), seed: z.number(), batch: z.number() }),
  model: z.object({
    path: z.string(), sha256: z.string().nullable(), preset: z.string(), variant: z.string(), compression: z.string(), historySeconds: z.number(),
    historyFrames: z.number(), windowFrames: z.number(), memoryTokens: z.number(), memoryGate: z.number().nullable(),
  }),
  retrieval: z.object({
    clips: z.number(), targets: z.number(), fewSteps: z.number(), valLoss: z.number(),
    /**
     * The model in one and a few sampling steps, and its baselines: memory zeroed, the nearest frame
     * seen without memory, the clip's mean frame, the mean frame of the target's shot (absent from
     * results stored before it was measured).
     */
    scores: z.object({
      oneStep: frameScores, fewStep: frameScores, zeroMemory: frameScores, nearestFrame: frameScores, meanFrame: frameScores,
      shotMeanFrame: frameScores.optional(),
    }),
    byVideo: z.object({ videos: z.array(z.string()), methods: z.record(z.string(), videoPsnrs) }).optional(),
  }),
  continuation: z.object({
    videos: z.array(z.string()), revisitSeconds: z.array(z.number()).optional(), generatedFrames: z.number(), judgedFrames: z.number(),
    samplingSteps: z.number(), guidance: z.number(), scoreSeconds: z.number(),
    withMemory: consistencyScores,
    /** The same weights with the memory gate at 0; null for a model without memory. */
    memoryZeroed: consistencyScores.nullable(),
    /** The held-out videos' own frames: the judge's ceiling. */
    reference: consistencyScores,
    byVideo: z.object({ withMemory: z.array(consistencyCounts), memoryZeroed: z.array(consistencyCounts).nullable() }).optional(),
    judge: evalJudge,
  }),
  checks: z.object({ retrieval: z.array(orderingCheck), continuation: z.array(orderingCheck) }),
});

/** The results JSON of every evaluation, as main/eval writes it to SQLite and KIND.json. */
export const evalResults = z.discriminatedUnion('kind', [judgeResults, retrievalResults, consistencyResults, modelResults]);

/** One stored evaluation, newest first in lists. */
export const evaluation = z.object({
  id: rowId,
  jobId: rowId.nullable(),
  kind: evalKind,
  command: z.string(),
  createdAt: time,
  /** The numbers, or null when this version cannot read them (`problem` says why). */
  results: evalResults.nullable(),
  problem: z.string().nullable(),
});

/** A model an evaluation compares; `pretrained`: it is trained by stage 1 (frame retrieval) first. */
const evalArm = z.object({ id: z.string(), label: z.string(), pretrained: z.boolean() });

/** What the evaluation form offers: main/eval's scales and models, and the project's own dataset. */
export const evalChoices = z.object({
  scales: z.array(z.string()),
  arms: z.object({ retrieval: z.array(evalArm), consistency: z.array(evalArm) }),
  /** The Storyworld dataset an evaluation without a folder uses, written on its first start. */
  dataset: z.object({
    path: z.string(), exists: z.boolean(), videos: z.number(), seconds: z.number(), width: z.number(), height: z.number(),
    fps: z.number(), bytes: z.number(),
  }),
});

export const systemInfo = z.object({
  appVersion: z.string(),
  platform: z.string(),
  node: z.string(),
  /** The engine's backend as last reported, or null before an engine process has started. */
  backend: z.object({ name: z.string(), detail: z.string().optional(), slow: z.boolean().optional() }).nullable(),
  device: z.string(),
  ffmpeg: z.discriminatedUnion('found', [
    z.object({ found: z.literal(true), path: z.string(), version: z.string(), source: z.string() }),
    z.object({ found: z.literal(false), reason: z.string() }),
  ]),
});

// ---- Events --------------------------------------------------------------------------------

const jobRef = { projectId, jobId: rowId };

export const jobProgressEvent = z.object({
  ...jobRef,
  step: z.number(),
  total: z.number(),
  /** Steps per second; null until a step has been timed. */
  rate: z.number().nullable(),
  etaSec: z.number().nullable(),
  message: z.string().nullable(),
});
export const jobStateEvent = z.object({
  ...jobRef,
  status: jobStatus,
  /** Why it failed or was interrupted; null otherwise. */
  message: z.string().nullable(),
});
/**
 * A preview image of the running job (e.g. the chunk being generated), good enough to stop
 * early. A media path, relative to the project folder (load it with `Api.mediaUrl`).
 */
export const previewEvent = z.object({ ...jobRef, imagePath: z.string() });
/** A finished output of a job: a chunk, a checkpoint, an export... (path as for previews). */
export const artifactEvent = z.object({ ...jobRef, kind: z.string(), path: z.string() });
export const logEvent = z.object({
  level: logLevel,
  source: z.string(),
  message: z.string(),
  time,
  projectId: projectId.nullable(),
  jobId: rowId.nullable(),
});

// ---- Calls ---------------------------------------------------------------------------------

/** One call channel: what it accepts and what it answers. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallSpec<I, O> {
  return { input, output };
}

const none = z.strictObject({});
const inProject = z.strictObject({ projectId });
const okEmpty = z.object({});

/** Every call, grouped by area. The channel name is `area.call`, e.g. `projects.create`. */
export const calls = {
  system: {
    info: call(none, systemInfo),
  },
  projects: {
    listRecent: call(none, z.array(recentProject)),
    create: call(
      z.strictObject({ name: projectName, parentDir: filePath.optional(), settings: settingsPatch.optional() }),
      projectInfo,
    ),
    open: call(z.strictObject({ path: filePath }), projectInfo),
    close: call(inProject, okEmpty),
    forget: call(z.strictObject({ path: filePath }), okEmpty),
    getSettings: call(inProject, settings),
    updateSettings: call(z.strictObject({ projectId, patch: settingsPatch }), settings),
    backup: call(z.strictObject({ projectId, destPath: filePath }), z.object({ path: z.string() })),
  },
  storyboard: {
    list: call(inProject, z.array(caption)),
    add: call(z.strictObject({ projectId, caption: captionInput }), caption),
    update: call(
      z.strictObject({ projectId, id: rowId, patch: captionPatch }),
      caption,
    ),
    delete: call(z.strictObject({ projectId, id: rowId }), okEmpty),
    replace: call(
      z.strictObject({ projectId, captions: z.array(captionInput).max(MAX_CAPTIONS) }),
      z.array(caption),
    ),
  },
  footage: {
    import: call(
      z.strictObject({ projectId, sourcePath: filePath, fit, maxSeconds: z.number().positive().max(3600).optional() }),
      job,
    ),
    list: call(inProject, z.array(footage)),
    /** Says what happens in a clip ('' clears it): fine-tuning on footage uses it as the clip's caption. */
    caption: call(z.strictObject({ projectId, id: rowId, caption: z.string().trim().max(2000) }), footage),
    delete: call(z.strictObject({ projectId, id: rowId }), okEmpty),
  },
  jobs: {
    list: call(inProject, z.array(job)),
    get: call(z.strictObject({ projectId, id: rowId }), job),
    cancel: call(z.strictObject({ projectId, id: rowId }), job),
    resume: call(z.strictObject({ projectId, id: rowId }), job),
  },
  generation: {
    /** footageId: the opening memory; null for none, absent for the newest imported clip. */
    start: call(z.strictObject({ projectId, seed: seed.optional(), footageId: rowId.nullable().optional() }), job),
    listRuns: call(inProject, z.array(run)),
    regenerate: call(
      z.strictObject({
        projectId,
        runId: rowId,
        fromChunk: z.number().int().min(0).max(100_000),
        seed: seed.optional(),
        captionOverrides: z.array(captionOverride).max(MAX_CAPTIONS).optional(),
      }),
      job,
    ),
    listTakes: call(z.strictObject({ projectId, runId: rowId }), z.array(take)),
    chooseTake: call(z.strictObject({ projectId, takeId: rowId }), take),
    listChunks: call(z.strictObject({ projectId, takeId: rowId }), z.array(chunk)),
  },
  memory: {
    inspect: call(z.strictObject({ projectId, timeSec: z.number().min(0).max(36_000), takeId: rowId.optional() }), memoryInspection),
    budget: call(
      z.strictObject({
        modelPreset: label, memoryPreset, durationSec,
        samplingSteps: z.int().min(1).max(1000).optional(), guidance: z.number().min(0).max(50).optional(),
      }),
      memoryBudget,
    ),
    /** Queues the job that computes a take's strip (the newest run's current take by default). */
    fidelityStrip: call(z.strictObject({ projectId, takeId: rowId.optional(), points: z.int().min(2).max(1024).optional() }), job),
    /** The stored strip of a take, or null before its job has run. */
    fidelity: call(z.strictObject({ projectId, takeId: rowId.optional() }), fidelityStrip.nullable()),
  },
  training: {
    start: call(
      z.strictObject({
        projectId,
        stage: trainingStage,
        modelPreset: label,
        steps: z.number().int().positive().max(10_000_000),
        seed: seed.optional(),
        /** What to train on: the project's imported footage (the default) or generated Storyworld videos. */
        data: trainingData.optional(),
      }),
      job,
    ),
    listRuns: call(inProject, z.array(trainingRun)),
    metrics: call(z.strictObject({ projectId, runId: rowId }), z.array(trainingMetric)),
    /**
     * Makes a model of a stopped run's last checkpoint (exported by the engine; a few seconds) and
     * registers it as a 'checkpoint' model the project can use, without training on.
     */
    modelFromCheckpoint: call(z.strictObject({ projectId, runId: rowId }), model),
  },
  models: {
    list: call(inProject, z.array(model)),
    /** The project's model setting (or `modelId`, to preview another choice) resolved and described. */
    describe: call(z.strictObject({ projectId, modelId: label.optional() }), modelInfo),
  },
  evaluations: {
    /**
     * Queues an 'eval' job. `data`: a Storyworld dataset folder (absolute), or absent for the
     * project's own (written first if missing). The other fields are main/eval's params, checked
     * by its schema; absent ones take its defaults.
     */
    start: call(
      z.strictObject({
        projectId,
        what: evalKind,
        data: filePath.optional(),
        /**
         * Model (`what: 'model'` only): the model scored, named as the project's model setting names
         * one (a registered model's id, 'default', or a model folder); absent: the project's model.
         */
        modelId: label.optional(),
        scale: label.optional(),
        /** Stage-1 (pretraining) steps of every model. */
        budget: count.optional(),
        arms: z.array(label).min(1).max(32).optional(),
        /** Retrieval and model: held-out clips scored. */
        clips: count.optional(),
        /** Consistency and model: held-out storyboards continued; consistency: fine-tuning steps of every model. */
        videos: count.optional(),
        finetune: count.optional(),
        seed: seed.optional(),
        /** Retrieval and consistency: training seeds of every model, from `seed` on (main/eval's default when absent). */
        seeds: count.max(10).optional(),
      }),
      job,
    ),
    list: call(z.strictObject({ projectId, kind: evalKind.optional() }), z.array(evaluation)),
    choices: call(inProject, evalChoices),
  },
  export: {
    start: call(z.strictObject({ projectId, settings: exportSettings }), job),
    list: call(inProject, z.array(exportRow)),
  },
} as const;

/**
 * What a desktop menu item asks of the page: the studio's own actions (a new project, an export,
 * the editor's undo) live in the renderer, so the Electron menu only names them.
 */
export const menuEvent = z.discriminatedUnion('command', [
  z.object({ command: z.literal('project.new') }),
  /** Open the project at `path`, chosen in the native dialog or the recent list. */
  z.object({ command: z.literal('project.open'), path: z.string().min(1).max(4096) }),
  z.object({ command: z.literal('project.export') }),
  z.object({ command: z.literal('edit.undo') }),
  z.object({ command: z.literal('edit.redo') }),
]);

/** Every event a subscriber can receive, with its payload schema. */
export const events = {
  jobProgress: jobProgressEvent,
  jobState: jobStateEvent,
  preview: previewEvent,
  artifact: artifactEvent,
  log: logEvent,
  menu: menuEvent,
} as const;

export type Calls = typeof calls;
export type Area = keyof Calls;
/** `area.call` for every call, e.g. `'storyboard.add'`. */
export type Channel = { [A in Area]: `${A}.${keyof Calls[A] & string}` }[Area];
export type EventName = keyof typeof events;

type SpecOf<C extends Channel> = C extends `${infer A extends Area}.${infer N}`
  ? N extends keyof Calls[A] ? Calls[A][N] : never
  : never;
type InputOf<S> = S extends CallSpec<infer I, z.ZodType> ? z.input<I> : never;
type OutputOf<S> = S extends CallSpec<z.ZodType, infer O> ? z.output<O> : never;
/** What a caller passes for a channel (before defaults apply). */
export type CallInput<C extends Channel> = InputOf<SpecOf<C>>;
/** What a channel answers on success. */
export type CallOutput<C extends Channel> = OutputOf<SpecOf<C>>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** A failure as it crosses the boundary: a stable code for programs, a message for people. */
export interface ApiError {
  code: string;
  message: string;
}

/** Every call answers this; nothing throws across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The envelope any transport checks a raw answer against. */
export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export type Unsubscribe = () => void;

/** A call whose input has no required field may be made without an argument. */
type ApiCall<I, O> = Record<never, never> extends I ? (input?: I) => Promise<Result<O>> : (input: I) => Promise<Result<O>>;

/** The object the renderer uses: one method per call, one subscriber per event. */
export type Api = {
  [A in Area]: { [N in keyof Calls[A]]: ApiCall<InputOf<Calls[A][N]>, OutputOf<Calls[A][N]>> };
} & {
  events: { [E in EventName]: (handler: (payload: EventPayload<E>) => void) => Unsubscribe };
  /** URL under which the renderer can load a file of an open project's media folder. */
  mediaUrl(projectId: string, mediaPath: string): string;
};

const specs = new Map<string, CallSpec>(
  Object.entries(calls).flatMap(([area, group]) =>
    Object.entries(group).map(([name, spec]): [string, CallSpec] => [`${area}.${name}`, spec]),
  ),
);

/** The channel list, computed from `calls` (so it cannot drift from it). */
export const channels = [...specs.keys()] as readonly Channel[];

export const eventNames = Object.keys(events) as readonly EventName[];

/** The spec of a channel, or undefined for a name that is not in the contract. */
export function callSpec(channel: string): CallSpec | undefined {
  return specs.get(channel);
}

/**
 * Names the Electron transport uses on both sides of IPC: `ipcRenderer.invoke(IPC_CALL + channel)`
 * for calls, `webContents.send(IPC_EVENT + event, payload)` for events, and media files at
 * `MEDIA_SCHEME://<projectId>/<path>`.
 */
export const IPC_CALL = 'longshot:call:';
export const IPC_EVENT = 'longshot:event:';
export const MEDIA_SCHEME = 'longshot-media';

/** Encodes a project-relative media path for a URL, one segment at a time. */
export function encodeMediaPath(mediaPath: string): string {
  return mediaPath.split('/').map(encodeURIComponent).join('/');
}

/** What a transport must provide; `createApi` turns it into the typed `Api`. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, handler: (payload: unknown) => void): Unsubscribe;
  mediaUrl(projectId: string, mediaPath: string): string;
}

/**
 * Builds the typed `Api` from a transport by walking the contract. The one cast below is where
 * the runtime walk meets the mapped type; both come from `calls`, so they agree by construction.
 */
export function createApi(transport: Transport): Api {
  const api: Record<string, unknown> = {};
  for (const [area, group] of Object.entries(calls)) {
    const methods: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
    for (const name of Object.keys(group)) {
      const channel = `${area}.${name}` as Channel;
      methods[name] = (input?: unknown) => transport.invoke(channel, input ?? {});
    }
    api[area] = methods;
  }
  const subscribers: Record<string, (handler: (payload: unknown) => void) => Unsubscribe> = {};
  for (const event of eventNames) subscribers[event] = (handler) => transport.subscribe(event, handler);
  api.events = subscribers;
  api.mediaUrl = (projectId: string, mediaPath: string) => transport.mediaUrl(projectId, mediaPath);
  return api as unknown as Api;
}
