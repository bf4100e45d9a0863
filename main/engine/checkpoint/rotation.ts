/**
 * Checkpoint rotation for training runs. A run directory holds `step-000123/` checkpoint folders
 * and a `latest` file naming the newest one. After each save only the last `keepLast` complete
 * folders and the best one by a chosen metric survive. Resuming scans the folders newest first
 * and takes the first that verifies: the `latest` pointer is for people and tools, and can lag one
 * save behind after a crash, so it is not trusted for resume.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, toCheckpointError, writeFileAtomic, type CheckpointIo } from './atomic';
import { CheckpointError } from './errors';
import { saveCheckpoint, verifyCheckpoint, type CheckpointContents } from './folder';
import { CHECKPOINT_FILES } from './manifest';
import { listStepCheckpoints, stepFolderName, type StepCheckpoint } from './step-folders';

/** How many checkpoints a run keeps. */
export interface RotationOptions {
  /** The newest this many complete checkpoints are kept (at least 1). */
  keepLast: number;
  /** Also keep the best checkpoint by `config.metrics[metric]`. */
  best?: { metric: string; mode: 'max' | 'min' };
  io?: CheckpointIo;
}

/** The run directory's pointer to its newest checkpoint folder. */
export const LATEST_POINTER = 'latest';
const LEFTOVER = /^\.(step-\d+)\.(staging|replaced)-/;

/** The folder name the `latest` pointer holds, or null when there is none. */
export function readLatestPointer(runDir: string): string | null {
  const path = join(runDir, LATEST_POINTER);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

function metricOf(dir: string, metric: string): number | undefined {
  try {
    const config = JSON.parse(readFileSync(join(dir, CHECKPOINT_FILES.config), 'utf8')) as { metrics?: Record<string, unknown> };
    const value = config.metrics?.[metric];
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

function bestOf(complete: readonly StepCheckpoint[], best: NonNullable<RotationOptions['best']>): StepCheckpoint | undefined {
  let winner: { checkpoint: StepCheckpoint; value: number } | undefined;
  for (const checkpoint of complete) {
    const value = metricOf(checkpoint.dir, best.metric);
    if (value === undefined) continue;
    const better = !winner || (best.mode === 'max' ? value > winner.value : value < winner.value);
    if (better) winner = { checkpoint, value };
  }
  return winner?.checkpoint;
}

/** Deletes step folders outside the kept set, and temporary folders that crashed saves left behind. */
function prune(runDir: string, current: string, options: RotationOptions): void {
  const all = listStepCheckpoints(runDir);
  const complete = all.filter((c) => existsSync(join(c.dir, CHECKPOINT_FILES.manifest)));
  const keep = new Set([current, ...complete.slice(-options.keepLast).map((c) => c.dir)]);
  const best = options.best && bestOf(complete, options.best);
  if (best) keep.add(best.dir);
  for (const checkpoint of all) if (!keep.has(checkpoint.dir)) rmSync(checkpoint.dir, { recursive: true, force: true });
  for (const name of readdirSync(runDir)) {
    const match = LEFTOVER.exec(name);
    // A `.replaced-` folder is the only copy if its replacement never arrived; keep it then.
    if (match && (match[2] === 'staging' || existsSync(join(runDir, match[1] as string)))) {
      rmSync(join(runDir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Saves `step-NNNNNN/` under `runDir`, points `latest` at it, then prunes. Returns the folder.
 * Throws CheckpointError as saveCheckpoint does ('disk_full' leaves earlier checkpoints intact).
 */
export async function saveRotatingCheckpoint(
  runDir: string,
  step: number,
  contents: CheckpointContents,
  options: RotationOptions,
): Promise<string> {
  if (!Number.isSafeInteger(options.keepLast) || options.keepLast < 1) {
    throw new CheckpointError('invalid_input', `keepLast must be at least 1, got ${options.keepLast}`);
  }
  const name = stepFolderName(step);
  const dir = join(runDir, name);
  await saveCheckpoint(dir, contents, { io: options.io ?? {} });
  try {
    writeFileAtomic(join(runDir, LATEST_POINTER), Buffer.from(`${name}\n`, 'utf8'), options.io ?? {});
    fsyncDir(runDir);
    prune(runDir, dir, options);
  } catch (error) {
    throw toCheckpointError(error, runDir, 'rotating checkpoints in');
  }
  return dir;
}

/** The newest checkpoint that verifies, and why each newer one was skipped. */
export interface LatestCheckpoint extends StepCheckpoint {
  skipped: { dir: string; reason: string }[];
}

/** Finds the newest step folder whose manifest and files verify, or null when none does. */
export function findLatestValidCheckpoint(runDir: string): LatestCheckpoint | null {
  const skipped: LatestCheckpoint['skipped'] = [];
  for (const checkpoint of listStepCheckpoints(runDir).reverse()) {
    try {
      verifyCheckpoint(checkpoint.dir);
      return { ...checkpoint, skipped };
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      skipped.push({ dir: checkpoint.dir, reason: error.message });
    }
  }
  return null;
}
