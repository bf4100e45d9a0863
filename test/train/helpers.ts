/**
 * Shared set-up of the training tests: a few short Storyworld videos at 16x16 and 4 fps
 * (written once per file into a temporary folder), the engine's micro model (16x16 frames, D = 32,
 * 2 blocks: a step takes milliseconds) with a vocabulary from those captions, and a short recipe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { openDataset, writeStoryworldDataset, type Dataset } from '../../main/data/index';
import { initEngine } from '../../main/engine/backend/index';
import type { ModelConfig } from '../../main/engine/model/config';
import { buildVocabulary } from '../../main/engine/model/tokenizer';
import { selfTestConfig } from '../../main/engine/selftest';
import { clipFrames, defaultTrainConfig, type TrainConfig, type TrainerOptions, type TrainingStage } from '../../main/engine/train/index';
import { captionCorpus, trainingSource, validationClips } from '../../main/jobs/runners/train-data';

/** A temporary folder and its remover. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `longshot-train-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts tfjs on `backend` with the engine's set-up (gradients, wasm kernel overrides). */
export async function useEngine(backend: 'cpu' | 'wasm'): Promise<void> {
  await initEngine({ backend });
}

/** Writes `videos` Storyworld videos of `seconds` at 16x16, 4 fps into `dir` and opens them. */
export async function smallStoryworld(dir: string, videos = 5, seconds = 10): Promise<Dataset> {
  await writeStoryworldDataset({ dir, videos, seconds, width: 16, height: 16, fps: 4, seed: 7 });
  return openDataset(dir);
}

/** The micro model with a vocabulary built from the dataset's captions. */
export function microModel(dataset: Dataset): ModelConfig {
  const base = selfTestConfig();
  return { ...base, text: { ...base.text, vocab: buildVocabulary(captionCorpus([dataset]), { maxSize: 200 }) } };
}

/** A short recipe: batch 2, quick warm-up, fast EMA, evaluations and checkpoints only when asked. */
export function shortRecipe(stage: TrainingStage, overrides: Partial<TrainConfig> = {}): TrainConfig {
  return defaultTrainConfig(stage, {
    steps: 8, batch: 2, learningRate: 2e-3, warmupSteps: 2, minLearningRate: 2e-4, emaDecay: 0.9,
    evalEvery: 0, evalSamplerSteps: 2, checkpointEvery: 4, keepLast: 2, seed: 3, ...overrides,
  });
}

/** Trainer options over the dataset: its training stream and `evalClips` held-out clips. */
export function trainerOptions(dataset: Dataset, model: ModelConfig, train: TrainConfig, runDir: string, evalClips = 0): TrainerOptions {
  const clips = { datasets: [dataset], clipFrames: clipFrames(model, train.stage), seed: train.seed, validationFraction: 0.2 };
  return { model, train, runDir, source: trainingSource(clips), validation: validationClips(clips, evalClips) };
}

/** Largest absolute difference between two equally named sets of tensors (Infinity if names differ). */
export function maxDifference(a: ReadonlyMap<string, tf.Tensor>, b: ReadonlyMap<string, tf.Tensor>): number {
  if (a.size !== b.size || [...a.keys()].some((name) => !b.has(name))) return Infinity;
  let worst = 0;
  for (const [name, tensor] of a) {
    const other = b.get(name) as tf.Tensor;
    worst = Math.max(worst, tf.tidy(() => tf.max(tf.abs(tf.sub(tensor, other))).dataSync()[0] as number));
  }
  return worst;
}
