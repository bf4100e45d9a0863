/**
 * Generation held against the ground truth: a Storyworld storyboard the model never trained on
 * (its video's seed is not one a training dataset derives) is generated through the product's
 * own path (a project with that storyboard, the generation loop, the chunk files it saves) and
 * the frames are compared with the video Storyworld renders for the same storyboard: PSNR beside
 * the dataset's mean frame (what a model that ignored the storyboard would best draw) and the
 * video's own mean frame (an oracle that has seen the whole video), and blockiness (metrics/blockiness.ts), which is what
 * a mosaic of unrelated patches fails. The quality test and the rollout probe both use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deriveSeed, StoryworldVideo, type StoryworldOptions } from '../../data/index';
import { blockiness } from '../../engine/metrics/blockiness';
import { meanFrame, type RgbFrame } from '../../engine/metrics/frame';
import { psnr } from '../../engine/metrics/psnr';
import { generateTake } from '../../jobs/generation/loop';
import type { LoadedModel } from '../../jobs/generation/model-source';
import { projectFile } from '../../jobs/generation/paths';
import { createGeneration } from '../../jobs/generation/takes';
import { FrameFileReader } from '../../media/frame-file';
import { closeProject, createProject, listChunks, replaceStoryboard } from '../../project/index';

/** How the storyboard is generated. */
export interface TruthRun {
  /** The Storyworld video whose storyboard is generated and whose frames are the truth. */
  source: StoryworldOptions;
  samplingSteps: number;
  guidance: number;
  /** The take's noise seed. */
  seed: number;
  /** Generate only the storyboard's first this many seconds (Storyworld writes 9 s at least); default all. */
  seconds?: number;
  /** The dataset's mean frame (storyworldMeanFrame), scored against the truth beside the generated frames. */
  datasetMean: RgbFrame;
}

/** Which Storyworld videos stand for "the dataset" in its mean frame, and every how many frames count. */
export interface MeanFrameSource {
  /** The dataset seed whose videos are averaged (the default recipe's is 1). */
  seed: number;
  videos: number;
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Average every this many frames; default 8. */
  stride?: number;
}

/**
 * The mean frame of a Storyworld dataset as `writeStoryworldDataset` would write it (the same
 * derived video seeds): the best single picture that knows nothing of the storyboard, the
 * baseline a generator of the storyboard must beat.
 */
export function storyworldMeanFrame(source: MeanFrameSource): RgbFrame {
  const { seed, videos, seconds, width, height, fps, stride = 8 } = source;
  const frames: RgbFrame[] = [];
  for (let k = 0; k < videos; k++) {
    const video = new StoryworldVideo({ seed: deriveSeed(seed, 'video', k), seconds, width, height, fps });
    for (let i = 0; i < video.frameCount; i += stride) frames.push({ width, height, data: video.renderFrame(i).pixels.slice() });
  }
  return meanFrame(frames);
}

/** The comparison, frame scores averaged over the generated frames. */
export interface TruthComparison {
  frames: number;
  /** Generated frame vs the true frame at the same time. */
  psnr: number;
  /** The true video's mean frame vs each true frame: an oracle that has seen the whole video. */
  meanFramePsnr: number;
  /** The dataset's mean frame vs each true frame: the baseline that knows nothing of the storyboard. */
  datasetMeanPsnr: number;
  /** Blockiness of the generated frames and of the true ones, at the generator's patch size. */
  blockiness: number;
  truthBlockiness: number;
  /** The generated frames (RGB, width x height x 3), for contact sheets. */
  generated: Uint8Array[];
  truth: Uint8Array[];
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
const asFrame = (data: Uint8Array, width: number, height: number): RgbFrame => ({ width, height, data });

/** Generates `run`'s storyboard with `loaded` in a temporary project and compares it with the truth. */
export async function compareWithTruth(loaded: LoadedModel, run: TruthRun, signal = new AbortController().signal): Promise<TruthComparison> {
  const { width, height, fps } = run.source;
  const seconds = Math.min(run.seconds ?? run.source.seconds, run.source.seconds);
  const video = new StoryworldVideo(run.source);
  const storyboard = video.storyboard.filter((row) => row.startSec < seconds).map((row) => ({ ...row, endSec: Math.min(row.endSec, seconds) }));
  const root = mkdtempSync(join(tmpdir(), 'longshot-truth-'));
  try {
    const project = createProject(root, 'truth', {
      durationSec: seconds, fps, width, height, modelId: loaded.description.path === null ? `random:${loaded.description.preset}` : resolve(loaded.description.path),
      memoryPreset: loaded.config.memory.compression, seed: run.seed, samplingSteps: run.samplingSteps, guidance: run.guidance,
    });
    let generated: Uint8Array[];
    try {
      replaceStoryboard(project.db, storyboard);
      const { take } = createGeneration(project.db, { seed: run.seed, footageId: null });
      const reporter = {
        signal, throwIfCancelled: () => signal.throwIfAborted(), progress: () => undefined,
        preview: () => undefined, artifact: () => undefined, log: () => undefined,
      };
      await generateTake(project, take.id, reporter, { model: loaded });
      generated = listChunks(project.db, take.id).flatMap((chunk) => {
        const reader = new FrameFileReader(projectFile(project, chunk.framesPath));
        try {
          return Array.from({ length: reader.info.frameCount }, (_, i) => reader.read(i));
        } finally {
          reader.close();
        }
      });
    } finally {
      closeProject(project);
    }
    const truth = generated.map((_, i) => video.renderFrame(i).pixels.slice());
    const truthFrames = truth.map((f) => asFrame(f, width, height));
    const generatedFrames = generated.map((f) => asFrame(f, width, height));
    const average = meanFrame(truthFrames);
    const { patch } = loaded.config.video;
    return {
      frames: generated.length,
      psnr: mean(generatedFrames.map((f, i) => psnr(f, truthFrames[i] as RgbFrame))),
      meanFramePsnr: mean(truthFrames.map((f) => psnr(average, f))),
      datasetMeanPsnr: mean(truthFrames.map((f) => psnr(run.datasetMean, f))),
      blockiness: blockiness(generatedFrames, patch),
      truthBlockiness: blockiness(truthFrames, patch),
      generated,
      truth,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
