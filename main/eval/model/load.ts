/**
 * The model `eval model` scores: a model folder (an exported model or a step checkpoint, as
 * `longshot train` and `train default` write them) loaded through the generation path at the
 * memory rate it was trained at, and the same weights with the memory switched off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from '../../engine/checkpoint/errors';
import { decodeConfig } from '../../engine/checkpoint/config';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { COMPRESSIONS, type CompressionName } from '../../engine/model/config';
import { ModelError } from '../../engine/model/errors';
import { GenerationError } from '../../jobs/generation/errors';
import { loadGenerationModel, type LoadedModel } from '../../jobs/generation/model-source';
import { EvalError } from '../errors';

const MEMORY_GATE = 'memory.gate';

/** The memory rate the model in `dir` was trained at, from its config.json. */
function trainedRate(dir: string): CompressionName {
  const file = join(dir, CHECKPOINT_FILES.config);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new EvalError('invalid_model', `--model ${dir}: no trained model there (cannot read ${file}); give a folder written by `
      + '`longshot train` or `train default`, e.g. assets/models/default', { cause: error });
  }
  const memory = decodeConfig(bytes, file).architecture.memory;
  const rate = typeof memory === 'object' && memory !== null ? (memory as { compression?: unknown }).compression : undefined;
  const known = COMPRESSIONS.find((c) => c === rate);
  if (known === undefined) throw new EvalError('invalid_model', `--model ${dir}: its config names no memory rate (${COMPRESSIONS.join(', ')})`);
  return known;
}

/** Loads the model in `dir` at its trained rate; anything unloadable is an 'invalid_model' EvalError. The caller disposes `model`. */
export function loadTrainedModel(dir: string): LoadedModel {
  try {
    return loadGenerationModel({ kind: 'checkpoint', dir }, trainedRate(dir));
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof GenerationError || error instanceof ModelError) {
      throw new EvalError('invalid_model', `--model ${dir}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Switches the memory off for good: every memory variant multiplies its tokens by the learned
 * scalar gate, so a zero gate gives all-zero tokens at the same positions, exactly the zeroed
 * memory the retrieval scoring uses. Returns false for a model without memory (nothing to zero).
 */
export function zeroMemory(loaded: LoadedModel): boolean {
  const gate = loaded.model.params().get(MEMORY_GATE);
  if (gate === undefined) return false;
  const zero = tf.zerosLike(gate);
  gate.assign(zero);
  zero.dispose();
  return true;
}
