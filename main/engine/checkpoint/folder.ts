/**
 * Checkpoint folders: save and load a model (and, for training runs, its optimizer and loop
 * state) as
 *
 *   config.json            architecture, preset, vocabulary, training data, metrics, format version
 *   model.safetensors      weights by stable dotted name
 *   optimizer.safetensors  optimizer (and EMA) state, training runs only
 *   state.json             step, RNG state, data cursor..., training runs only
 *   manifest.json          size + sha256 of the files above, written last
 *
 * A save builds the whole folder beside the target under a temporary name (every file written
 * atomically, the folder fsynced, the manifest last) and only then moves it into place, so a crash
 * or a full disk never damages the checkpoint already at `dir`. Replacing an existing folder
 * takes two renames; a crash between them leaves the old one as `.NAME.replaced-*` beside it.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { fsyncDir, tempName, toCheckpointError, writeFileAtomic, type CheckpointIo } from './atomic';
import {
  configDifferences, decodeConfig, encodeConfig,
  type CheckpointConfig, type ExpectedConfig, type StoredCheckpointConfig,
} from './config';
import { CheckpointError } from './errors';
import { assertJson } from './json';
import { CHECKPOINT_FILES, encodeManifest, manifestEntry, readVerifiedFiles, type ManifestEntry } from './manifest';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { rawToTensors, tensorsToRaw } from './tensors';

/** What a checkpoint holds when saved. Tensors stay owned by the caller. */
export interface CheckpointContents {
  config: CheckpointConfig;
  weights: ReadonlyMap<string, tf.Tensor>;
  /** Optimizer and EMA state tensors, for training runs. */
  optimizer?: ReadonlyMap<string, tf.Tensor>;
  /** Plain-JSON loop state (step, RNG state, data cursor...), for training runs. */
  state?: Record<string, unknown>;
}

/** A loaded checkpoint. The caller owns the tensors: dispose them with disposeCheckpoint. */
export interface LoadedCheckpoint {
  dir: string;
  config: StoredCheckpointConfig;
  weights: Map<string, tf.Tensor>;
  optimizer?: Map<string, tf.Tensor>;
  state?: Record<string, unknown>;
}

/** Options of saveCheckpoint. */
export interface SaveOptions {
  /** File-system hooks; tests inject a failing write. */
  io?: CheckpointIo;
}

/** Options of loadCheckpoint. */
export interface LoadOptions {
  /** Refuse the checkpoint (code 'architecture_mismatch') unless its config has these values. */
  expectConfig?: ExpectedConfig;
}

/**
 * PyTorch loaders (transformers' `from_pretrained`) look for format 'pt'; the tensors are plain
 * row-major arrays, which is what that means.
 */
const SAFETENSORS_METADATA = { format: 'pt', producer: 'longshot' };

async function encodeFiles(contents: CheckpointContents): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  files.set(CHECKPOINT_FILES.config, encodeConfig(contents.config));
  files.set(CHECKPOINT_FILES.model, encodeSafetensors(await tensorsToRaw(contents.weights), SAFETENSORS_METADATA));
  if (contents.optimizer) {
    files.set(CHECKPOINT_FILES.optimizer, encodeSafetensors(await tensorsToRaw(contents.optimizer), SAFETENSORS_METADATA));
  }
  if (contents.state) {
    assertJson(contents.state, 'state');
    files.set(CHECKPOINT_FILES.state, Buffer.from(`${JSON.stringify(contents.state)}\n`, 'utf8'));
  }
  return files;
}

function writeFolder(folder: string, files: ReadonlyMap<string, Uint8Array>, io: CheckpointIo): void {
  const entries: ManifestEntry[] = [];
  for (const [name, bytes] of files) {
    writeFileAtomic(join(folder, name), bytes, io);
    entries.push(manifestEntry(name, bytes));
  }
  fsyncDir(folder);
  writeFileAtomic(join(folder, CHECKPOINT_FILES.manifest), encodeManifest(entries), io);
  fsyncDir(folder);
}

/** Moves a finished staging folder to `dir`, replacing what is there. */
function moveIntoPlace(staging: string, dir: string): void {
  const parent = dirname(dir);
  if (!existsSync(dir)) {
    renameSync(staging, dir);
    fsyncDir(parent);
    return;
  }
  const replaced = tempName(join(parent, `.${basename(dir)}`), 'replaced');
  renameSync(dir, replaced);
  try {
    renameSync(staging, dir);
  } catch (error) {
    renameSync(replaced, dir);
    throw error;
  }
  fsyncDir(parent);
  rmSync(replaced, { recursive: true, force: true });
}

/**
 * Saves a checkpoint folder at `dir` (created or replaced whole). Throws CheckpointError:
 * 'disk_full' (the previous checkpoint at `dir` is left intact), 'invalid_input', 'io'.
 */
export async function saveCheckpoint(dir: string, contents: CheckpointContents, options: SaveOptions = {}): Promise<void> {
  const files = await encodeFiles(contents);
  const staging = tempName(join(dirname(dir), `.${basename(dir)}`), 'staging');
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(staging);
    writeFolder(staging, files, options.io ?? {});
    moveIntoPlace(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const cause = toCheckpointError(error, dir, 'saving checkpoint');
    throw new CheckpointError(cause.code, `could not save checkpoint ${dir}, which is left as it was: ${cause.message}`, dir, cause.details);
  }
}

/** Checks a folder's manifest and every file's size and sha256 without parsing tensors. */
export function verifyCheckpoint(dir: string): void {
  readVerifiedFiles(dir);
}

function decodeState(bytes: Uint8Array, file: string): Record<string, unknown> {
  try {
    const state: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof state === 'object' && state !== null && !Array.isArray(state)) return state as Record<string, unknown>;
  } catch {
    // Reported below with the same message as a non-object.
  }
  throw new CheckpointError('invalid_format', `${file} is not a JSON object`, file);
}

/**
 * Loads and verifies a checkpoint folder. Throws CheckpointError: 'not_found', 'torn',
 * 'tampered', 'unsupported_version', 'invalid_format', 'architecture_mismatch' (with every
 * differing config key in `details`) when `expectConfig` does not match.
 */
export function loadCheckpoint(dir: string, options: LoadOptions = {}): LoadedCheckpoint {
  const files = readVerifiedFiles(dir);
  const path = (name: string): string => join(dir, name);
  const config = decodeConfig(files.get(CHECKPOINT_FILES.config) as Buffer, path(CHECKPOINT_FILES.config));
  if (options.expectConfig) {
    const differences = configDifferences(config, options.expectConfig);
    if (differences.length > 0) {
      throw new CheckpointError('architecture_mismatch',
        `checkpoint ${dir} has a different config than expected:\n  ${differences.join('\n  ')}`, dir, differences);
    }
  }
  const tensorsOf = (name: string): Map<string, tf.Tensor> | undefined => {
    const bytes = files.get(name);
    return bytes && rawToTensors(decodeSafetensors(bytes, path(name)).tensors);
  };
  const stateBytes = files.get(CHECKPOINT_FILES.state);
  const state = stateBytes && decodeState(stateBytes, path(CHECKPOINT_FILES.state));
  const weights = tensorsOf(CHECKPOINT_FILES.model) as Map<string, tf.Tensor>;
  let optimizer: Map<string, tf.Tensor> | undefined;
  try {
    optimizer = tensorsOf(CHECKPOINT_FILES.optimizer);
  } catch (error) {
    for (const tensor of weights.values()) tensor.dispose();
    throw error;
  }
  return { dir, config, weights, ...(optimizer && { optimizer }), ...(state && { state }) };
}

/** Disposes every tensor of a loaded checkpoint. */
export function disposeCheckpoint(loaded: LoadedCheckpoint): void {
  for (const tensor of loaded.weights.values()) tensor.dispose();
  for (const tensor of loaded.optimizer?.values() ?? []) tensor.dispose();
}
