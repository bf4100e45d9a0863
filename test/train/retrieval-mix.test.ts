// Fine-tuning with a retrieval mix: a share of the steps trains stage 1's frame retrieval on the
// history part of the clips, so fine-tuning keeps what the memory preserves. The batches drawn,
// the recipe (a zero mix is left out, so older runs still resume), the checks, and exact resume.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../main/data/index';
import { drawTaskBatch } from '../../main/engine/train/batches';
import { CancelledError } from '../../main/engine/flow/errors';
import { Rng } from '../../main/engine/optim/rng';
import { clipFrames, historyFrames, recipeOf, runTraining, validateTrainConfig } from '../../main/engine/train/index';
import { validationClips } from '../../main/jobs/runners/train-data';
import { microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

const temp = tempDir('retrieval-mix');
let dataset: Dataset;
beforeAll(async () => {
  dataset = await smallStoryworld(join(temp.dir, 'data'), 5, 10);
});
afterAll(() => temp.remove());

describe('a fine-tuning retrieval mix', () => {
  it('draws that share of retrieval batches over the history frames, and none without a mix', async () => {
    await useEngine('cpu');
    const model = microModel(dataset);
    const clips = validationClips({ datasets: [dataset], clipFrames: clipFrames(model, 'finetune'), seed: 1, validationFraction: 0.2 }, 2);
    const history = historyFrames(model);
    const kinds = (mix: number) => {
      const rng = Rng.fromSeed(5);
      return Array.from({ length: 40 }, () => {
        const drawn = drawTaskBatch(clips, rng, model, shortRecipe('finetune', { retrievalMix: mix }));
        const { batch } = drawn;
        if (batch.kind === 'retrieval') {
          expect(batch.clips.shape[1]).toBe(history);
          expect(batch.targetIndices.flat().every((i) => i >= 0 && i < history)).toBe(true);
        }
        drawn.dispose();
        return batch.kind;
      });
    };
    const mixed = kinds(0.5).filter((kind) => kind === 'retrieval').length;
    expect(mixed).toBeGreaterThan(10);
    expect(mixed).toBeLessThan(30);
    expect(new Set(kinds(0))).toEqual(new Set(['continuation']));
  });

  it('is part of the recipe only when set, and only for fine-tuning', () => {
    const model = microModel(dataset);
    expect(recipeOf(shortRecipe('finetune'))).not.toHaveProperty('retrievalMix');
    expect(recipeOf(shortRecipe('finetune', { retrievalMix: 0 }))).not.toHaveProperty('retrievalMix');
    expect(recipeOf(shortRecipe('finetune', { retrievalMix: 0.25 }))).toMatchObject({ retrievalMix: 0.25 });
    expect(() => validateTrainConfig(shortRecipe('pretrain', { retrievalMix: 0.25 }), model)).toThrow(/retrieval mix is for fine-tuning/);
    expect(() => validateTrainConfig(shortRecipe('finetune', { retrievalMix: 1 }), model)).toThrow(/retrieval mix must be in \[0, 1\)/);
  });

  it('resumes exactly: 8 steps straight equal 6, a stop, and a resume to 8', async () => {
    await useEngine('cpu');
    const recipe = shortRecipe('finetune', { steps: 8, checkpointEvery: 4, retrievalMix: 0.5 });
    const run = async (runDir: string, stopAfter?: number) => {
      const losses = new Map<number, number>();
      const controller = new AbortController();
      await runTraining({
        ...trainerOptions(dataset, microModel(dataset), recipe, runDir), signal: controller.signal,
        onStep: (report) => {
          losses.set(report.step, report.loss);
          if (report.step === stopAfter) controller.abort();
        },
      });
      return losses;
    };
    const straight = await run(join(temp.dir, 'straight'));
    await expect(run(join(temp.dir, 'resumed'), 6)).rejects.toBeInstanceOf(CancelledError);
    const resumed = await run(join(temp.dir, 'resumed'));
    expect([...resumed.keys()]).toEqual([5, 6, 7, 8]);
    for (const [step, loss] of resumed) expect(loss).toBe(straight.get(step));
  });
});
