/**
 * A training run folder's step checkpoints by name (`step-000123`), found by listing the folder
 * only: no tensors, so the app's server can say what a stopped run kept (rotation.ts writes and
 * prunes them).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from './errors';

/** A checkpoint folder of a run. */
export interface StepCheckpoint {
  step: number;
  dir: string;
}

const STEP_FOLDER = /^step-(\d+)$/;

/** The folder name of a step: `step-000123` (wider past a million steps). */
export function stepFolderName(step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new CheckpointError('invalid_input', `step must be a non-negative integer, got ${step}`);
  return `step-${String(step).padStart(6, '0')}`;
}

/** The run's step folders, oldest first. */
export function listStepCheckpoints(runDir: string): StepCheckpoint[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { withFileTypes: true })
    .flatMap((entry) => {
      const match = entry.isDirectory() ? STEP_FOLDER.exec(entry.name) : null;
      return match ? [{ step: Number(match[1]), dir: join(runDir, entry.name) }] : [];
    })
    .sort((a, b) => a.step - b.step);
}
