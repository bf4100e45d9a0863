// A cancel stops the run within one step with every tensor freed (and, when asked, a checkpoint
// of where it stopped); a disk that fills up during a checkpoint fails the run with the reason and
// leaves the previous checkpoint intact (reliability.md, "Jobs").
import { existsSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../main/data/index';
import { findLatestValidCheckpoint } from '../../main/engine/checkpoint/rotation';
import { CancelledError } from '../../main/engine/flow/errors';
import { runTraining, TrainError } from '../../main/engine/train/index';
import { microModel, shortRecipe, smallStoryworld, tempDir, trainerOptions, useEngine } from './helpers';

const temp = tempDir('faults');
let dataset: Dataset;
beforeAll(async () => {
  await useEngine('wasm');
  dataset = await smallStoryworld(join(temp.dir, 'data'), 5, 10);
});
afterAll(() => temp.remove());

describe('cancelling a run', () => {
  it.each([false, true])('stops within one step and frees every tensor (checkpoint on cancel: %s)', async (checkpointOnCancel) => {
    const runDir = join(temp.dir, `cancel-${checkpointOnCancel}`);
    const controller = new AbortController();
    const steps: number[] = [];
    const before = tf.memory().numTensors;
    const error = await runTraining({
      ...trainerOptions(dataset, microModel(dataset), shortRecipe('pretrain', { steps: 50, evalEvery: 2 }), runDir, 2),
      signal: controller.signal,
      checkpointOnCancel,
      onStep: (report) => {
        steps.push(report.step);
        // Cancelled from outside, as the job host's message arrives: between two steps.
        if (report.step === 3) setImmediate(() => controller.abort());
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).step).toBe(3);
    expect(steps).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    expect(findLatestValidCheckpoint(runDir)?.step).toBe(checkpointOnCancel ? 3 : undefined);
  });
});

describe('a full disk during a checkpoint', () => {
  it('fails the run with the reason and keeps the previous checkpoint intact', async () => {
    const runDir = join(temp.dir, 'disk-full');
    let full = false;
    const before = tf.memory().numTensors;
    const error = await runTraining({
      ...trainerOptions(dataset, microModel(dataset), shortRecipe('pretrain', { steps: 12, checkpointEvery: 4 }), runDir),
      io: {
        write: (fd, buffer, offset, length, position) => {
          if (full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          return writeSync(fd, buffer, offset, length, position);
        },
      },
      onCheckpoint: ({ step }) => {
        // The disk fills up after the first checkpoint.
        if (step === 4) full = true;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainError);
    expect((error as TrainError).code).toBe('disk_full');
    expect((error as TrainError).message).toMatch(/checkpoint of step 8 could not be saved .*disk full.*the previous checkpoint .*step-000004 is intact/s);
    expect(tf.memory().numTensors).toBe(before);
    expect(findLatestValidCheckpoint(runDir)).toMatchObject({ step: 4, skipped: [] });
    expect(readdirSync(runDir).sort()).toEqual(['latest', 'step-000004']);
    expect(existsSync(join(runDir, 'step-000004', 'manifest.json'))).toBe(true);
  });
});
