// Exact resume (reliability.md, "Jobs"): N steps straight equal k steps, a stop that loses the
// steps after the last checkpoint (as a kill does), and a resumed run to N: the same weights,
// optimizer state and EMA within 1e-6, on cpu and on wasm. A run folder of another recipe is refused.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../main/data/index';
import { disposeCheckpoint, loadCheckpoint } from '../../main/engine/checkpoint/folder';
import { CancelledError } from '../../main/engine/flow/errors';
import { runTraining, TrainError, type TrainingStage } from '../../main/engine/train/index';
import { maxDifference, microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

const temp = tempDir('resume');
let dataset: Dataset;
beforeAll(async () => {
  dataset = await smallStoryworld(join(temp.dir, 'data'), 5, 10);
});
afterAll(() => temp.remove());

const STEPS = 8;

/** Loss per step of a run (to see the resumed steps repeat the straight run's). */
async function train(stage: TrainingStage, runDir: string, stopAfter?: number): Promise<Map<number, number>> {
  const losses = new Map<number, number>();
  const controller = new AbortController();
  await runTraining({
    ...trainerOptions(dataset, microModel(dataset), shortRecipe(stage, { steps: STEPS, checkpointEvery: 4 }), runDir),
    signal: controller.signal,
    onStep: (report) => {
      losses.set(report.step, report.loss);
      if (report.step === stopAfter) controller.abort();
    },
  });
  return losses;
}

function expectSameCheckpoint(a: string, b: string): void {
  const left = loadCheckpoint(a);
  const right = loadCheckpoint(b);
  try {
    expect(maxDifference(left.weights, right.weights)).toBeLessThanOrEqual(1e-6);
    expect(maxDifference(left.optimizer ?? new Map(), right.optimizer ?? new Map())).toBeLessThanOrEqual(1e-6);
    // Everything but the wall time: step, RNG, data cursor, recipe.
    expect({ ...right.state, elapsedSeconds: 0 }).toEqual({ ...left.state, elapsedSeconds: 0 });
  } finally {
    disposeCheckpoint(left);
    disposeCheckpoint(right);
  }
}

describe.each(['cpu', 'wasm'] as const)('exact resume on %s', (backend) => {
  it.each(['pretrain', 'finetune'] as const)('%s: 8 steps straight equal 6 steps, a stop, and a resume to 8', async (stage) => {
    await useEngine(backend);
    const straightDir = join(temp.dir, `${backend}-${stage}-straight`);
    const resumedDir = join(temp.dir, `${backend}-${stage}-resumed`);
    const straight = await train(stage, straightDir);
    await expect(train(stage, resumedDir, 6)).rejects.toBeInstanceOf(CancelledError);
    // Steps 5 and 6 were never checkpointed: the resumed run starts again from step 4.
    const resumed = await train(stage, resumedDir);
    expect([...resumed.keys()]).toEqual([5, 6, 7, 8]);
    for (const [step, loss] of resumed) expect(loss).toBe(straight.get(step));
    expectSameCheckpoint(join(straightDir, 'step-000008'), join(resumedDir, 'step-000008'));
  });
});

describe('resuming a run folder', () => {
  it('refuses a folder trained with another recipe, naming the difference', async () => {
    await useEngine('cpu');
    const runDir = join(temp.dir, 'cpu-pretrain-straight');
    const error = await runTraining(trainerOptions(dataset, microModel(dataset), shortRecipe('pretrain', { steps: STEPS, learningRate: 1e-3 }), runDir))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainError);
    expect((error as TrainError).code).toBe('config_mismatch');
    expect((error as TrainError).message).toMatch(/recipe\.learningRate: checkpoint 0\.002, model 0\.001/);
  });
});
