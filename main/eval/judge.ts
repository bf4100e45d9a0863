/**
 * `longshot eval judge`: trains the attribute judge on fresh Storyworld videos drawn at the
 * datasets' frame size (judge-data.ts says why not on their training split), measures each
 * head's accuracy on the datasets' held-out videos (the split by video the model trainer uses),
 * and saves it as a checkpoint folder (assets/models/judge by default) that the consistency
 * evaluation loads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openDataset, type Dataset } from '../data/index';
import { CHECKPOINT_FILES } from '../engine/checkpoint/manifest';
import {
  AttributeJudge, JUDGE_FORMAT, JUDGE_SCORES, defaultJudgeConfig, judgeAccuracy, loadJudge, saveJudge, trainJudge,
  type HeadScore, type JudgeScore, type LoadedJudge,
} from '../engine/judge/index';
import { datasetVideoSeeds, judgeSet, proceduralJudgeSet, storyworldClasses } from './judge-data';

/** Where the shipped judge lives. */
export const DEFAULT_JUDGE_DIR = fileURLToPath(new URL('../../assets/models/judge', import.meta.url));

/** How to train a judge. */
export interface JudgeTrainingOptions {
  data: readonly string[];
  /** The judge folder to write. */
  out: string;
  steps: number;
  batch: number;
  learningRate: number;
  seed: number;
  /** Fraction of each dataset's videos held out, as in model training. */
  validationFraction: number;
  /** Fresh Storyworld videos to train on, and their length. */
  trainVideos: number;
  trainSeconds: number;
  /** Train on every this many frames of them (held-out frames are all scored). */
  frameStep: number;
  signal?: AbortSignal;
  onStep?(step: number, steps: number, loss: number): void;
}

/** What a judge training reports. */
export interface JudgeReport {
  dir: string;
  sha256: string;
  /** Held-out accuracy per head, of the presence head, and of locating characters. */
  accuracy: Record<JudgeScore, HeadScore>;
  trainFrames: number;
  trainCharacters: number;
  steps: number;
  finalLoss: number;
  seconds: number;
}

/** The judge's held-out accuracy as flat metrics (checkpoint config, SQLite). */
export function accuracyMetrics(accuracy: Record<JudgeScore, HeadScore>): Record<string, number> {
  return Object.fromEntries(JUDGE_SCORES.map((head) => [`judge/${head}/accuracy`, accuracy[head].accuracy]));
}

/** Trains, scores and saves a judge. */
export async function trainAttributeJudge(options: JudgeTrainingOptions): Promise<JudgeReport> {
  const datasets = options.data.map((dir) => openDataset(dir));
  const config = defaultJudgeConfig(storyworldClasses());
  const heldOut = judgeSet(datasets, config, { validationFraction: options.validationFraction, split: 'validation', frameStep: 1 });
  const { width, height } = heldOut;
  const fps = (datasets[0] as Dataset).file.fps;
  const train = proceduralJudgeSet(config, {
    videos: options.trainVideos, seconds: options.trainSeconds, width, height, fps, seed: options.seed,
    frameStep: options.frameStep, exclude: datasetVideoSeeds(datasets),
  });
  const judge = new AttributeJudge(config, options.seed);
  try {
    const result = await trainJudge(judge, train, {
      steps: options.steps, batch: options.batch, learningRate: options.learningRate, seed: options.seed,
      ...(options.signal && { signal: options.signal }), ...(options.onStep && { onStep: options.onStep }),
    });
    const accuracy = judgeAccuracy(judge, heldOut);
    const trainCharacters = train.frames.reduce((n, f) => n + f.characters.length, 0);
    await saveJudge(options.out, judge, accuracyMetrics(accuracy), {
      heldOutFrom: datasets.map((d) => ({ dir: d.dir, seed: d.file.seed, videos: d.file.videos.length, size: `${d.file.width}x${d.file.height}` })),
      validationFraction: options.validationFraction, trainVideos: options.trainVideos, trainSeconds: options.trainSeconds,
      trainFrames: train.frames.length, trainCharacters,
      heldOutFrames: heldOut.frames.length, steps: options.steps, seed: options.seed,
    });
    const loaded = loadJudge(options.out);
    loaded.judge.dispose();
    return { dir: options.out, sha256: loaded.sha256, accuracy, trainFrames: train.frames.length, trainCharacters, ...result };
  } finally {
    judge.dispose();
  }
}

/** Whether `dir` holds a saved judge. */
export function judgeExists(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILES.config));
}

/** Whether the judge at `dir` is of a format older than this code's (it cannot locate characters), read from its config alone. */
function judgeOutdated(dir: string): boolean {
  try {
    const config = JSON.parse(readFileSync(join(dir, CHECKPOINT_FILES.config), 'utf8')) as { architecture?: { formatVersion?: unknown } };
    const version = config.architecture?.formatVersion;
    return typeof version === 'number' && version < JUDGE_FORMAT;
  } catch {
    return false; // unreadable: loadJudge says why
  }
}

/**
 * Loads the judge at `dir`, training it first (with `training`'s settings) when there is none or
 * when it is of an older format: a judge is derived from its settings alone, so replacing an
 * outdated one loses nothing.
 */
export async function ensureJudge(dir: string, training: Omit<JudgeTrainingOptions, 'out'>): Promise<LoadedJudge> {
  if (!judgeExists(dir) || judgeOutdated(dir)) await trainAttributeJudge({ ...training, out: dir });
  return loadJudge(dir);
}
