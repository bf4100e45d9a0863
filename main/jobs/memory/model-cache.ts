/**
 * One loaded model kept between memory inspections, so scrubbing through the timeline does not
 * rebuild the network for every frame. It is keyed by the source's weights on disk (folder,
 * size, modification time) and the memory rate, and replaced when either changes.
 */
import type { CompressionName } from '../../engine/model/config';
import { loadGenerationModel, sourceKey, type LoadedModel, type ModelSource } from '../generation/model-source';

let cached: { key: string; loaded: LoadedModel } | null = null;

/** The model of `source` at `rate`, loaded once and kept (do not dispose it). */
export function cachedModel(source: ModelSource, rate: CompressionName): LoadedModel {
  const key = sourceKey(source, rate);
  if (cached?.key === key) return cached.loaded;
  releaseCachedModel();
  cached = { key, loaded: loadGenerationModel(source, rate) };
  return cached.loaded;
}

/** Frees the kept model (tests, and hosts that want its memory back). */
export function releaseCachedModel(): void {
  cached?.loaded.model.dispose();
  cached = null;
}
