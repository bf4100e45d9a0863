/**
 * main/data as the training loop sees it: ClipSampler adapted to the engine's ClipSource (its
 * cursor saved with checkpoints), a fixed set of held-out validation clips, and the storyboard
 * corpus a fresh model's caption vocabulary is built from.
 */
import { ClipSampler, DatasetError, deriveSeed, openDataset, type Clip, type Dataset, type SamplerCursor } from '../../data/index';
import type { ClipSourceFactory, TrainingClip } from '../../engine/train/index';

/** Which clips a run samples. */
export interface ClipOptions {
  datasets: readonly Dataset[];
  clipFrames: number;
  /** The run's seed; the data draws use their own streams derived from it. */
  seed: number;
  validationFraction: number;
}

/** Opens every dataset folder; throws DatasetError naming the first that cannot be read. */
export function openDatasets(dirs: readonly string[]): Dataset[] {
  if (dirs.length === 0) throw new DatasetError('empty', 'training needs at least one dataset folder');
  return dirs.map((dir) => openDataset(dir));
}

/** A sampled clip as the engine's TrainingClip (Storyworld ground truth becomes character boxes). */
export function trainingClip(clip: Clip): TrainingClip {
  return {
    videoKey: `${clip.datasetDir}#${clip.videoId}`,
    width: clip.width,
    height: clip.height,
    frameCount: clip.times.length,
    frames: clip.frames,
    captions: clip.captions,
    shotOpening: clip.shotOpening,
    shotStart: clip.shotStart,
    boxes: clip.truth.map((truth) => truth?.characters.map((c) => c.box) ?? []),
  };
}

/** The training split as an endless clip stream that resumes from a saved cursor. */
export function trainingSource(options: ClipOptions): ClipSourceFactory {
  return (cursor) => {
    const sampler = new ClipSampler({
      datasets: options.datasets, clipFrames: options.clipFrames, split: 'train', seed: deriveSeed(options.seed, 'train-clips'),
      validationFraction: options.validationFraction, ...(cursor !== undefined && { cursor: cursor as SamplerCursor }),
    });
    return { next: () => trainingClip(sampler.next()), cursor: () => sampler.cursor, close: () => sampler.close() };
  };
}

/**
 * `count` clips of the validation split, the same for every run with this seed. A dataset too
 * small to hold out a long enough video gives none; the run then trains without evaluations.
 */
export function validationClips(options: ClipOptions, count: number): TrainingClip[] {
  if (count === 0) return [];
  let sampler: ClipSampler;
  try {
    sampler = new ClipSampler({
      datasets: options.datasets, clipFrames: options.clipFrames, split: 'validation', seed: deriveSeed(options.seed, 'validation-clips'),
      validationFraction: options.validationFraction,
    });
  } catch (error) {
    if (error instanceof DatasetError && error.code === 'empty') return [];
    throw error;
  }
  try {
    return Array.from({ length: count }, () => trainingClip(sampler.next()));
  } finally {
    sampler.close();
  }
}

/** Every storyboard caption of the datasets (for the vocabulary of a fresh model). */
export function captionCorpus(datasets: readonly Dataset[]): string[] {
  return datasets.flatMap((dataset) => dataset.videoIds.flatMap((id) => dataset.video(id).file.storyboard.map((row) => row.text)));
}
