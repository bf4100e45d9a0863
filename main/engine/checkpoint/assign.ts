/**
 * Loading weights into a model: every difference between the checkpoint and the model is found
 * before any variable changes, so a mismatch leaves the model untouched and the error lists all of
 * it at once (a user fixing a config should not discover the problems one by one).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { configDifferences, type ExpectedConfig, type StoredCheckpointConfig } from './config';
import { CheckpointError } from './errors';

/** What assignWeights reads: a LoadedCheckpoint fits, as does a bare weights map. */
export interface WeightsSource {
  weights: ReadonlyMap<string, tf.Tensor>;
  config?: StoredCheckpointConfig;
}

/** Lines naming each mismatch between a model's variables and a checkpoint's tensors. */
export function weightDifferences(params: ReadonlyMap<string, tf.Variable>, weights: ReadonlyMap<string, tf.Tensor>): string[] {
  const missing = [...params.keys()].filter((name) => !weights.has(name)).sort();
  const unexpected = [...weights.keys()].filter((name) => !params.has(name)).sort();
  const lines: string[] = [];
  if (missing.length > 0) lines.push(`missing from the checkpoint (${missing.length}): ${missing.join(', ')}`);
  if (unexpected.length > 0) lines.push(`unexpected in the checkpoint (${unexpected.length}): ${unexpected.join(', ')}`);
  for (const [name, variable] of [...params].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const tensor = weights.get(name);
    if (!tensor) continue;
    if (tensor.shape.join('x') !== variable.shape.join('x')) {
      lines.push(`shape of ${name}: checkpoint [${tensor.shape.join(', ')}], model [${variable.shape.join(', ')}]`);
    } else if (tensor.dtype !== variable.dtype) {
      lines.push(`dtype of ${name}: checkpoint ${tensor.dtype}, model ${variable.dtype}`);
    }
  }
  return lines;
}

/**
 * Assigns checkpoint tensors to the model's variables by name. With `model` given and a config in
 * `loaded`, the configs are compared too. Throws CheckpointError 'architecture_mismatch' whose
 * message and `details` list every config key, missing name, unexpected name, shape and dtype that
 * differ; nothing is assigned then. The loaded tensors stay owned by the caller.
 */
export function assignWeights(params: ReadonlyMap<string, tf.Variable>, loaded: WeightsSource, model?: ExpectedConfig): void {
  const differences = [
    ...(model && loaded.config ? configDifferences(loaded.config, model) : []),
    ...weightDifferences(params, loaded.weights),
  ];
  if (differences.length > 0) {
    throw new CheckpointError('architecture_mismatch',
      `the checkpoint does not fit the model (${differences.length} differences):\n  ${differences.join('\n  ')}`,
      undefined, differences);
  }
  for (const [name, variable] of params) variable.assign(loaded.weights.get(name) as tf.Tensor);
}
