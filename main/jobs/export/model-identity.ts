/**
 * Which exact weights a take was made with, as provenance records them (the model its run's plan
 * pinned, never what the model setting names at export time), and finding those weights again by
 * their hash for a re-render.
 *
 * The hash is the sha256 of the weights in safetensors form: for a model folder, of its
 * `model.safetensors` (the file the store's models table and the checkpoint manifest also hash,
 * and generation checked when it loaded them); for the seeded random stand-in used before a
 * default model exists, of its freshly initialised weights encoded the same way (safetensors
 * sorts tensors by name, so one network gives one hash). Hashing the random model builds it,
 * which needs the engine; the result is cached.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../engine/backend';
import { decodeConfig } from '../../engine/checkpoint/config';
import { CHECKPOINT_FILES } from '../../engine/checkpoint/manifest';
import { encodeSafetensors } from '../../engine/checkpoint/safetensors';
import { tensorsToRaw } from '../../engine/checkpoint/tensors';
import type { CompressionName } from '../../engine/model/config';
import { listModels, type Db } from '../../project/index';
import { loadGenerationModel, sourceKey } from '../generation/model-source';
import type { GenerationPlan } from '../generation/plan';
import {
  DEFAULT_MODEL_DIR, plannedModelSchema, plannedSource, RANDOM_MODEL_SEED, resolveModelSource, type ModelSource, type PlannedModel,
} from '../generation/planned-model';
import { ExportError } from './errors';

/** A model as provenance names it. */
export interface ModelIdentity {
  /** The project's model setting that chose it ('default', a path, 'random:tiny'...). */
  id: string;
  source: ModelSource['kind'];
  preset: string;
  /** The model folder, or null for the random stand-in. */
  path: string | null;
  /** sha256 of the weights (see the file comment). */
  sha256: string;
}

const hashes = new Map<string, string>();

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function randomWeightsHash(source: Extract<ModelSource, { kind: 'random' }>, rate: CompressionName): Promise<string> {
  await initEngine();
  const { model } = loadGenerationModel(source, rate);
  try {
    return sha256(encodeSafetensors(await tensorsToRaw(model.params())));
  } finally {
    model.dispose();
  }
}

/** The identity of the weights `source` gives at memory rate `rate`. */
export async function identifySource(id: string, source: ModelSource, rate: CompressionName): Promise<ModelIdentity> {
  const key = sourceKey(source, rate);
  switch (source.kind) {
    case 'checkpoint': {
      const configFile = join(source.dir, CHECKPOINT_FILES.config);
      const { preset } = decodeConfig(readFileSync(configFile), configFile);
      const weights = join(source.dir, CHECKPOINT_FILES.model);
      const hash = hashes.get(key) ?? sha256(readFileSync(weights));
      hashes.set(key, hash);
      return { id, source: 'checkpoint', preset, path: source.dir, sha256: hash };
    }
    case 'random': {
      const hash = hashes.get(key) ?? (await randomWeightsHash(source, rate));
      hashes.set(key, hash);
      return { id, source: 'random', preset: source.preset, path: null, sha256: hash };
    }
  }
}

/** The identity of the weights a run's plan pinned: the ones its takes were generated with. */
export function plannedIdentity(plan: GenerationPlan): Promise<ModelIdentity> {
  const { model } = plan;
  switch (model.source) {
    case 'checkpoint':
      return Promise.resolve({ id: plan.modelId, source: 'checkpoint', preset: model.preset, path: model.path, sha256: model.sha256 });
    case 'random':
      return identifySource(plan.modelId, plannedSource(model), plan.memoryPreset);
  }
}

/** The identity as a plan pins it, so a new run uses exactly these weights (a re-render). */
export function pinnedIdentity(identity: ModelIdentity): PlannedModel {
  return plannedModelSchema.parse(identity.source === 'checkpoint'
    ? { source: 'checkpoint', path: identity.path, preset: identity.preset, sha256: identity.sha256 }
    : { source: 'random', preset: identity.preset, seed: RANDOM_MODEL_SEED, reason: null });
}

/** The identity of a project's model setting `modelId` (throws GenerationError 'model_not_found'). */
export function identifyModel(db: Db, projectPath: string, modelId: string, rate: CompressionName): Promise<ModelIdentity> {
  return identifySource(modelId, resolveModelSource(db, projectPath, modelId), rate);
}

/**
 * A model setting of project `db` that gives exactly the weights `wanted` names, trying in turn:
 * the same setting, the folder it came from, the shipped default, the project's registered
 * models, the random stand-in of its preset, and `extraDirs` (folders the user points at).
 * Throws ExportError 'model_unavailable' when none has that hash.
 */
export async function findModelByHash(
  db: Db,
  projectPath: string,
  wanted: Pick<ModelIdentity, 'id' | 'path' | 'preset' | 'sha256'>,
  rate: CompressionName,
  extraDirs: readonly string[] = [],
): Promise<ModelIdentity> {
  const candidates = [
    wanted.id,
    ...(wanted.path === null ? [] : [wanted.path]),
    DEFAULT_MODEL_DIR,
    ...listModels(db, 'model').map((m) => m.path),
    `random:${wanted.preset}`,
    ...extraDirs,
  ];
  const tried: string[] = [];
  for (const candidate of new Set(candidates)) {
    let identity: ModelIdentity;
    try {
      identity = await identifyModel(db, projectPath, candidate, rate);
    } catch {
      // Not a usable model setting here (no such folder, not a model): try the next one.
      continue;
    }
    if (identity.sha256 === wanted.sha256) return identity;
    tried.push(`${candidate} (${identity.sha256.slice(0, 12)})`);
  }
  throw new ExportError('model_unavailable', `the model this video was made with (${wanted.id}, ${wanted.preset}, `
    + `sha256 ${wanted.sha256}) is not available here${tried.length > 0 ? `; found only ${tried.join(', ')}` : ''}: `
    + 'install that model or point at its folder with --model DIR');
}
