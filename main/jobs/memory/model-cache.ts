/**
 * One loaded model kept between memory inspections, so scrubbing through the timeline does not
 * rebuild the network for every frame. It is keyed by the planned model (the exact weights, by
 * their hash) and the memory rate, and replaced when either changes.
 */
import type { CompressionName } from '../../engine/model/config';
import { loadPlannedModel, type LoadedModel } from '../generation/model-source';
import type { PlannedModel } from '../generation/planned-model';

let cached: { key: string; loaded: LoadedModel } | null = null;

/** The planned model at `rate`, loaded once and kept (do not dispose it). */
export function cachedModel(model: PlannedModel, rate: CompressionName): LoadedModel {
  const key = JSON.stringify([model, rate]);
  if (cached?.key === key) return cached.loaded;
  releaseCachedModel();
  cached = { key, loaded: loadPlannedModel(model, rate) };
  return cached.loaded;
}

/** Frees the kept model (tests, and hosts that want its memory back). */
export function releaseCachedModel(): void {
  cached?.loaded.model.dispose();
  cached = null;
}
