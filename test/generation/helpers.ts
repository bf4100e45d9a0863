/**
 * Shared set-up of the generation tests: a micro model (the engine self-test's 16x16 config,
 * weights perturbed so every output depends on noise, caption and memory) saved as a real
 * checkpoint folder, projects that use it with a two-shot storyboard, and frame hashes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../../main/engine/backend';
import { saveCheckpoint } from '../../main/engine/checkpoint/folder';
import { VideoModel } from '../../main/engine/model/model';
import { hashSeed } from '../../main/engine/model/params';
import { selfTestConfig } from '../../main/engine/selftest';
import { projectFile } from '../../main/jobs/generation/paths';
import { addCaption, closeProject, createProject, listChunks, type Project } from '../../main/project/index';

/** The runner modules of this task, as an engine loads them. */
export const GENERATION_RUNNERS = ['generate.ts', 'fidelity.ts'].map((f) => fileURLToPath(new URL(`../../main/jobs/runners/${f}`, import.meta.url)));

/** The micro model's captions (its vocabulary covers them). */
export const CAPTIONS = ['a red ball rolls left', 'a blue cat sits by the shelf'] as const;

/** Saves the perturbed micro model as a checkpoint folder at `dir`; another `salt` gives other weights. */
export async function writeMicroModel(dir: string, salt = 3): Promise<void> {
  await initEngine({ backend: 'wasm' });
  const config = selfTestConfig();
  const model = new VideoModel(config, 7);
  try {
    for (const [name, variable] of model.params()) {
      const next = tf.tidy(() => tf.mul(tf.randomNormal(variable.shape, 0, 1, 'float32', hashSeed(salt, name)), 0.1));
      variable.assign(next);
      next.dispose();
    }
    await saveCheckpoint(dir, { config: { preset: config.preset, architecture: config }, weights: model.params() });
  } finally {
    model.dispose();
  }
}

/** A temporary home (LONGSHOT_HOME) with the micro model in it; `dispose` deletes it all. */
export async function generationSandbox() {
  const root = mkdtempSync(join(tmpdir(), 'longshot-gen-'));
  process.env.LONGSHOT_HOME = join(root, 'home');
  const modelDir = join(root, 'micro-model');
  await writeMicroModel(modelDir);
  const open: Project[] = [];
  return {
    root,
    modelDir,
    /**
     * A project using the micro model: 16x16 at 4 fps, chunks of 2 frames, 3 sampler steps with
     * guidance; a storyboard of two shots, the second a hard cut at 1.5 s.
     */
    project(name: string, durationSec = 3): Project {
      const project = createProject(root, name, {
        durationSec, fps: 4, width: 16, height: 16, modelId: modelDir, memoryPreset: '2x2x2', seed: 42, samplingSteps: 3, guidance: 2,
      });
      addCaption(project.db, { startSec: 0, endSec: 1.5, text: CAPTIONS[0] });
      addCaption(project.db, { startSec: 1.5, endSec: durationSec, text: CAPTIONS[1], transition: 'cut' });
      open.push(project);
      return project;
    },
    dispose(): void {
      for (const project of open) if (project.db.open) closeProject(project);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * sha256 of each chunk's frames file of a take, in chunk order. Frame files carry a JSON header
 * with no per-run data, so equal hashes mean equal frames.
 */
export function chunkHashes(project: Project, takeId: number): string[] {
  return listChunks(project.db, takeId).map((chunk) => createHash('sha256').update(readFileSync(projectFile(project, chunk.framesPath))).digest('hex'));
}
