/**
 * A model made of the last checkpoint a stopped training run kept, so a run cancelled once it was
 * good enough need not be trained to its end. Exporting reads the checkpoint's tensors, so this
 * runs in the engine process (a quick call, engine-calls.ts). The model folder goes beside the
 * checkpoint, named after its step, and is registered as a 'checkpoint' model of the run with
 * the scores the checkpoint recorded; doing it twice replaces the folder and keeps one row.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeConfig } from '../../engine/checkpoint/config';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { exportModel } from '../../engine/train/index';
import type { ModelRecord, Project } from '../../project/index';
import { stoppedRunCheckpoint } from './train-checkpoints';
import { registerRunModel } from './train-record';

/** Exports and registers the model of run `runId`'s last checkpoint (see the file comment). */
export async function modelFromCheckpoint(project: Project, runId: number): Promise<ModelRecord> {
  const { run, checkpoint } = stoppedRunCheckpoint(project.db, runId);
  const exported = await exportModel({ from: checkpoint.dir, to: join(dirname(checkpoint.dir), `model-${basename(checkpoint.dir)}`) });
  const configFile = join(exported.dir, CHECKPOINT_FILES.config);
  const { metrics } = decodeConfig(readFileSync(configFile), configFile);
  return registerRunModel(project, run.id, exported, 'checkpoint', metrics);
}
