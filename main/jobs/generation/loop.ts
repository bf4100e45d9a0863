/**
 * The generation loop of one take (paper.md, stage 2 at inference): for each chunk still to make,
 * compress the whole history H with phi (footage and every chunk so far; at a hard cut only the
 * caption changes, the memory keeps everything), sample the chunk from seeded noise conditioned
 * on phi(H), the recent-frame window and the caption active at the chunk's start, save it at
 * once (chunk-store.ts), append it to H, repeat. It starts from the take's first unfinished
 * chunk, so a job started again after a crash continues where the last one stopped and, with
 * noise derived from (seed, chunk index) and H rebuilt from the saved frames, makes the same
 * video an uninterrupted run makes. The model is the one the run's plan pinned, and no other
 * (model-source.ts loadPlannedModel). Cancel is checked at every sampler step. A retake that
 * finishes becomes the take its run shows: the user asked for it, so it is what they expect to
 * see; the take it came from stays listed to choose back.
 */
import * as tf from '@tensorflow/tfjs-core';
import { modelSampling, sample } from '../../engine/flow/sampler';
import type { WindowFrames } from '../../engine/model/generator';
import type { MemoryEncoding } from '../../engine/model/memory/encoder';
import { checkFits, estimateMemory } from '../../engine/presets';
import { getRun, getTake, setCurrentTake, type Take } from '../../project/index';
import type { RunnerContext } from '../runners';
import { saveChunk, type ProjectFiles } from './chunk-store';
import { clipToFrames, framesToClip } from './frames';
import { loadTakeHistory, type TakeHistory } from './history';
import { loadPlannedModel, type LoadedModel, type ModelDescription } from './model-source';
import { projectFile } from './paths';
import { parsePlan, planChunks, takeOverrides, type GenerationPlan, type PlannedChunk } from './plan';
import { previewChunk, previewEstimate } from './previews';
import { chunkFlops } from './rates';
import { chunkSeed } from './seeds';

/** What the loop reports through; a job's RunnerContext is one. */
export type GenerationReporter = Pick<RunnerContext, 'signal' | 'throwIfCancelled' | 'progress' | 'preview' | 'artifact' | 'log'>;

/** Where one chunk's time went. */
export interface ChunkTiming {
  chunkIndex: number;
  historyFrames: number;
  memoryTokens: number;
  /** phi(H): building the history tensor and encoding it. */
  encodeMs: number;
  /** Every sampler step of the chunk. */
  sampleMs: number;
  /** Frames to uint8, the frames file, the chunk row and the preview PNG. */
  ioMs: number;
  /**
   * The same three phases in CPU time of this process. On a busy machine wall time minus CPU
   * time is time spent waiting for a core, so this is the steadier measure of the work itself.
   */
  cpu: { encodeMs: number; sampleMs: number; ioMs: number };
}

/** What a generation job did. */
export interface GenerationResult {
  runId: number;
  takeId: number;
  /** Chunks of the whole video, and how many of them this job generated. */
  chunkCount: number;
  generated: number;
  /** Frames of the take's video once complete (footage not counted). */
  frames: number;
  model: ModelDescription;
  timings: ChunkTiming[];
  /** Counted FLOPs of this job's chunks over their time (rates.ts), or null if it made none. */
  flopsPerSecond: number | null;
}

/** Optional hooks for callers that measure (the benchmark). */
export interface GenerationOptions {
  /** Called after each chunk is saved, with its timing. */
  onChunk?: (timing: ChunkTiming) => void;
  /**
   * A model already loaded, used instead of the plan's (not disposed): benchmarks and evaluations
   * that build their model themselves answer for it being the one they mean.
   */
  model?: LoadedModel;
  /** Memory the backend can use; a take whose estimate exceeds it fails before sampling anything. */
  memoryLimitBytes?: number;
}

/** Everything the loop needs for one take. */
interface TakeJob {
  project: ProjectFiles;
  take: Take;
  plan: GenerationPlan;
  loaded: LoadedModel;
  schedule: PlannedChunk[];
  history: TakeHistory;
  reporter: GenerationReporter;
}

const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);
/** CPU time of this process so far, in ms. */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Generates the unfinished chunks of take `takeId` (see the file comment). */
export async function generateTake(project: ProjectFiles, takeId: number, reporter: GenerationReporter, options: GenerationOptions = {}): Promise<GenerationResult> {
  const take = getTake(project.db, takeId);
  const plan = parsePlan(getRun(project.db, take.runId).settings, take.runId);
  const loaded = options.model ?? loadPlannedModel(plan.model, plan.memoryPreset);
  try {
    for (const warning of loaded.warnings) reporter.log('warn', warning);
    const schedule = planChunks(plan, loaded.config.video, takeOverrides(project.db, take.id));
    const history = loadTakeHistory(project, plan, take, loaded.config);
    if (options.memoryLimitBytes !== undefined) {
      const { fps, chunkFrames } = loaded.config.video;
      const historySeconds = (history.footageFrames + schedule.length * chunkFrames) / fps;
      checkFits(estimateMemory(loaded.config, { batch: 1, historySeconds, rate: plan.memoryPreset, mode: 'sample' }), options.memoryLimitBytes);
    }
    const job: TakeJob = { project, take, plan, loaded, schedule, history, reporter };
    const first = history.chunks.length;
    const count = schedule.length;
    const complete = first >= count ? `all ${count} chunks already made` : null;
    reporter.log('info', `take ${take.id} of run ${take.runId}: ${complete ?? `chunks ${first + 1}-${count} of ${count}`}, `
      + `${history.footageFrames} footage frames in memory, model ${loaded.description.path ?? `random ${loaded.description.preset}`}`);
    const timings: ChunkTiming[] = [];
    const steps = plan.samplingSteps;
    reporter.progress((first - take.fromChunk) * steps, (count - take.fromChunk) * steps, complete ?? `chunk ${first + 1} of ${count}`);
    for (const planned of schedule.slice(first)) {
      reporter.throwIfCancelled();
      const timing = await generateChunk(job, planned);
      timings.push(timing);
      options.onChunk?.(timing);
    }
    if (take.parentTakeId !== null && !getTake(project.db, take.id).isCurrent) {
      setCurrentTake(project.db, take.id);
      reporter.log('info', `take ${take.id} is finished and is now the one run ${take.runId} shows`);
    }
    return {
      runId: take.runId, takeId: take.id, chunkCount: schedule.length, generated: timings.length,
      frames: schedule.reduce((n, c) => n + c.frameEnd - c.frameStart, 0), model: loaded.description, timings,
      flopsPerSecond: achievedRate(job, timings),
    };
  } finally {
    if (!options.model) loaded.model.dispose();
  }
}

/** FLOPs per second over the chunks made (encode and sampling; I/O is not compute). */
function achievedRate(job: TakeJob, timings: readonly ChunkTiming[]): number | null {
  const { config } = job.loaded;
  const flops = timings.reduce((n, t) => n + chunkFlops(config, t.historyFrames, job.plan.samplingSteps, job.plan.guidance).total, 0);
  const seconds = timings.reduce((n, t) => n + (t.encodeMs + t.sampleMs) / 1000, 0);
  return seconds > 0 ? flops / seconds : null;
}

/** The last `count` frames of the history clip as the generator's window, or null. */
function recentWindow(clip: tf.Tensor5D, count: number): WindowFrames | null {
  const [, frames, height, width, channels] = clip.shape;
  const w = Math.min(count, frames);
  if (w === 0) return null;
  return { frames: tf.slice(clip, [0, frames - w, 0, 0, 0], [1, w, height, width, channels]), times: [range(frames - w, w)] };
}

/** phi(H) and the recent-frame window of the history as it stands. */
function encodeHistory(job: TakeJob): { memory: MemoryEncoding; window: WindowFrames | null } {
  const { model, config } = job.loaded;
  const { frames, size } = job.history;
  const clip = framesToClip(frames, size);
  try {
    const memory = model.encodeMemory(clip, range(0, frames.length));
    try {
      return { memory, window: recentWindow(clip, config.generator.windowFrames) };
    } catch (error) {
      memory.tokens.dispose();
      throw error;
    }
  } finally {
    clip.dispose();
  }
}

async function generateChunk(job: TakeJob, planned: PlannedChunk): Promise<ChunkTiming> {
  const { take, plan, loaded, history, reporter, schedule } = job;
  const { model, config } = loaded;
  const start = { wall: performance.now(), cpu: cpuNow() };
  const t = history.frames.length;
  const { memory, window } = encodeHistory(job);
  let output: tf.Tensor5D;
  let encoded: typeof start;
  try {
    await memory.tokens.data();
    encoded = { wall: performance.now(), cpu: cpuNow() };
    if (planned.cut) reporter.log('info', `chunk ${planned.index + 1}: hard cut to "${planned.caption}"`);
    const base = (planned.index - take.fromChunk) * plan.samplingSteps;
    const total = (schedule.length - take.fromChunk) * plan.samplingSteps;
    output = await sample(model, {
      captions: [planned.caption], memory, window, targetTimes: [range(t, config.video.chunkFrames)], seeds: [chunkSeed(take.seed, planned.index)],
      // A hard cut, or the first chunk of a storyboard without footage, opens a shot; every other chunk continues the one on screen.
      newShot: [planned.cut || t === 0],
    }, {
      steps: plan.samplingSteps, guidance: plan.guidance, ...modelSampling(config.flow),
      onStep: (step, _total, estimate) => onStep(job, planned, { step, base, total, estimate }),
    });
  } finally {
    memory.tokens.dispose();
    window?.frames.dispose();
  }
  const frames = clipToFrames(output);
  output.dispose();
  const sampled = { wall: performance.now(), cpu: cpuNow() };
  const format = { ...history.size, fps: config.video.fps };
  const chunk = saveChunk(job.project, { take, planned, seed: chunkSeed(take.seed, planned.index), frames, format });
  history.frames.push(...frames);
  history.chunks.push(chunk);
  reporter.artifact('chunk', projectFile(job.project, chunk.framesPath));
  previewChunk(job.project, take, planned.index, frames, history.size, reporter);
  const saved = { wall: performance.now(), cpu: cpuNow() };
  return {
    chunkIndex: planned.index, historyFrames: t, memoryTokens: memory.positions.length,
    encodeMs: encoded.wall - start.wall, sampleMs: sampled.wall - encoded.wall, ioMs: saved.wall - sampled.wall,
    cpu: { encodeMs: encoded.cpu - start.cpu, sampleMs: sampled.cpu - encoded.cpu, ioMs: saved.cpu - sampled.cpu },
  };
}

/** A sampler step: progress, a preview of the estimate every few steps, a chance to cancel. */
async function onStep(job: TakeJob, planned: PlannedChunk, at: { step: number; base: number; total: number; estimate: tf.Tensor5D }): Promise<'cancel' | undefined> {
  const { reporter, plan, schedule } = job;
  const steps = plan.samplingSteps;
  reporter.progress(at.base + at.step, at.total, `chunk ${planned.index + 1} of ${schedule.length}, step ${at.step} of ${steps}`);
  if (at.step < steps && at.step % Math.max(1, Math.ceil(steps / 4)) === 0) {
    previewEstimate(job.project, job.take, clipToFrames(at.estimate), job.history.size, reporter);
  }
  // The cancel message arrives as an event: let it in before deciding.
  await yieldToEvents();
  return reporter.signal.aborted ? 'cancel' : undefined;
}
